/**
 * Plans an incremental download: splits a request into partitions (site x month), decides
 * which are complete and current, and groups the rest into as few service requests as
 * reasonable. Pure: the caller passes the stored partition states and the clock.
 */
import { createHash } from 'node:crypto';

import type { Product } from '../../observation.ts';
import { partitionId, type PartitionKey, type PartitionState } from '../../store/ingest-state.ts';

export interface PartitionPlanInput {
  sites: string[];
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`, included. */
  to: string;
  /** AERONET quality level: 10, 15 or 20. */
  level: number;
  product: Product;
  serviceUrl: string;
}

export interface PlanOptions {
  /** Current time, milliseconds since the epoch. */
  now: number;
  /** Days after a month ends during which AERONET may still change its data. */
  horizonDays: number;
  /** Download every partition, current or not. @default false */
  refresh?: boolean;
  /** Most months one service request covers. @default 12 */
  monthsPerRequest?: number;
}

export interface PlannedPartition extends PartitionKey {
  id: string;
  /** First and last day of the partition inside the requested range, `YYYY-MM-DD`. */
  from: string;
  to: string;
  requestKey: string;
}

/** One service request: consecutive partitions of one site. */
export interface PlannedRequest {
  site: string;
  from: string;
  to: string;
  partitions: PlannedPartition[];
}

export interface PartitionPlan {
  partitions: PlannedPartition[];
  current: PlannedPartition[];
  requests: PlannedRequest[];
}

/**
 * Default reprocessing horizons in days by level. AERONET publishes no fixed horizon:
 * Level 1.0 and 1.5 arrive in near real time and change while cloud screening and calibration
 * are revised, and Level 2.0 appears only after the post-field calibration, often most of a
 * year later.
 * NOTE: these values are estimates, not AERONET figures; `--horizon-days` overrides them.
 */
export const DEFAULT_HORIZON_DAYS: Record<number, number> = { 10: 30, 15: 90, 20: 400 };

const DAY_MS = 86_400_000;

export function planPartitions(
  input: PartitionPlanInput,
  states: Map<string, PartitionState>,
  options: PlanOptions,
): PartitionPlan {
  const partitions = input.sites.flatMap((site) => sitePartitions(input, site));
  const current: PlannedPartition[] = [];
  const toDownload: PlannedPartition[] = [];

  for (const partition of partitions) {
    const state = states.get(partition.id);
    if (!options.refresh && isCurrent(partition, state, options)) current.push(partition);
    else toDownload.push(partition);
  }

  const requests = groupRequests(toDownload, options.monthsPerRequest ?? 12);
  return { partitions, current, requests };
}

/**
 * True when the stored state makes a new download pointless: the partition was stored (not
 * empty, which is never final), by a request with the same key, after its month left the
 * reprocessing horizon.
 */
export function isCurrent(
  partition: PlannedPartition,
  state: PartitionState | undefined,
  options: Pick<PlanOptions, 'horizonDays'>,
): boolean {
  if (!state || state.status !== 'complete') return false;
  if (state.requestKey !== partition.requestKey) return false;

  const monthEnd = Date.parse(`${nextMonth(partition.month)}-01T00:00:00Z`);
  return Date.parse(state.fetchedAt) - monthEnd > options.horizonDays * DAY_MS;
}

function sitePartitions(input: PartitionPlanInput, site: string): PlannedPartition[] {
  const partitions: PlannedPartition[] = [];
  const lastMonth = input.to.slice(0, 7);

  for (let month = input.from.slice(0, 7); month <= lastMonth; month = nextMonth(month)) {
    const key: PartitionKey = { site, month, level: input.level, product: input.product };
    const monthStart = `${month}-01`;
    const monthEnd = lastDayOf(month);
    const from = input.from > monthStart ? input.from : monthStart;
    const to = input.to < monthEnd ? input.to : monthEnd;
    partitions.push({
      ...key,
      id: partitionId(key),
      from,
      to,
      requestKey: requestKeyOf(input.serviceUrl, key, from, to),
    });
  }
  return partitions;
}

/**
 * SHA-256 over every parameter that shapes the response. A key that left one out would let a
 * stored response stand in for a different request.
 */
export function requestKeyOf(serviceUrl: string, key: PartitionKey, from: string, to: string) {
  const parameters = [serviceUrl, key.site, key.month, key.level, key.product, from, to];
  return createHash('sha256').update(JSON.stringify(parameters)).digest('hex');
}

function groupRequests(partitions: PlannedPartition[], monthsPerRequest: number): PlannedRequest[] {
  const requests: PlannedRequest[] = [];
  for (const partition of partitions) {
    const last = requests.at(-1);
    const joins =
      last !== undefined &&
      last.site === partition.site &&
      last.partitions.length < monthsPerRequest &&
      nextMonth(last.partitions.at(-1)!.month) === partition.month;

    if (joins) {
      last.partitions.push(partition);
      last.to = partition.to;
    } else {
      requests.push({
        site: partition.site,
        from: partition.from,
        to: partition.to,
        partitions: [partition],
      });
    }
  }
  return requests;
}

/** Returns the month after `month`, both `YYYY-MM`. */
export function nextMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7));
  return index === 12 ? `${year + 1}-01` : `${year}-${String(index + 1).padStart(2, '0')}`;
}

function lastDayOf(month: string): string {
  const next = Date.parse(`${nextMonth(month)}-01T00:00:00Z`);
  return new Date(next - DAY_MS).toISOString().slice(0, 10);
}
