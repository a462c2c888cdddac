import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { RequestGate } from '../../../src/ingest/service/request-gate.ts';
import { FAKE_START_MS, fakeTime } from './service-fixtures.ts';

/** A task the test finishes by hand, recording when it started. */
function controlledTask(log: string[], name: string, clock: () => number) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const task = async () => {
    log.push(`${name} start ${clock() - FAKE_START_MS}`);
    await done;
    log.push(`${name} end`);
    return name;
  };
  return { task, finish };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('RequestGate', () => {
  test('at most two in flight', async () => {
    const time = fakeTime();
    const gate = new RequestGate({ maxConcurrent: 2, minIntervalMs: 0, ...time });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => controlledTask(log, name, time.clock));

    const runs = tasks.map(({ task }) => gate.run(task));
    await settle();
    const beforeFinish = [...log];
    tasks[1]!.finish();
    await settle();
    tasks[0]!.finish();
    tasks[2]!.finish();

    assert.deepEqual(await Promise.all(runs), ['a', 'b', 'c']);
    assert.deepEqual(beforeFinish, ['a start 0', 'b start 0']);
    assert.deepEqual(log.slice(2, 4), ['b end', 'c start 0']);
    assert.equal(gate.inFlight, 0);
  });

  test('starts spaced by the interval', async () => {
    const time = fakeTime();
    const gate = new RequestGate({ maxConcurrent: 5, minIntervalMs: 1000, ...time });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name) => controlledTask(log, name, time.clock));

    const runs = tasks.map(({ task }) => gate.run(task));
    for (const { finish } of tasks) finish();
    await Promise.all(runs);

    assert.deepEqual(
      log.filter((entry) => entry.includes('start')),
      ['a start 0', 'b start 1000', 'c start 2000'],
    );
    assert.deepEqual(time.sleeps, [1000, 2000]);
  });

  test('no wait after a quiet spell', async () => {
    const time = fakeTime();
    const gate = new RequestGate({ maxConcurrent: 1, minIntervalMs: 1000, ...time });

    await gate.run(async () => 'first');
    await time.sleep(5000);
    await gate.run(async () => 'second');

    assert.deepEqual(time.sleeps, [5000]);
  });

  test('failed task frees its slot', async () => {
    const gate = new RequestGate({ maxConcurrent: 1, minIntervalMs: 0, ...fakeTime() });

    await assert.rejects(
      gate.run(async () => {
        throw new Error('boom');
      }),
      /boom/,
    );

    assert.equal(await gate.run(async () => 'next'), 'next');
    assert.equal(gate.inFlight, 0);
  });

  test('zero slots rejected', () => {
    assert.throws(() => new RequestGate({ maxConcurrent: 0 }), {
      name: 'BadInputError',
      message: 'request gate maxConcurrent: expected an integer of at least 1, got 0',
    });
  });
});
