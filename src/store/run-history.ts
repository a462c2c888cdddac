/**
 * Run history records: one flow run with its task runs. Several processes read and write the
 * history at once, so every implementation must make each record update atomic.
 */

/**
 * States a run or task run moves through, in the words Prefect users know. `cancelled` ends a
 * run stopped from outside (SIGINT, SIGTERM) and the task it was running.
 */
export type RunState =
  'pending' | 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled' | 'cached';

export interface TaskRunRecord {
  task: string;
  state: RunState;
  /** Attempts started so far, 1-based. */
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  rowsIn: number | null;
  rowsOut: number | null;
  /** `CODE: message` of the last failed attempt. */
  error: string | null;
  /** Small task-specific facts for the summary (counts, paths, versions). */
  details: Record<string, unknown>;
}

export interface RunRecord {
  runId: string;
  flow: string;
  state: RunState;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  /** Command-line parameters the run was started with. */
  parameters: Record<string, unknown>;
  tasks: TaskRunRecord[];
  error: string | null;
  /** Fingerprint of the observation data the run worked on. */
  dataVersion: string | null;
}

export interface RunHistory {
  /** Creates or replaces the record of `run.runId` atomically. */
  saveRun(run: RunRecord): Promise<void>;
  getRun(runId: string): Promise<RunRecord>;
  /** Lists runs, newest first. */
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>;
}
