import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { before, describe, it } from 'node:test';

import type { RunRecord, TaskRunRecord } from '../../src/store/run-history.ts';
import { tempDir } from '../support/paths.ts';
import { runCli, writeFlawedInputs, type CliResult, type FlawedInputs } from './cli-process.ts';

function runIdOf(result: CliResult): string {
  const match = /^run (\S+) /m.exec(result.stdout);
  assert.ok(match, `no run line in: ${result.stdout}`);
  return match[1]!;
}

async function recordOf(dataDir: string, runId: string): Promise<RunRecord> {
  const result = await runCli(['runs', runId, '--data-dir', dataDir, '--json']);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as RunRecord;
}

function taskOf(run: RunRecord, name: string): TaskRunRecord {
  const task = run.tasks.find((t) => t.task === name);
  assert.ok(task, `no task ${name}`);
  return task;
}

describe('aodflow run on flawed inputs', () => {
  let inputs: FlawedInputs;
  let dataDir: string;
  let first: CliResult;
  let runId: string;
  let record: RunRecord;

  before(async () => {
    const root = await tempDir();
    inputs = await writeFlawedInputs(join(root, 'in'));
    dataDir = join(root, 'data');
    first = await runCli(['run', '--input', inputs.folder, '--data-dir', dataDir]);
    runId = runIdOf(first);
    record = await recordOf(dataDir, runId);
  });

  it('completes with exit code 0', () => {
    assert.equal(first.code, 0, first.stderr);
    assert.equal(record.state, 'completed');
  });

  it('prints the cut line warning', () => {
    const warning =
      `    ${inputs.cutFile} line ${inputs.cutLine}: expected 113 fields, got 8: ` +
      'the last line is cut short; the row is quarantined as truncated_row';

    assert.ok(first.stdout.includes('\n  warnings (1):\n'), first.stdout);
    assert.ok(first.stdout.includes(`\n${warning}\n`), first.stdout);
  });

  it('summarizes quarantine by reason', () => {
    const folder = join(dataDir, 'quarantine', runId);
    const malformed = `${basename(inputs.malformedFile)}:${inputs.malformedLine}`;

    assert.ok(first.stdout.includes(`  quarantine: `), first.stdout);
    assert.ok(first.stdout.includes(`set aside; full records in ${folder}\n`), first.stdout);
    assert.match(
      first.stdout,
      new RegExp(`\\n    malformed_row +1 row  ${malformed} \\(AOD_1020nm: expected a number`),
    );
    assert.match(
      first.stdout,
      new RegExp(`\\n    truncated_row +1 row  ${basename(inputs.cutFile)}:${inputs.cutLine} `),
    );
  });

  it('names the skipped file', () => {
    assert.ok(
      first.stdout.includes(
        '\n  skipped 1 file that is neither AERONET data nor a site list: notes.txt\n',
      ),
      first.stdout,
    );
  });

  it('records warnings and quarantine in ingest details', () => {
    const ingest = taskOf(record, 'ingest');

    assert.equal((ingest.details.warnings as string[]).length, 1);
    assert.deepEqual(ingest.details.skipped, [join(inputs.folder, 'notes.txt')]);
    assert.deepEqual(ingest.details.quarantine, {
      malformed_row: {
        rows: 1,
        examples: [
          {
            source: inputs.malformedFile,
            line: inputs.malformedLine,
            detail: 'AOD_1020nm: expected a number or -999, got "0.1x2"',
          },
        ],
      },
      truncated_row: {
        rows: 1,
        examples: [
          {
            source: inputs.cutFile,
            line: inputs.cutLine,
            detail: 'expected 113 fields, got 8: the last line is cut short',
          },
        ],
      },
    });
  });

  it('records quarantine counts in clean details', () => {
    const clean = taskOf(record, 'clean');
    const removed = clean.details.removed as Record<string, number>;
    const quarantine = clean.details.quarantine as Record<string, { rows: number }>;

    for (const [reason, rows] of Object.entries(removed)) {
      assert.equal(quarantine[reason]?.rows ?? 0, rows, reason);
    }
  });

  it('prints the model scores and version', () => {
    const model = taskOf(record, 'model');
    const version = model.details.modelVersion as string;
    const cleaned = taskOf(record, 'clean').rowsOut!.toLocaleString('en-US');

    assert.ok(
      first.stdout.includes(
        `\n  model  ${version} fitted on the ${cleaned} cleaned rows of this run's inputs\n`,
      ),
      first.stdout,
    );
    assert.match(
      first.stdout,
      /\n {9}test R² -?\d\.\d{3}, RMSE \d\.\d{3}, MAE \d\.\d{3} on ln AOD at 550 nm; rows train [\d,]+, test [\d,]+\n/,
    );
  });

  it('writes JSON logs to the run log file', () => {
    const logFile = join(dataDir, 'logs', `${runId}.jsonl`);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');

    assert.equal((JSON.parse(lines[0]!) as { msg: string }).msg, 'flow run started');
    assert.ok(first.stdout.includes(`\n  log    ${logFile}\n`), first.stdout);
    assert.ok(!first.stderr.includes('{"level"'), first.stderr);
  });

  it('shows the log file for one run', async () => {
    const result = await runCli(['runs', runId, '--data-dir', dataDir]);

    assert.equal(result.code, 0);
    assert.ok(result.stdout.includes(`\n  log    ${join(dataDir, 'logs', `${runId}.jsonl`)}\n`));
  });

  it('reports a re-run as unchanged rows', async () => {
    const again = await runCli(['run', '--input', inputs.folder, '--data-dir', dataDir]);
    const store = taskOf(await recordOf(dataDir, runIdOf(again)), 'store');
    const rows = store.rowsIn!;

    assert.equal(again.code, 0, again.stderr);
    assert.equal(store.rowsOut, rows);
    assert.ok(
      again.stdout.includes(`added 0, replaced 0, unchanged ${rows.toLocaleString('en-US')}\n`),
      again.stdout,
    );
  });

  it('models all stored rows with scope store', async () => {
    const other = await tempDir();
    const onlyMongu = join(other, basename(inputs.malformedFile));
    await writeFile(onlyMongu, readFileSync(inputs.malformedFile));

    const result = await runCli([
      'run',
      '--input',
      onlyMongu,
      '--data-dir',
      dataDir,
      '--scope',
      'store',
    ]);
    const run = await recordOf(dataDir, runIdOf(result));

    assert.equal(result.code, 0, result.stderr);
    assert.equal(run.parameters.scope, 'store');
    assert.equal(taskOf(run, 'clean').rowsIn, taskOf(record, 'clean').rowsIn);
    assert.ok(taskOf(run, 'ingest').rowsOut! < taskOf(run, 'clean').rowsIn!);
    assert.match(result.stdout, /cleaned rows of all stored observations\n/);
  });
});

