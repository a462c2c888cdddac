import type { RunRecord } from '../../src/store/run-history.ts';

/** Returns a completed run record with no tasks. */
export function runRecord(runId: string, startedAt: string): RunRecord {
  return {
    runId,
    flow: 'aod',
    state: 'completed',
    startedAt,
    endedAt: startedAt,
    durationMs: 0,
    parameters: {},
    tasks: [],
    error: null,
    dataVersion: null,
  };
}
