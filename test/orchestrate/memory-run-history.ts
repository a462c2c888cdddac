import { NotFoundError } from '../../src/errors.ts';
import type { RunHistory, RunRecord } from '../../src/store/run-history.ts';

/** Run history kept in memory, recording every saved state for assertions. */
export class MemoryRunHistory implements RunHistory {
  readonly saves: RunRecord[] = [];
  private readonly runs = new Map<string, RunRecord>();

  async saveRun(run: RunRecord): Promise<void> {
    const copy = structuredClone(run);
    this.saves.push(copy);
    this.runs.set(run.runId, copy);
  }

  async getRun(runId: string): Promise<RunRecord> {
    const run = this.runs.get(runId);
    if (!run) throw new NotFoundError('AOD_RUN_NOT_FOUND', `no run ${runId}`);
    return run;
  }

  async listRuns(): Promise<RunRecord[]> {
    return [...this.runs.values()].reverse();
  }
}
