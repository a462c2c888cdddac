/**
 * The one registry of aodflow's coded errors.
 *
 * Every error thrown on purpose is an `AodflowError` with a code from `ERROR_CODES`. Callers
 * branch on the class or the code, never on the message. The orchestrator retries an attempt
 * only when `retryable` is true, and the HTTP layer replies with `statusCode`.
 */

/** Error codes, each with the one-line meaning shown in docs and `--help` output. */
export const ERROR_CODES = {
  AOD_FILE_EMPTY: 'the input file has no content',
  AOD_FILE_HTML: 'the input is an HTML page, not AERONET data',
  AOD_FILE_NO_HEADER: 'no AERONET column-header line was found',
  AOD_FILE_VERSION2: 'the input is an AERONET Version 2 file',
  AOD_FILE_MONTHLY: 'the input holds Monthly Averages',
  AOD_FILE_COLUMNS: 'the column header lacks a column aodflow needs',
  AOD_INPUT_NOT_FOUND: 'an input path does not exist',
  AOD_CATALOG_FORMAT: 'the site list file is malformed',
  AOD_SITE_UNKNOWN: 'a site name is not in the site catalog',
  AOD_STORE_LOCKED: 'another process holds the store write lock',
  AOD_STORE_CORRUPT: 'a store file is unreadable',
  AOD_TABLE_INVALID: 'an observation table has an out-of-range index or time',
  AOD_RUN_ID_INVALID: 'a run id is empty or has characters unsafe in a file name',
  AOD_CONFIG_INVALID: 'a configuration value is invalid',
  AOD_NO_ROWS: 'no rows are left to work on',
  AOD_MODEL_NOT_FOUND: 'no fitted model was found',
  AOD_MODEL_SINGULAR: 'the regression problem has no unique solution',
  AOD_MODEL_INVALID: 'a model artifact is malformed',
  AOD_REQUEST_INVALID: 'a request body or prediction input is invalid',
  AOD_ROUTE_NOT_FOUND: 'no HTTP route matches the method and URL',
  AOD_METHOD_NOT_ALLOWED: 'the HTTP route exists but not for the request method',
  AOD_INTERNAL: 'an unexpected internal error; the server log has the details',
  AOD_PORT_IN_USE: 'another process already listens on the port the server was asked to use',
  AOD_SERVICE_UNAVAILABLE: 'the AERONET web service failed or is unreachable',
  AOD_SERVICE_TIMEOUT: 'the AERONET web service did not answer in time',
  AOD_SERVICE_BAD_ANSWER: 'the AERONET web service returned something other than data',
  AOD_NO_DATA: 'the AERONET web service has no data for the request',
  AOD_RUN_NOT_FOUND: 'no run has that id',
  AOD_TASK_FAILED: 'a task of the flow run failed',
  AOD_RUN_CANCELLED: 'the flow run was cancelled by a signal (SIGINT, SIGTERM)',
  AOD_DATABASE_UNAVAILABLE: 'the PostgreSQL server of the store is unreachable or failed',
  AOD_STORE_SCHEMA_NEWER: 'the database holds a store schema newer than this aodflow release',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Location of an error in an input file. */
export interface ErrorLocation {
  file?: string;
  line?: number;
}

export interface ErrorOptions extends ErrorLocation {
  cause?: unknown;
}

/** Base class: a coded, located error whose message states what was expected and what was got. */
export class AodflowError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** HTTP status an API returns for this error. */
  readonly statusCode: number = 500;
  /** True when a new attempt of the same task may succeed. */
  readonly retryable: boolean = false;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(withLocation(message, options), { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.file = options.file;
    this.line = options.line;
  }
}

/** Input that can never be processed as given: a new attempt fails the same way. */
export class BadInputError extends AodflowError {
  override readonly statusCode = 400;
}

export class NotFoundError extends AodflowError {
  override readonly statusCode = 404;
}

export class ConflictError extends AodflowError {
  override readonly statusCode = 409;
}

/** A fault outside aodflow (network, remote service, lock held) that may clear on retry. */
export class TransientError extends AodflowError {
  override readonly statusCode = 503;
  override readonly retryable = true;
}

function withLocation(message: string, { file, line }: ErrorLocation): string {
  if (file === undefined) return message;

  const where = line === undefined ? file : `${file} line ${line}`;
  return `${message} (${where})`;
}

/** Returns true when `error` is an aodflow error that a retry may cure. */
export function isRetryable(error: unknown): boolean {
  return error instanceof AodflowError && error.retryable;
}

/** Formats any thrown value as one line: `CODE: message` for coded errors. */
export function describeError(error: unknown): string {
  if (error instanceof AodflowError) return `${error.code}: ${error.message}`;
  // fetch rejects with the bare "fetch failed" and keeps the reason (refused, bad port, DNS)
  // in `cause`.
  if (error instanceof Error && error.cause instanceof Error) {
    return `${error.message}: ${error.cause.message}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
