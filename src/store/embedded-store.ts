/**
 * The embedded observation store: Parquet files under the data directory, queried by DuckDB.
 *
 * Why this design:
 * - Parquet is columnar and compressed, and pandas, polars, Arrow and DuckDB all read it, so the
 *   stored data stays usable without aodflow.
 * - Files are partitioned by site and UTC year (`observations/site=<site>/year=<yyyy>/`). A
 *   write rewrites only the partitions it touches, and site and time filters skip whole files.
 * - An in-memory DuckDB instance per open store reads and writes the files. There is no
 *   database file that one process would hold open, so any number of processes share the data.
 * - `observations/manifest.json` names the live file of each partition and counts commits. It
 *   is replaced by write-to-temp, fsync and rename, so a reader sees one complete snapshot and a
 *   process killed mid-write leaves the previous state. New files get new unique names, and a
 *   replaced file is deleted only after a grace period, so readers of an older snapshot finish.
 * - Writers serialize on a lock file (`write-lock.ts`); readers never take it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

import { silentLogger, type Logger } from '../logger.ts';
import type { ObservationTable } from '../observation.ts';
import type { QuarantineRecord } from '../quarantine.ts';
import { removeUnreferencedFiles } from './collect-garbage.ts';
import { dataDirLayout, type DataDirLayout } from './data-dir.ts';
import {
  dataVersionOf,
  insideTimeRange,
  nextManifest,
  readManifest,
  selectPartitions,
  writeManifest,
  type Manifest,
  type PartitionEntry,
} from './manifest.ts';
import { assertWritable } from './assert-writable.ts';
import { mergeObservations, type MergeResult } from './merge-observations.ts';
import { partitionBatches, type BatchLimits } from './partition-batches.ts';
import { filterSql, queryObservations } from './query-observations.ts';
import { appendQuarantineFile, readQuarantineFiles } from './quarantine-files.ts';
import type { ObservationFilter, ObservationStore, WriteSummary } from './store.ts';
import { readParquetSql } from './stored-columns.ts';
import { acquireWriteLock, DEFAULT_LOCK_TIMEOUT_MS, processExists } from './write-lock.ts';
import { MAX_PARTITIONS_PER_WRITE } from './write-partitions.ts';

export interface EmbeddedStoreOptions {
  logger?: Logger;
  /** Maximum wait for the write lock, in milliseconds. @default 60000 */
  lockTimeoutMs?: number;
  /**
   * How long a replaced partition file stays on disk for readers of an older manifest, in
   * milliseconds. @default 600000 (10 minutes)
   */
  retiredFileGraceMs?: number;
  /**
   * Maximum rows and partitions merged and written at once. A larger write goes in batches of
   * whole partitions. @default 262,144 rows, 100 partitions
   */
  writeBatch?: BatchLimits;
  /** DuckDB memory limit; larger queries spill to `<dataDir>/tmp`. @default '1GB' */
  memoryLimit?: string;
  /**
   * Called after the new partition files are written and before the manifest commit. Crash
   * tests stop the process here.
   */
  beforeCommit?: () => Promise<void>;
}

export const DEFAULT_RETIRED_FILE_GRACE_MS = 10 * 60 * 1000;

/**
 * Rows and partitions merged at once. 262,144 rows of 28 numeric columns are about 60 MB in
 * DuckDB, and fewer, larger batches repeat less of the fixed work of each merge.
 */
const WRITE_BATCH: BatchLimits = { rows: 262_144, partitions: MAX_PARTITIONS_PER_WRITE };

/** Readers retry on a newer manifest this often when a file of their snapshot vanished. */
const READ_ATTEMPTS = 3;

export class EmbeddedStore implements ObservationStore {
  readonly layout: DataDirLayout;
  private readonly instance: DuckDBInstance;
  private readonly tmpDir: string;
  private readonly options: EmbeddedStoreOptions;
  private readonly logger: Logger;
  private closed = false;

  constructor(
    layout: DataDirLayout,
    instance: DuckDBInstance,
    tmpDir: string,
    options: EmbeddedStoreOptions,
  ) {
    this.layout = layout;
    this.instance = instance;
    this.tmpDir = tmpDir;
    this.options = options;
    this.logger = options.logger ?? silentLogger;
  }

  private get manifestPath(): string {
    return join(this.layout.observations, 'manifest.json');
  }

  private get lockPath(): string {
    return join(this.layout.observations, 'write.lock');
  }

  async writeObservations(table: ObservationTable): Promise<WriteSummary> {
    if (table.length === 0) {
      return { added: 0, replaced: 0, unchanged: 0, dataVersion: await this.dataVersion() };
    }

    const started = performance.now();
    const lock = await acquireWriteLock(this.lockPath, {
      timeoutMs: this.options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
      logger: this.logger,
    });
    try {
      const current = await readManifest(this.manifestPath);
      const merged = await this.mergeInBatches(table, current);
      const committed = await this.commit(current, merged.partitions);
      await this.collectGarbage(committed);

      const { partitions, ...counts } = merged;
      const summary = { ...counts, dataVersion: dataVersionOf(committed) };
      this.logger.info(
        {
          rows: table.length,
          ...summary,
          partitions: partitions.length,
          durationMs: Math.round(performance.now() - started),
        },
        'observations written',
      );
      return summary;
    } finally {
      await lock.release();
    }
  }

