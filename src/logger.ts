/**
 * Structured logging. Messages are constant strings and the facts go in fields
 * (`{ runId, task, attempt, rows, durationMs }`), so logs can be filtered by field.
 * Pure computation (statistics, regression) never logs.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Creates the process logger. JSON lines go to stderr so stdout stays free for command output.
 * `AODFLOW_LOG_LEVEL` sets the level (default `info`; `silent` turns logging off).
 */
export function createLogger(options: { level?: string; destination?: number } = {}): Logger {
  const level = options.level ?? process.env.AODFLOW_LOG_LEVEL ?? 'info';
  return pino({ level, base: { app: 'aodflow' } }, pino.destination(options.destination ?? 2));
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
