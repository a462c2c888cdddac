/**
 * The shared store: observations, quarantine, run history and ingest state as tables of one
 * PostgreSQL schema, for several machines or processes working on the same data.
 *
 * It keeps the embedded store's contract (see `../store.ts`): rows keyed by (site, time, level,
 * product), identical rows left unchanged, changed rows replaced and counted, lineage kept per
 * row, and a data version equal for equal data. Its data version is computed from other row
 * hashes than the embedded store's, so the two stores give different versions for the same
 * observations.
 */
import { createHash } from 'node:crypto';

import type pg from 'pg';

import { silentLogger, type Logger } from '../../logger.ts';
import { createObservationTable, type ObservationTable, type Product } from '../../observation.ts';
import type { QuarantineRecord } from '../../quarantine.ts';
import type { IngestStateStore, PartitionState } from '../ingest-state.ts';
import type { RunHistory, RunRecord } from '../run-history.ts';
import type { ObservationFilter, ObservationStore, WriteSummary } from '../store.ts';
import { connectPool, databaseError, parseDatabaseUrl } from './connect-postgres.ts';
import { applyMigrations } from './migrations.ts';
import { selectPartitions, upsertPartition } from './partition-rows.ts';
import { insertQuarantine, selectQuarantine } from './quarantine-rows.ts';
import { filterSql, queryObservations } from './read-observations.ts';
import { selectRun, selectRuns, upsertRun } from './run-rows.ts';
import {
  assertMemorySetting,
  assertSchemaName,
  DEFAULT_SCHEMA,
  quoteIdentifier,
} from './sql-names.ts';
import { writeObservationRows } from './write-observations.ts';

export interface PostgresStoreOptions {
  logger?: Logger;
  /** PostgreSQL schema holding the store's tables; created when missing. @default 'aodflow' */
  schema?: string;
  /** Rows per INSERT statement while loading a write. @default 10000 */
  batchRows?: number;
  /** Maximum wait for another process writing the same site, in milliseconds. @default 60000 */
  lockTimeoutMs?: number;
  /** PostgreSQL `work_mem` of write and read transactions. @default '64MB' */
  workMem?: string;
  /** Rows per binary chunk the server returns while reading. @default 65536 */
  readChunkRows?: number;
}

const DEFAULTS = {
  batchRows: 10_000,
  lockTimeoutMs: 60_000,
  workMem: '64MB',
  readChunkRows: 65_536,
};

export class PostgresStore implements ObservationStore, RunHistory, IngestStateStore {
  readonly schema: string;
  /** Migration versions this open applied; empty when the schema was already current. */
  readonly appliedMigrations: number[];
  private readonly pool: pg.Pool;
  private readonly url: URL;
  private readonly logger: Logger;
  private readonly settings: typeof DEFAULTS;
  private readonly qualified: string;
  private closed = false;

  constructor(
    pool: pg.Pool,
    url: URL,
    appliedMigrations: number[],
    options: PostgresStoreOptions = {},
  ) {
    this.pool = pool;
    this.url = url;
    this.appliedMigrations = appliedMigrations;
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    this.qualified = quoteIdentifier(this.schema);
    this.logger = options.logger ?? silentLogger;
    this.settings = {
      batchRows: options.batchRows ?? DEFAULTS.batchRows,
      lockTimeoutMs: options.lockTimeoutMs ?? DEFAULTS.lockTimeoutMs,
      workMem: options.workMem ?? DEFAULTS.workMem,
      readChunkRows: options.readChunkRows ?? DEFAULTS.readChunkRows,
    };
  }

  async writeObservations(table: ObservationTable): Promise<WriteSummary> {
    if (table.length === 0) {
      return { added: 0, replaced: 0, unchanged: 0, dataVersion: await this.dataVersion() };
    }

    const started = performance.now();
    const counts = await this.withClient('write observations', (client) =>
      writeObservationRows(client, table, { schema: this.schema, ...this.settings }),
    );
    const summary = { ...counts, dataVersion: await this.dataVersion() };
    this.logger.info(
      { rows: table.length, ...summary, durationMs: Math.round(performance.now() - started) },
      'observations written',
    );
    return summary;
  }

