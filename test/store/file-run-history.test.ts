import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { pino } from 'pino';

import { BadInputError, NotFoundError } from '../../src/errors.ts';
import { FileRunHistory, newRunId } from '../../src/store/file-run-history.ts';
import { tempDir } from '../support/paths.ts';
import { startChild } from './child-process.ts';
import { runRecord } from './run-fixtures.ts';

let dir: string;
let runsDir: string;

beforeEach(async () => {
  dir = await tempDir('aodflow-runs-');
  runsDir = join(dir, 'runs');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('saved run reads back whole', async () => {
  const history = new FileRunHistory(runsDir);
  const run = {
    ...runRecord('20260101T000000Z-aaaaaa', '2026-01-01T00:00:00.000Z'),
    parameters: { inputs: ['Dakar.lev15'] },
    tasks: [
      {
        task: 'ingest',
        state: 'completed' as const,
        attempts: 1,
        startedAt: '2026-01-01T00:00:00.000Z',
        endedAt: '2026-01-01T00:00:01.000Z',
        durationMs: 1000,
        rowsIn: 10,
        rowsOut: 9,
        error: null,
        details: { files: 1 },
      },
    ],
  };

  await history.saveRun(run);

  assert.deepEqual(await history.getRun(run.runId), run);
});

test('save replaces the record', async () => {
  const history = new FileRunHistory(runsDir);
  const run = runRecord('20260101T000000Z-aaaaaa', '2026-01-01T00:00:00.000Z');

  await history.saveRun({ ...run, state: 'running' });
  await history.saveRun(run);

  assert.equal((await history.getRun(run.runId)).state, 'completed');
  assert.deepEqual(await readdir(runsDir), ['20260101T000000Z-aaaaaa.json']);
});

test('lists newest first with a limit', async () => {
  const history = new FileRunHistory(runsDir);
  await history.saveRun(runRecord('b', '2026-01-02T00:00:00.000Z'));
  await history.saveRun(runRecord('c', '2026-01-03T00:00:00.000Z'));
  await history.saveRun(runRecord('a', '2026-01-01T00:00:00.000Z'));

  const all = await history.listRuns();
  const two = await history.listRuns({ limit: 2 });

  assert.deepEqual(
    all.map((r) => r.runId),
    ['c', 'b', 'a'],
  );
  assert.deepEqual(
    two.map((r) => r.runId),
    ['c', 'b'],
  );
});

test('missing folder lists no runs', async () => {
  assert.deepEqual(await new FileRunHistory(runsDir).listRuns(), []);
});

test('unknown run id is not found', async () => {
  const history = new FileRunHistory(runsDir);

  for (const runId of ['20260101T000000Z-ffffff', '../etc/passwd']) {
    await assert.rejects(history.getRun(runId), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.code, 'AOD_RUN_NOT_FOUND');
      assert.equal(error.statusCode, 404);
      assert.equal(
        error.message,
        `no run with id ${JSON.stringify(runId)}; list runs with \`aodflow runs\``,
      );
      return true;
    });
  }
});

test('rejects saving an unsafe run id', async () => {
  const history = new FileRunHistory(runsDir);

  await assert.rejects(history.saveRun(runRecord('a/b', '2026-01-01T00:00:00.000Z')), {
    name: 'BadInputError',
    code: 'AOD_RUN_ID_INVALID',
  });
});

test('corrupt run file is skipped', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
  const history = new FileRunHistory(runsDir, { logger });
  await history.saveRun(runRecord('good', '2026-01-01T00:00:00.000Z'));
  await writeFile(join(runsDir, 'broken.json'), '{"runId": "broken", ');
  await writeFile(join(runsDir, 'wrong-shape.json'), '[1, 2]');

  const runs = await history.listRuns();

  assert.deepEqual(
    runs.map((r) => r.runId),
    ['good'],
  );
  const warnings = lines.map((line) => JSON.parse(line) as { msg: string; file: string });
  assert.deepEqual(warnings.map((w) => w.msg).sort(), [
    'skipped an unreadable run record',
    'skipped an unreadable run record',
  ]);
  assert.deepEqual(warnings.map((w) => w.file).sort(), [
    join(runsDir, 'broken.json'),
    join(runsDir, 'wrong-shape.json'),
  ]);
  await assert.rejects(history.getRun('broken'), (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_STORE_CORRUPT');
    return true;
  });
});

test('two processes saving runs list all', async () => {
  const children = [
    startChild(['save-runs', runsDir, 'first', '25']),
    startChild(['save-runs', runsDir, 'second', '25']),
  ];

  const exits = await Promise.all(children.map((child) => child.exited));
  const runs = await new FileRunHistory(runsDir).listRuns();

  assert.deepEqual(exits, [
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
  assert.equal(runs.length, 50);
  assert.equal(runs.filter((r) => r.runId.startsWith('first-')).length, 25);
  assert.equal(runs.filter((r) => r.runId.startsWith('second-')).length, 25);
  assert.deepEqual(
    (await readdir(runsDir)).filter((name) => !name.endsWith('.json')),
    [],
  );
});

test('run ids sort by start time', () => {
  const earlier = newRunId(new Date('2026-12-04T15:30:00.900Z'));
  const later = newRunId(new Date('2026-12-04T15:30:01.000Z'));

  assert.match(earlier, /^20261204T153000Z-[0-9a-f]{6}$/);
  assert.match(later, /^20261204T153001Z-[0-9a-f]{6}$/);
  assert.ok(earlier < later);
  assert.notEqual(newRunId(), newRunId());
});
