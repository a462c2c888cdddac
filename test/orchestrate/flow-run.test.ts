import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { BadInputError, TransientError } from '../../src/errors.ts';
import { FlowRun, RunCancelledError, type FlowEvent } from '../../src/orchestrate/flow-run.ts';
import type { RunRecord } from '../../src/store/run-history.ts';
import { MemoryRunHistory } from './memory-run-history.ts';

function newFlow(history: MemoryRunHistory, events: FlowEvent[] = [], sleeps: number[] = []) {
  return new FlowRun({
    runId: 'run-1',
    flow: 'aod',
    parameters: { inputs: ['a.lev20'] },
    history,
    onEvent: (event) => events.push(event),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
}

describe('FlowRun', () => {
  it('records a completed task with rows and details', async () => {
    const history = new MemoryRunHistory();
    const flow = newFlow(history);
    await flow.start();

    const value = await flow.task('ingest', async () => ({
      value: 42,
      rowsIn: 10,
      rowsOut: 9,
      details: { files: 1 },
    }));
    const run = await flow.finish();

    assert.equal(value, 42);
    assert.equal(run.state, 'completed');
    assert.equal(run.tasks[0]!.state, 'completed');
    assert.equal(run.tasks[0]!.attempts, 1);
    assert.equal(run.tasks[0]!.rowsIn, 10);
    assert.equal(run.tasks[0]!.rowsOut, 9);
    assert.deepEqual(run.tasks[0]!.details, { files: 1 });
    assert.equal((await history.getRun('run-1')).state, 'completed');
  });

  it('retries a transient failure then succeeds', async () => {
    const history = new MemoryRunHistory();
    const events: FlowEvent[] = [];
    const sleeps: number[] = [];
    const flow = newFlow(history, events, sleeps);
    await flow.start();

    let calls = 0;
    await flow.task(
      'store',
      async () => {
        calls++;
        if (calls < 3) throw new TransientError('AOD_STORE_LOCKED', 'lock held');
        return { value: 'ok' };
      },
      { retry: { retries: 2, baseDelayMs: 100, factor: 2, jitter: 0 } },
    );

    assert.equal(calls, 3);
    assert.deepEqual(sleeps, [100, 200]);
    assert.equal(flow.record.tasks[0]!.attempts, 3);
    assert.equal(flow.record.tasks[0]!.error, null);
    assert.deepEqual(
      events.filter((e) => e.type === 'task-retrying').map((e) => e.attempt),
      [1, 2],
    );
    assert.ok(history.saves.some((run) => run.tasks[0]?.state === 'retrying'));
  });

  it('does not retry bad input', async () => {
    const history = new MemoryRunHistory();
    const flow = newFlow(history);
    await flow.start();

    let calls = 0;
    await assert.rejects(
      flow.task('ingest', async () => {
        calls++;
        throw new BadInputError('AOD_FILE_EMPTY', 'x.lev20 is empty');
      }),
      { name: 'BadInputError', message: 'task ingest failed: x.lev20 is empty' },
    );
    const run = await flow.finish(new Error('stopped'));

    assert.equal(calls, 1);
    assert.equal(run.tasks[0]!.state, 'failed');
    assert.equal(run.tasks[0]!.error, 'AOD_FILE_EMPTY: x.lev20 is empty');
    assert.equal(run.state, 'failed');
  });

  it('fails after the last retry', async () => {
    const history = new MemoryRunHistory();
    const flow = newFlow(history);
    await flow.start();

    await assert.rejects(
      flow.task(
        'store',
        async () => {
          throw new TransientError('AOD_STORE_LOCKED', 'lock held');
        },
        { retry: { retries: 1 } },
      ),
      { code: 'AOD_STORE_LOCKED' },
    );
    assert.equal(flow.record.tasks[0]!.attempts, 2);
    assert.equal(flow.record.tasks[0]!.state, 'failed');
  });

  it('cancel marks the running task', async () => {
    const history = new MemoryRunHistory();
    const events: FlowEvent[] = [];
    const flow = newFlow(history, events);
    await flow.start();
    await flow.task('ingest', async () => ({ value: 1 }));

    let release!: () => void;
    const running = flow.task('profile', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: 2, rowsOut: 5 };
    });
    const run = await flow.cancel(RunCancelledError.fromSignal('SIGINT'));
    release();

    await assert.rejects(running, { code: 'AOD_RUN_CANCELLED', message: 'cancelled by SIGINT' });
    assert.equal(run.state, 'cancelled');
    assert.equal(run.error, 'AOD_RUN_CANCELLED: cancelled by SIGINT');
    assert.deepEqual(
      run.tasks.map((task) => [task.task, task.state, task.error]),
      [
        ['ingest', 'completed', null],
        ['profile', 'cancelled', 'AOD_RUN_CANCELLED: cancelled by SIGINT'],
      ],
    );
    assert.equal(run.tasks[1]!.rowsOut, null);
    assert.deepEqual(
      events.filter((e) => e.type === 'task-cancelled').map((e) => e.task),
      ['profile'],
    );
  });

  it('keeps the cancelled record final', async () => {
    const history = new MemoryRunHistory();
    const flow = newFlow(history);
    await flow.start();

    await flow.cancel(RunCancelledError.fromSignal('SIGTERM'));
    await assert.rejects(
      flow.task('model', async () => ({ value: 1 })),
      {
        message: 'cancelled by SIGTERM',
      },
    );
    await flow.finish();

    assert.equal(flow.record.tasks.length, 0);
    assert.equal(history.saves.at(-1)!.state, 'cancelled');
    assert.equal((await history.getRun('run-1')).error, 'AOD_RUN_CANCELLED: cancelled by SIGTERM');
  });

  it('saves states in call order', async () => {
    const memory = new MemoryRunHistory();
    let calls = 0;
    let firstSaveStarted!: () => void;
    const firstSave = new Promise<void>((resolve) => (firstSaveStarted = resolve));
    // The first save is slow, so an unordered second save would finish before it.
    const history = {
      saveRun: async (run: RunRecord) => {
        const copy = structuredClone(run);
        if (calls++ === 0) {
          firstSaveStarted();
          await new Promise((resolve) => setTimeout(resolve, 30));
        }
        await memory.saveRun(copy);
      },
      getRun: (runId: string) => memory.getRun(runId),
      listRuns: () => memory.listRuns(),
    };
    const flow = new FlowRun({ runId: 'run-2', flow: 'aod', parameters: {}, history });

    const started = flow.start();
    await firstSave;
    await flow.cancel(RunCancelledError.fromSignal('SIGINT'));
    await started;

    assert.deepEqual(
      memory.saves.map((run) => run.state),
      ['running', 'cancelled'],
    );
    assert.equal((await memory.getRun('run-2')).state, 'cancelled');
  });
});