  async readObservations(filter: ObservationFilter = {}): Promise<ObservationTable> {
    if (filter.sites?.length === 0) return createObservationTable(0);

    return this.withClient('read observations', async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        await client.query(`SET LOCAL work_mem = '${this.settings.workMem}'`);
        const table = await queryObservations(
          client,
          this.qualified,
          filter,
          this.settings.readChunkRows,
        );
        await client.query('COMMIT');
        return table;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /** Counts from the digests when only sites filter, so no observation row is read. */
  async countObservations(filter: ObservationFilter = {}): Promise<number> {
    if (filter.sites?.length === 0) return 0;

    const byDigest = filter.from === undefined && filter.to === undefined;
    const { where, params } = filterSql(filter);
    const sql = byDigest
      ? `SELECT coalesce(sum(rows), 0) AS count FROM ${this.qualified}.observation_digests o
         WHERE ${where}`
      : `SELECT count(*) AS count FROM ${this.qualified}.observations o WHERE ${where}`;
    const result = await this.query<{ count: string }>('count observations', sql, params);
    return Number(result.rows[0]?.count ?? 0);
  }

  async writeQuarantine(runId: string, records: QuarantineRecord[]): Promise<void> {
    await this.guard('write quarantine', () =>
      insertQuarantine(this.pool, this.qualified, runId, records),
    );
  }

  async readQuarantine(runId?: string): Promise<QuarantineRecord[]> {
    return this.guard('read quarantine', () => selectQuarantine(this.pool, this.qualified, runId));
  }

  /**
   * SHA-256 over each (site, year) digest: row count, XOR and sum of the 64-bit row hashes.
   * XOR and sum ignore row order and write history, so equal stored rows give equal versions,
   * and the digests are kept by each write, so this reads no observation row.
   */
  async dataVersion(): Promise<string> {
    const result = await this.query<DigestRow>(
      'read data version',
      `SELECT site, year, rows, hash_xor, hash_sum FROM ${this.qualified}.observation_digests
       WHERE rows > 0 ORDER BY site, year`,
    );

    const hash = createHash('sha256');
    for (const d of result.rows) {
      hash.update(`${d.site}\u0000${d.year}\u0000${d.rows}:${d.hash_xor}:${d.hash_sum}\n`);
    }
    return hash.digest('hex');
  }

  async saveRun(run: RunRecord): Promise<void> {
    await this.guard('save run', () => upsertRun(this.pool, this.qualified, run));
  }

  async getRun(runId: string): Promise<RunRecord> {
    return this.guard('read run', () => selectRun(this.pool, this.qualified, runId));
  }

  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    return this.guard('list runs', () => selectRuns(this.pool, this.qualified, options.limit));
  }

  async readPartitions(filter: {
    sites: string[];
    level: number;
    product: Product;
  }): Promise<Map<string, PartitionState>> {
    return this.guard('read ingest state', () =>
      selectPartitions(this.pool, this.qualified, filter),
    );
  }

  async savePartition(state: PartitionState): Promise<void> {
    await this.guard('save ingest state', () => upsertPartition(this.pool, this.qualified, state));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow>(
    step: string,
    sql: string,
    params: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    return this.guard(step, () => this.pool.query<R>(sql, params));
  }

  private async withClient<T>(
    step: string,
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    return this.guard(step, async () => {
      const client = await this.pool.connect();
      try {
        return await work(client);
      } finally {
        client.release();
      }
    });
  }

  /** Runs `work`, turning connection failures and lock timeouts into coded errors. */
  private async guard<T>(step: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw databaseError(error, this.url, step);
    }
  }
}

interface DigestRow {
  site: string;
  year: number;
  rows: string;
  hash_xor: string;
  hash_sum: string;
}

/**
 * Connects to the PostgreSQL server at `url`, creates the schema and applies pending migrations,
 * and returns the store. Throws AOD_CONFIG_INVALID for a malformed URL or a rejected login, and
 * a retryable AOD_DATABASE_UNAVAILABLE when the server cannot be reached.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const parsed = parseDatabaseUrl(url, 'database URL');
  const schema = options.schema ?? DEFAULT_SCHEMA;
  assertSchemaName(schema);
  assertMemorySetting(options.workMem ?? DEFAULTS.workMem);
  const logger = options.logger ?? silentLogger;

  const pool = await connectPool(parsed, logger);
  try {
    const applied = await applyMigrations(pool, schema, logger);
    return new PostgresStore(pool, parsed, applied, { ...options, schema });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw databaseError(error, parsed, 'migrate store schema');
  }
}
