/**
 * The store interface every stage writes to and reads from. The embedded implementation keeps
 * Parquet files under a data directory; a shared one keeps the same tables in PostgreSQL.
 */
import type { ObservationTable } from '../observation.ts';
import type { QuarantineRecord } from '../quarantine.ts';

/** Changes made by one observation write, counted by row. */
export interface WriteSummary {
  /** Rows whose key (site, time, level, product) was not stored before. */
  added: number;
  /** Rows whose key was stored with different values, now replaced by the new ones. */
  replaced: number;
  /** Rows identical to the stored ones. */
  unchanged: number;
  /** Fingerprint of the whole stored observation set after the write. */
  dataVersion: string;
}

export interface ObservationFilter {
  sites?: string[];
  /** Inclusive lower bound, seconds since the epoch. */
  from?: number;
  /** Exclusive upper bound, seconds since the epoch. */
  to?: number;
}

export interface ObservationStore {
  /** Writes observations atomically: readers see all of them or none. */
  writeObservations(table: ObservationTable): Promise<WriteSummary>;
  readObservations(filter?: ObservationFilter): Promise<ObservationTable>;
  countObservations(filter?: ObservationFilter): Promise<number>;
  /** Appends quarantine records of one run. */
  writeQuarantine(runId: string, records: QuarantineRecord[]): Promise<void>;
  readQuarantine(runId?: string): Promise<QuarantineRecord[]>;
  /** Fingerprint of the stored observations: equal sets give equal versions. */
  dataVersion(): Promise<string>;
  close(): Promise<void>;
}