describe('aodflow run failures', () => {
  it('prints a task error once', async () => {
    const root = await tempDir();
    const page = join(root, 'Dakar.lev20');
    await writeFile(page, '<html><body>Service unavailable</body></html>\n');

    const result = await runCli(['run', '--input', page, '--data-dir', join(root, 'data')]);
    const output = result.stdout + result.stderr;

    assert.equal(result.code, 2);
    assert.equal(output.split('AOD_FILE_HTML').length - 1, 1, output);
    assert.match(result.stderr, /^ {2}✘ ingest {3}AOD_FILE_HTML: expected AERONET data/);
    assert.match(result.stdout, /^run \S+ failed in /);
  });

  it('sends JSON logs to stderr on request', async () => {
    const root = await tempDir();
    const page = join(root, 'Dakar.lev20');
    await writeFile(page, '<html></html>\n');

    const result = await runCli([
      'run',
      '--input',
      page,
      '--data-dir',
      join(root, 'data'),
      '--log-stderr',
    ]);
    const jsonLines = result.stderr.split('\n').filter((line) => line.startsWith('{'));

    assert.equal(result.code, 2);
    assert.deepEqual(
      jsonLines.map((line) => (JSON.parse(line) as { msg: string }).msg),
      ['flow run started', 'task attempt started', 'task failed', 'flow run finished'],
    );
    assert.ok(!existsSync(join(root, 'data', 'logs')));
  });

  it('rejects an invalid log level', async () => {
    const root = await tempDir();

    const result = await runCli(['run', '--data-dir', join(root, 'data')], {
      AODFLOW_LOG_LEVEL: 'verbose',
    });

    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      'aodflow: AOD_CONFIG_INVALID: AODFLOW_LOG_LEVEL: expected one of trace, debug, info, ' +
        'warn, error, fatal, silent, got "verbose"\n',
    );
    assert.ok(!existsSync(join(root, 'data')));
  });
});

describe('aodflow number options', () => {
  const cases = [
    [['run', '--workers', 'abc'], '--workers: expected an integer from 1 to 16, got "abc"'],
    [['run', '--workers', '17'], '--workers: expected an integer from 1 to 16, got "17"'],
    [['serve', '--port', '65536'], '--port: expected an integer from 0 to 65535, got "65536"'],
    [['runs', '--limit', '0'], '--limit: expected a positive integer, got "0"'],
    [['run', '--scope', 'all'], '--scope: expected one of inputs, store, got "all"'],
  ] as const;

  for (const [args, message] of cases) {
    it(`rejects ${args.join(' ')} before any work`, async () => {
      const root = await tempDir();
      const dataDir = join(root, 'data');

      const result = await runCli([...args, '--data-dir', dataDir]);

      assert.equal(result.code, 2);
      assert.equal(result.stderr, `aodflow: AOD_CONFIG_INVALID: ${message}\n`);
      assert.ok(!existsSync(dataDir), 'the data directory is not created');
    });
  }
});
