/**
 * Runs an incremental download: fetches the partitions the plan marks, writes each response to
 * the store atomically, and records every partition's state right after its data, so a run
 * killed between requests resumes with the first partition that has no state.
 */
import { AodflowError, describeError } from '../../errors.ts';
import { silentLogger, type Logger } from '../../logger.ts';
import type { IngestStateStore, PartitionState } from '../../store/ingest-state.ts';
import type { ObservationStore } from '../../store/store.ts';
import type { AodLevel, ObservationRequest } from '../service/observation-request.ts';
import { RetriesExhaustedError, type ServiceResult } from '../service/aeronet-service-client.ts';
import {
  DEFAULT_HORIZON_DAYS,
  planPartitions,
  type PartitionPlan,
  type PlannedRequest,
} from './plan-partitions.ts';

/** The part of the service client a download needs. */
export interface ObservationSource {
  readonly baseUrl: string;
  fetchObservations(request: ObservationRequest): Promise<ServiceResult>;
}

export interface IncrementalIngestOptions {
  source: ObservationSource;
  observations: ObservationStore;
  ingestState: IngestStateStore;
  runId: string;
  sites: string[];
  /** First and last day, `YYYY-MM-DD`, the last included whole. */
  from: string;
  to: string;
  level: AodLevel;
  /** Daily averages instead of all points. @default false */
  daily?: boolean;
  /** Download every partition even when current. @default false */
  refresh?: boolean;
  /** Reprocessing horizon in days. @default DEFAULT_HORIZON_DAYS of the level */
  horizonDays?: number;
  /** Requests run at once; the client's own limit also applies. @default 2 */
  concurrency?: number;
  now?: () => number;
  logger?: Logger;
  /** Called once with the plan, before the first request. */
  onPlanned?: (plan: PartitionPlan) => void;
  onRequestDone?: (request: PlannedRequest, outcome: RequestOutcome) => void;
}

export type RequestOutcome = 'downloaded' | 'empty' | 'failed';

export interface IngestSummary {
  partitions: number;
  /** Partitions written from a downloaded response. */
  downloaded: number;
  skippedCurrent: number;
  /** Partitions the service had no data for (rechecked on the next run). */
  empty: number;
  failed: number;
  requests: number;
  /** Attempts beyond the first, over all requests. */
  retried: number;
  rowsAdded: number;
  rowsReplaced: number;
  rowsUnchanged: number;
  quarantined: number;
  failures: { site: string; from: string; to: string; error: string }[];
  dataVersion: string;
}

const LEVEL_NUMBER: Record<AodLevel, number> = { '1.0': 10, '1.5': 15, '2.0': 20 };

export async function ingestPartitions(options: IncrementalIngestOptions): Promise<IngestSummary> {
  const logger = (options.logger ?? silentLogger).child({ runId: options.runId });
  const level = LEVEL_NUMBER[options.level];
  const product = options.daily ? 'daily' : 'all_points';
  const states = await options.ingestState.readPartitions({ sites: options.sites, level, product });

  const plan = planPartitions(
    { ...options, level, product, serviceUrl: options.source.baseUrl },
    states,
    {
      now: (options.now ?? Date.now)(),
      horizonDays: options.horizonDays ?? DEFAULT_HORIZON_DAYS[level]!,
      refresh: options.refresh ?? false,
    },
  );
  const summary = emptySummary(plan);
  options.onPlanned?.(plan);
  logger.info(
    {
      partitions: plan.partitions.length,
      current: plan.current.length,
      requests: plan.requests.length,
    },
    'ingest planned',
  );

  const writes = new WriteQueue();
  await runPool(plan.requests, options.concurrency ?? 2, async (request) => {
    const outcome = await ingestRequest(request, options, summary, writes, logger);
    options.onRequestDone?.(request, outcome);
  });

  summary.dataVersion = await options.observations.dataVersion();
  return summary;
}

