/**
 * Log files of runs: the JSON logs of one run go to `<dataDir>/logs/<runId>.jsonl`, so the
 * terminal keeps only the human lines. `--log-stderr` sends them to stderr instead.
 */
import { join } from 'node:path';

import { createLogger, parseLogLevel, type Logger } from '../logger.ts';

/** Folder of the run logs inside a data directory. */
export const LOGS_FOLDER = 'logs';

/** Returns the log file of run `runId`; the file exists only once the run logged a line. */
export function runLogPath(dataDir: string, runId: string): string {
  return join(dataDir, LOGS_FOLDER, `${runId}.jsonl`);
}

/** Returns the level `AODFLOW_LOG_LEVEL` sets (default info); throws when it is invalid. */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const text = env.AODFLOW_LOG_LEVEL;
  return text === undefined || text.trim() === '' ? 'info' : parseLogLevel(text);
}

/** Creates the logger of run `runId`: its log file, or stderr when `toStderr` is set. */
export function createRunLogger(
  dataDir: string,
  runId: string,
  options: { level: string; toStderr?: boolean },
): { logger: Logger; file: string | null } {
  if (options.toStderr) return { logger: createLogger({ level: options.level }), file: null };

  const file = runLogPath(dataDir, runId);
  return { logger: createLogger({ level: options.level, file }), file };
}
