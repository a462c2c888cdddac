/**
 * Run history as files: one JSON record per run, `<runsDir>/<runId>.json`. Each save replaces
 * its file atomically, so several processes can save and list runs at once, and a reader never
 * sees half a record.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError, NotFoundError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { RunHistory, RunRecord } from './run-history.ts';
import { assertRunId, isValidRunId } from './run-id.ts';
import { errorCode } from './write-lock.ts';

export { newRunId } from './run-id.ts';

const EXTENSION = '.json';

export class FileRunHistory implements RunHistory {
  private readonly runsDir: string;
  private readonly logger: Logger;

  /** `runsDir` is created on the first save. */
  constructor(runsDir: string, options: { logger?: Logger } = {}) {
    this.runsDir = runsDir;
    this.logger = options.logger ?? silentLogger;
  }

  async saveRun(run: RunRecord): Promise<void> {
    assertRunId(run.runId);

    await mkdir(this.runsDir, { recursive: true });
    await writeFileAtomic(this.pathOf(run.runId), `${JSON.stringify(run, null, 2)}\n`);
  }

  async getRun(runId: string): Promise<RunRecord> {
    if (!isValidRunId(runId)) throw notFound(runId);

    try {
      return await readRecord(this.pathOf(runId));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') throw notFound(runId);
      throw error;
    }
  }

  /** Lists runs newest first by start time; unreadable files are logged and skipped. */
  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    const names = await this.listRunFiles();
    const runs: RunRecord[] = [];

    for (const name of names) {
      const path = join(this.runsDir, name);
      try {
        runs.push(await readRecord(path));
      } catch (error) {
        // A file removed between the listing and the read is a deleted run, not a fault.
        if (errorCode(error) === 'ENOENT') continue;
        this.logger.warn({ err: error, file: path }, 'skipped an unreadable run record');
      }
    }

    runs.sort(newestFirst);
    return options.limit === undefined ? runs : runs.slice(0, Math.max(0, options.limit));
  }

  private pathOf(runId: string): string {
    return join(this.runsDir, `${runId}${EXTENSION}`);
  }

  private async listRunFiles(): Promise<string[]> {
    try {
      const names = await readdir(this.runsDir);
      return names.filter((name) => name.endsWith(EXTENSION) && !name.startsWith('.'));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
  }
}

async function readRecord(path: string): Promise<RunRecord> {
  const text = await readFile(path, 'utf8');

  let parsed: Partial<RunRecord>;
  try {
    parsed = JSON.parse(text) as Partial<RunRecord>;
  } catch (error) {
    throw corrupt(path, 'it is not valid JSON', error);
  }

  const valid =
    typeof parsed === 'object' &&
    parsed !== null &&
    typeof parsed.runId === 'string' &&
    typeof parsed.startedAt === 'string' &&
    typeof parsed.state === 'string' &&
    Array.isArray(parsed.tasks);
  if (!valid) throw corrupt(path, 'expected an object with runId, state, startedAt and tasks');
  return parsed as RunRecord;
}

function newestFirst(a: RunRecord, b: RunRecord): number {
  if (a.startedAt !== b.startedAt) return a.startedAt < b.startedAt ? 1 : -1;
  if (a.runId === b.runId) return 0;
  return a.runId < b.runId ? 1 : -1;
}

function notFound(runId: string): NotFoundError {
  return new NotFoundError(
    'AOD_RUN_NOT_FOUND',
    `no run with id ${JSON.stringify(runId)}; list runs with \`aodflow runs\``,
  );
}

function corrupt(path: string, detail: string, cause?: unknown): BadInputError {
  return new BadInputError('AOD_STORE_CORRUPT', `run record is unreadable: ${detail}`, {
    file: path,
    cause,
  });
}
