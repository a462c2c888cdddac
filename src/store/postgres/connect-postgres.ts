/**
 * Connection to the PostgreSQL server of the shared store: URL checks, the connection pool, and
 * driver errors turned into coded aodflow errors that never show the password.
 */
import pg from 'pg';

import { AodflowError, BadInputError, TransientError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';

export const URL_EXAMPLE = 'postgres://user:password@host:5432/database';

/** PostgreSQL error codes (SQLSTATE) that a new attempt may clear. */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available: lock_timeout expired
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting up
  '53300', // too_many_connections
]);

/** SQLSTATEs of a login that no retry can fix: wrong password, role or database. */
const LOGIN_SQLSTATES = new Set(['28000', '28P01', '3D000']);

/** Node socket error codes of a server that cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * Checks that `url` is a PostgreSQL URL; `origin` names where the value came from (an option,
 * an environment variable or a file) for the error message.
 */
export function parseDatabaseUrl(url: string, origin: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }

  const valid =
    parsed !== undefined &&
    (parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:') &&
    parsed.hostname !== '';
  if (valid) return parsed!;

  const got = parsed === undefined ? 'text that does not parse as a URL' : redactUrl(parsed);
  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${origin}: expected a PostgreSQL URL such as ${URL_EXAMPLE}, got ${got}`,
  );
}

/** Returns the URL with its password replaced by `***`, safe to log and show. */
export function redactUrl(url: URL): string {
  if (url.password === '') return url.href;

  const copy = new URL(url.href);
  copy.password = '***';
  return copy.href;
}

/** Returns `host:port/database` of a PostgreSQL URL, for messages. */
export function describeServer(url: URL): string {
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
  return `${url.hostname}:${url.port || '5432'}/${database}`;
}

/**
 * Creates a pool and checks that the server accepts a login, so a wrong URL fails at open
 * rather than at the first write.
 */
export async function connectPool(url: URL, logger: Logger): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url.href,
    application_name: 'aodflow',
    connectionTimeoutMillis: 10_000,
  });
  // An idle connection the server closes emits here; without a listener the process would exit.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));

  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw databaseError(error, url, 'connect');
  }
  return pool;
}

/**
 * Turns a driver or server error into an aodflow error naming the server and the step:
 * unreachable servers and lock timeouts become retryable TransientErrors, rejected logins
 * BadInputErrors. Other errors pass through unchanged.
 */
export function databaseError(error: unknown, url: URL, step: string): unknown {
  if (error instanceof AodflowError) return error;

  const code = errorCodeOf(error);
  const server = describeServer(url);
  const detail = error instanceof Error ? error.message : String(error);
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return new TransientError(
      'AOD_DATABASE_UNAVAILABLE',
      `${step}: PostgreSQL server ${server} is unreachable (${code}); start it or check the ` +
        'host and port of the database URL',
      { cause: error },
    );
  }
  if (isConnectionTimeout(error)) {
    return new TransientError(
      'AOD_DATABASE_UNAVAILABLE',
      `${step}: PostgreSQL server ${server} did not accept a connection within 10 s`,
      { cause: error },
    );
  }
  if (code !== undefined && LOGIN_SQLSTATES.has(code)) {
    return new BadInputError(
      'AOD_CONFIG_INVALID',
      `${step}: PostgreSQL server ${server} rejected the login: ${detail}`,
      { cause: error },
    );
  }
  if (code === '55P03') {
    return new TransientError(
      'AOD_STORE_LOCKED',
      `${step}: another process held a lock on ${server} for longer than the lock timeout`,
      { cause: error },
    );
  }
  if (code !== undefined && TRANSIENT_SQLSTATES.has(code)) {
    return new TransientError(
      'AOD_DATABASE_UNAVAILABLE',
      `${step}: PostgreSQL server ${server} failed temporarily (SQLSTATE ${code}): ${detail}`,
      { cause: error },
    );
  }
  return error;
}

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function isConnectionTimeout(error: unknown): boolean {
  return error instanceof Error && /timeout expired|Connection terminated/i.test(error.message);
}
