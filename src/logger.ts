/**
 * Structured logging. Messages are constant strings and the facts go in fields
 * (`{ runId, task, attempt, rows, durationMs }`), so logs can be filtered by field.
 * Pure computation (statistics, regression) never logs.
 */
import { pino, type Logger } from 'pino';

import { BadInputError } from './errors.ts';

export type { Logger };

/** Levels `AODFLOW_LOG_LEVEL` accepts, most verbose first; `silent` turns logging off. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  /** Minimum level written. @default $AODFLOW_LOG_LEVEL, else 'info' */
  level?: string;
  /** File descriptor the JSON lines go to. @default 2 (stderr) */
  destination?: number;
  /** File the JSON lines are appended to, with missing folders created; overrides `destination`. */
  file?: string;
}

/**
 * Creates the process logger. JSON lines go to stderr, or to `options.file`, so stdout stays
 * free for command output. Throws BadInputError AOD_CONFIG_INVALID for an unknown level.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = parseLogLevel(options.level ?? process.env.AODFLOW_LOG_LEVEL ?? 'info');
  // Synchronous writes, so the last lines reach the file even when the process exits at once
  // (a signal, process.exit).
  const destination =
    options.file === undefined
      ? pino.destination(options.destination ?? 2)
      : pino.destination({ dest: options.file, mkdir: true, sync: true });
  return pino({ level, base: { app: 'aodflow' } }, destination);
}

/** Returns `text` as a log level; throws BadInputError AOD_CONFIG_INVALID naming the valid ones. */
export function parseLogLevel(text: string, source = 'AODFLOW_LOG_LEVEL'): LogLevel {
  const level = text.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${source}: expected one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(text)}`,
  );
}

/** A logger that drops everything, for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
