/**
 * Client of the AERONET Version 3 AOD web service (print_web_data_v3).
 *
 * Each request is checked before it is sent: dates, level, box, and the site name against the
 * site catalog, because the service returns the data of every site for a site name it does not
 * know. Requests then go through a polite gate (few requests in flight, starts spaced apart) and
 * are retried with exponential backoff and jitter while their faults are transient. A response
 * is kept only whole: a cut body is retried, never returned in part. The client caches nothing,
 * so a "no data" response is never remembered either.
 */

import { AodflowError, TransientError, isRetryable } from '../../errors.ts';
import { silentLogger, type Logger } from '../../logger.ts';
import { retryDelayMs, type RetryPolicy } from '../../orchestrate/retry-policy.ts';
import type { SiteCatalogIndex } from '../catalog/site-catalog-index.ts';
import { contentHashOf } from '../content-hash.ts';
import type { ReadResult } from '../read-aeronet-file.ts';
import { ServiceBusyError, downloadResponse } from './download-response.ts';
import {
  buildRequestUrl,
  resolveServiceUrl,
  validateRequest,
  type ObservationRequest,
} from './observation-request.ts';
import { readServiceResponse } from './read-service-response.ts';
import { RequestGate, defaultSleep } from './request-gate.ts';

/** Retries of a service request: 3 after the first attempt, 2 s growing to at most 60 s. */
export const SERVICE_RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseDelayMs: 2000,
  factor: 2,
  maxDelayMs: 60_000,
  jitter: 0.2,
};

/** Longest `Retry-After` wait honoured, so a far date in the header cannot stall a run. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

export interface AeronetServiceClientOptions {
  /** Site list that site names are checked against before any request. */
  catalog: SiteCatalogIndex;
  /** Service URL. @default $AODFLOW_AERONET_URL, else DEFAULT_SERVICE_URL (NASA GSFC) */
  baseUrl?: string;
  /** Time limit of one attempt, headers and whole body, in real ms (not `clock`). @default 120000 */
  timeoutMs?: number;
  /** Retries of transient faults. @default SERVICE_RETRY_POLICY */
  retry?: RetryPolicy;
  /** Requests in flight at once. @default 2 */
  maxConcurrent?: number;
  /** Minimum time between two request starts, retries included, in ms. @default 1000 */
  minIntervalMs?: number;
  /** HTTP client. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Waits between attempts and request starts. @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** Random numbers in [0, 1) for the backoff jitter. @default Math.random */
  random?: () => number;
  /** Current time in milliseconds since the epoch. @default Date.now */
  clock?: () => number;
  logger?: Logger;
  /** Environment read for AODFLOW_AERONET_URL. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/** Observations of one request, with where and when they were fetched. */
export interface ServiceResult extends ReadResult {
  url: string;
  /** ISO 8601 time the response arrived. */
  retrievedAt: string;
  /** Content hash of the response body (see content-hash.ts). */
  contentHash: string;
  /** Attempts made, the successful one included. */
  attempts: number;
}

export class AeronetServiceClient {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  private readonly catalog: SiteCatalogIndex;
  private readonly gate: RequestGate;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly clock: () => number;
  private readonly logger: Logger;

  constructor(options: AeronetServiceClientOptions) {
    this.baseUrl = resolveServiceUrl(options.baseUrl, options.env);
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.retry = options.retry ?? SERVICE_RETRY_POLICY;
    this.catalog = options.catalog;
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.gate = new RequestGate({
      maxConcurrent: options.maxConcurrent ?? 2,
      minIntervalMs: options.minIntervalMs ?? 1000,
      clock: this.clock,
      sleep: this.sleep,
    });
  }

  /** Returns the request URL, after the same checks `fetchObservations` makes. */
  requestUrl(request: ObservationRequest): string {
    const valid = validateRequest(request);
    if (valid.site !== undefined) this.catalog.requireSite(valid.site);
    return buildRequestUrl(this.baseUrl, valid);
  }

  /**
   * Fetches and reads the observations of one request.
   * @throws BadInputError (AOD_CONFIG_INVALID, AOD_SITE_UNKNOWN) before any request;
   *   NotFoundError (AOD_NO_DATA) when the service has no data; BadInputError
   *   (AOD_SERVICE_BAD_ANSWER) for an answer that is not the data asked for; TransientError
   *   (AOD_SERVICE_UNAVAILABLE, AOD_SERVICE_TIMEOUT, AOD_SERVICE_BAD_ANSWER) once the retries
   *   of a transient fault run out. Every error names the request URL.
   */
  async fetchObservations(request: ObservationRequest): Promise<ServiceResult> {
    const valid = validateRequest(request);
    if (valid.site !== undefined) this.catalog.requireSite(valid.site);
    const url = buildRequestUrl(this.baseUrl, valid);

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(valid, url, attempt);
      } catch (error) {
        if (!isRetryable(error)) throw error;
        if (attempt > this.retry.retries) throw gaveUp(error as AodflowError, url, attempt);

        const delayMs = Math.max(
          retryDelayMs(this.retry, attempt, this.random),
          requestedWaitMs(error),
        );
        this.logger.warn(
          { url, attempt, retries: this.retry.retries, delayMs, err: (error as Error).message },
          'AERONET request failed, retrying',
        );
        await this.sleep(delayMs);
      }
    }
  }

  private async attempt(
    request: ObservationRequest,
    url: string,
    attempt: number,
  ): Promise<ServiceResult> {
    const response = await this.gate.run(() => {
      this.logger.debug({ url, attempt }, 'AERONET request started');
      return downloadResponse(this.fetchFn, url, this.timeoutMs);
    });
    const retrievedAt = new Date(this.clock()).toISOString();
    const result = readServiceResponse(response, request, url, retrievedAt);
    const contentHash = contentHashOf(response.bytes);

    this.logger.info(
      { url, attempt, rows: result.table.length, bytes: response.bytes.length },
      'AERONET response read',
    );
    return { ...result, url, retrievedAt, contentHash, attempts: attempt };
  }
}

/**
 * Returns the wait the service requested with `Retry-After`, up to MAX_RETRY_AFTER_MS, or 0.
 * The longer of it and the backoff is used, so a busy server gets at least the wait it requested.
 */
function requestedWaitMs(error: unknown): number {
  if (!(error instanceof ServiceBusyError) || error.retryAfterMs === null) return 0;
  return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
}

/** A transient fault that outlasted every retry; `attempts` counts the first one too. */
export class RetriesExhaustedError extends TransientError {
  readonly attempts: number;

  constructor(error: AodflowError, url: string, attempts: number) {
    super(
      error.code,
      `${error.message}; gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}, ` +
        'try again later',
      { file: url, cause: error },
    );
    this.attempts = attempts;
  }
}

function gaveUp(error: AodflowError, url: string, attempts: number): RetriesExhaustedError {
  return new RetriesExhaustedError(error, url, attempts);
}