async function ingestRequest(
  request: PlannedRequest,
  options: IncrementalIngestOptions,
  summary: IngestSummary,
  writes: WriteQueue,
  logger: Logger,
): Promise<RequestOutcome> {
  let result: ServiceResult;
  try {
    result = await options.source.fetchObservations({
      site: request.site,
      from: request.from,
      to: request.to,
      level: options.level,
      daily: options.daily ?? false,
    });
  } catch (error) {
    // A configuration error, such as a service URL fetch refuses, fails every request alike.
    if (error instanceof AodflowError && error.code === 'AOD_CONFIG_INVALID') throw error;
    if (error instanceof AodflowError && error.code === 'AOD_NO_DATA') {
      await writes.run(() =>
        saveStates(options, request, new Map(), null, new Date().toISOString()),
      );
      summary.empty += request.partitions.length;
      return 'empty';
    }
    summary.failed += request.partitions.length;
    summary.retried += retriesOf(error);
    summary.failures.push({
      site: request.site,
      from: request.from,
      to: request.to,
      error: describeError(error),
    });
    logger.error(
      { site: request.site, from: request.from, to: request.to, err: error },
      'partition download failed',
    );
    return 'failed';
  }

  summary.retried += result.attempts - 1;
  const rowsByMonth = countRowsByMonth(result.table.time, result.table.length);
  try {
    await writes.run(async () => {
      const written = await options.observations.writeObservations(result.table);
      if (result.quarantine.length > 0) {
        await options.observations.writeQuarantine(options.runId, result.quarantine);
      }
      await saveStates(options, request, rowsByMonth, result.contentHash, result.retrievedAt);
      summary.rowsAdded += written.added;
      summary.rowsReplaced += written.replaced;
      summary.rowsUnchanged += written.unchanged;
      summary.quarantined += result.quarantine.length;
    });
  } catch (error) {
    // Nothing of this request is recorded as complete, so the next run downloads it again.
    summary.failed += request.partitions.length;
    summary.failures.push({
      site: request.site,
      from: request.from,
      to: request.to,
      error: describeError(error),
    });
    logger.error({ site: request.site, err: error }, 'partition write failed');
    return 'failed';
  }

  for (const partition of request.partitions) {
    if ((rowsByMonth.get(partition.month) ?? 0) > 0) summary.downloaded++;
    else summary.empty++;
  }
  logger.info(
    { site: request.site, from: request.from, to: request.to, rows: result.table.length },
    'partitions downloaded',
  );
  return 'downloaded';
}

async function saveStates(
  options: IncrementalIngestOptions,
  request: PlannedRequest,
  rowsByMonth: Map<string, number>,
  contentHash: string | null,
  fetchedAt: string,
): Promise<void> {
  for (const partition of request.partitions) {
    const rows = rowsByMonth.get(partition.month) ?? 0;
    const state: PartitionState = {
      site: partition.site,
      month: partition.month,
      level: partition.level,
      product: partition.product,
      status: rows > 0 ? 'complete' : 'empty',
      requestKey: partition.requestKey,
      fetchedAt,
      rows,
      contentHash: rows > 0 ? contentHash : null,
    };
    await options.ingestState.savePartition(state);
  }
}

function countRowsByMonth(time: Float64Array, length: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < length; i++) {
    const month = new Date(time[i]! * 1000).toISOString().slice(0, 7);
    counts.set(month, (counts.get(month) ?? 0) + 1);
  }
  return counts;
}

function emptySummary(plan: PartitionPlan): IngestSummary {
  return {
    partitions: plan.partitions.length,
    downloaded: 0,
    skippedCurrent: plan.current.length,
    empty: 0,
    failed: 0,
    requests: plan.requests.length,
    retried: 0,
    rowsAdded: 0,
    rowsReplaced: 0,
    rowsUnchanged: 0,
    quarantined: 0,
    failures: [],
    dataVersion: '',
  };
}

/** Runs store writes one at a time: downloads overlap, writes of one process need not. */
class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(body: () => Promise<T>): Promise<T> {
    const next = this.tail.then(body, body);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/**
 * Runs `body` on the items, `size` at a time. After the first error it starts no new item,
 * waits for the ones running and then throws that error, so nothing runs on after a failure.
 */
async function runPool<T>(
  items: T[],
  size: number,
  body: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      try {
        await body(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

/** Retries spent on a request that failed in the end. */
function retriesOf(error: unknown): number {
  return error instanceof RetriesExhaustedError ? error.attempts - 1 : 0;
}
