import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import type { RunRecord } from '../../src/store/run-history.ts';
import { tempDir } from '../support/paths.ts';
import { startCli, writeFlawedInputs } from './cli-process.ts';

function onlyRun(dataDir: string): RunRecord {
  const runsDir = join(dataDir, 'runs');
  const files = readdirSync(runsDir).filter((name) => name.endsWith('.json'));
  assert.equal(files.length, 1);
  return JSON.parse(readFileSync(join(runsDir, files[0]!), 'utf8')) as RunRecord;
}

/** Polls the saved run until task `name` is running. */
async function waitForRunningTask(dataDir: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const run = onlyRun(dataDir);
    if (run.tasks.some((task) => task.task === name && task.state === 'running')) return;
    await sleep(10);
  }
  throw new Error(`task ${name} did not start within 10 s`);
}

describe('aodflow run cancelled by a signal', () => {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`saves the run cancelled on ${signal}`, async () => {
      const root = await tempDir();
      const inputs = await writeFlawedInputs(join(root, 'in'));
      const dataDir = join(root, 'data');
      const cli = startCli(['run', '--input', inputs.folder, '--data-dir', dataDir]);

      // The profile task renders charts for about a second, so the signal lands inside it.
      await cli.waitForStderr('✔ clean');
      await waitForRunningTask(dataDir, 'profile');
      cli.child.kill(signal);
      const result = await cli.result;
      const run = onlyRun(dataDir);
      const error = `AOD_RUN_CANCELLED: cancelled by ${signal}`;

      assert.equal(result.code, exitCode);
      assert.equal(run.state, 'cancelled');
      assert.equal(run.error, error);
      assert.notEqual(run.endedAt, null);
      assert.deepEqual(
        run.tasks.map((task) => [task.task, task.state]),
        [
          ['ingest', 'completed'],
          ['store', 'completed'],
          ['clean', 'completed'],
          ['profile', 'cancelled'],
        ],
      );
      assert.equal(run.tasks[3]!.error, error);
      const logFile = join(dataDir, 'logs', `${run.runId}.jsonl`);
      assert.ok(
        result.stderr.endsWith(`run ${run.runId} cancelled by ${signal}; log ${logFile}\n`),
        result.stderr,
      );
    });
  }
});