  async readObservations(filter: ObservationFilter = {}): Promise<ObservationTable> {
    return this.readSnapshot((manifest) => {
      const files = this.pathsOf(selectPartitions(manifest, filter));
      return this.withConnection((connection) => queryObservations(connection, files, filter));
    });
  }

  async countObservations(filter: ObservationFilter = {}): Promise<number> {
    return this.readSnapshot(async (manifest) => {
      const partitions = selectPartitions(manifest, filter);
      const whole = partitions.filter((p) => insideTimeRange(p, filter));
      const partial = partitions.filter((p) => !insideTimeRange(p, filter));
      const counted = whole.reduce((sum, p) => sum + p.rows, 0);
      if (partial.length === 0) return counted;

      const sql =
        `SELECT count(*) FROM ${readParquetSql(this.pathsOf(partial))} ` +
        `WHERE ${filterSql(filter)}`;
      const reader = await this.withConnection((connection) => connection.runAndReadAll(sql));
      return counted + Number(reader.getRowsJS()[0]?.[0] ?? 0);
    });
  }

  async writeQuarantine(runId: string, records: QuarantineRecord[]): Promise<void> {
    await appendQuarantineFile(this.layout.quarantine, runId, records);
  }

  async readQuarantine(runId?: string): Promise<QuarantineRecord[]> {
    return readQuarantineFiles(this.layout.quarantine, runId);
  }

  async dataVersion(): Promise<string> {
    return dataVersionOf(await readManifest(this.manifestPath));
  }

  /** Commit counter of the current manifest: 0 for an empty store. */
  async manifestVersion(): Promise<number> {
    return (await readManifest(this.manifestPath)).version;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;

    this.instance.closeSync();
    await rm(this.tmpDir, { recursive: true, force: true });
  }

  /**
   * Merges the table batch by batch, each batch on its own connection so its temporary tables
   * go when it ends. The manifest is committed once, after all of them.
   */
  private async mergeInBatches(table: ObservationTable, current: Manifest): Promise<MergeResult> {
    assertWritable(table);
    const total: MergeResult = { added: 0, replaced: 0, unchanged: 0, partitions: [] };

    for (const rows of partitionBatches(table, this.options.writeBatch ?? WRITE_BATCH)) {
      const merged = await this.withConnection((connection) =>
        mergeObservations(connection, table, rows, current, this.layout.observations),
      );
      total.added += merged.added;
      total.replaced += merged.replaced;
      total.unchanged += merged.unchanged;
      total.partitions.push(...merged.partitions);
    }
    return total;
  }

  /** Writes the next manifest when partitions changed; returns the manifest now current. */
  private async commit(current: Manifest, changed: PartitionEntry[]): Promise<Manifest> {
    if (changed.length === 0) return current;

    await this.options.beforeCommit?.();
    const graceMs = this.options.retiredFileGraceMs ?? DEFAULT_RETIRED_FILE_GRACE_MS;
    const next = nextManifest(current, changed, new Date(), graceMs);
    await writeManifest(this.manifestPath, next);
    return next;
  }

  /** Removes unreferenced files; a failure is logged, because the write itself succeeded. */
  private async collectGarbage(manifest: Manifest): Promise<void> {
    const graceMs = this.options.retiredFileGraceMs ?? DEFAULT_RETIRED_FILE_GRACE_MS;
    try {
      await removeUnreferencedFiles(this.layout.observations, manifest, graceMs, this.logger);
    } catch (error) {
      this.logger.warn({ err: error }, 'store garbage collection failed');
    }
  }

  /**
   * Runs `read` on the current manifest. A file of that snapshot can vanish when the read
   * outlasts the grace period, so a failed read is retried while newer manifests appear.
   */
  private async readSnapshot<T>(read: (manifest: Manifest) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const manifest = await readManifest(this.manifestPath);
      try {
        return await read(manifest);
      } catch (error) {
        const latest = await readManifest(this.manifestPath);
        if (latest.version === manifest.version || attempt >= READ_ATTEMPTS) throw error;
        this.logger.warn({ err: error, attempt }, 'store read failed on an old manifest, retrying');
      }
    }
  }

  private pathsOf(partitions: PartitionEntry[]): string[] {
    return partitions.map((p) => join(this.layout.observations, p.file));
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }
}

/** Opens (creating when needed) the embedded store of the data directory `dataDir`. */
export async function openEmbeddedStore(
  dataDir: string,
  options: EmbeddedStoreOptions = {},
): Promise<EmbeddedStore> {
  const layout = dataDirLayout(dataDir);
  await mkdir(layout.observations, { recursive: true });
  await mkdir(layout.quarantine, { recursive: true });
  await removeAbandonedTmpDirs(layout.tmp);

  const tmpDir = join(
    layout.tmp,
    `duckdb-${hostLabel()}-${process.pid}-${randomBytes(3).toString('hex')}`,
  );
  await mkdir(tmpDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: options.memoryLimit ?? '1GB',
    temp_directory: tmpDir,
  });
  return new EmbeddedStore(layout, instance, tmpDir, options);
}

function hostLabel(): string {
  return hostname().replace(/[^A-Za-z0-9.]/g, '_');
}

/** Removes DuckDB spill folders left by processes of this host that no longer run. */
async function removeAbandonedTmpDirs(tmp: string): Promise<void> {
  const prefix = `duckdb-${hostLabel()}-`;
  const names = await readdir(tmp).catch(() => [] as string[]);

  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !processExists(pid)) {
      await rm(join(tmp, name), { recursive: true, force: true });
    }
  }
}
