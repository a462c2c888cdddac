/**
 * State of incremental ingestion: one record per partition (site x month x level x product) of
 * web-service downloads, so a later run skips what is complete and current and a killed run
 * resumes from the first partition without a record.
 */
import type { Product } from '../observation.ts';

export interface PartitionKey {
  site: string;
  /** Calendar month, `YYYY-MM`. */
  month: string;
  /** AERONET quality level: 10, 15 or 20. */
  level: number;
  product: Product;
}

/**
 * `complete`: the response was stored. `empty`: the service had no data. An empty partition is
 * rechecked on every run, because an empty response is never final (data may arrive late).
 */
export type PartitionStatus = 'complete' | 'empty';

export interface PartitionState extends PartitionKey {
  status: PartitionStatus;
  /** SHA-256 over every request parameter and the service URL; a change forces a download. */
  requestKey: string;
  /** ISO 8601 time the response was downloaded. */
  fetchedAt: string;
  rows: number;
  /** Content hash of the response body, or null for an empty response. */
  contentHash: string | null;
}

export interface IngestStateStore {
  /** Returns the stored state of each partition of the given sites, keyed by `partitionId`. */
  readPartitions(filter: {
    sites: string[];
    level: number;
    product: Product;
  }): Promise<Map<string, PartitionState>>;
  /** Creates or replaces one partition's state atomically. */
  savePartition(state: PartitionState): Promise<void>;
}

/** Stable id of a partition: `site/YYYY-MM/level/product`. */
export function partitionId(key: PartitionKey): string {
  return `${key.site}/${key.month}/${key.level}/${key.product}`;
}
