/**
 * Versioned schema migrations of the PostgreSQL store.
 *
 * Each migration runs once per schema, in version order, inside one transaction that first
 * takes a transaction-scoped advisory lock on the schema. Two processes opening the store at
 * once therefore apply each migration once: the second waits for the lock, then finds the
 * versions recorded in `schema_migrations` and applies nothing. Migration SQL names tables
 * without a schema because the transaction sets `search_path` to the store's schema.
 */
import type pg from 'pg';

import { BadInputError } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import { MEASUREMENTS } from '../../observation.ts';
import { lockId, quoteIdentifier } from './sql-names.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const measuredColumns = MEASUREMENTS.map((m) => `  ${m} double precision,`).join('\n');

/**
 * Text columns that are sorted or compared with the embedded store's results use the "C"
 * collation: byte order, as DuckDB sorts, whatever the database's locale.
 */
const INITIAL_SCHEMA = `
CREATE TABLE sources (
  source_id bigserial PRIMARY KEY,
  uri text COLLATE "C" NOT NULL,
  kind text NOT NULL CHECK (kind IN ('file', 'request')),
  content_hash text COLLATE "C" NOT NULL,
  retrieved_at text COLLATE "C" NOT NULL,
  product text COLLATE "C" NOT NULL,
  level smallint NOT NULL,
  UNIQUE (uri, kind, content_hash, retrieved_at, product, level)
);

-- One row per observation key. NULL is a missing value (NaN in an ObservationTable).
-- source_id has no foreign key: sources are never deleted, and a per-row check would slow
-- bulk writes.
CREATE TABLE observations (
  site text COLLATE "C" NOT NULL,
  time double precision NOT NULL,
  level smallint NOT NULL,
  product text COLLATE "C" NOT NULL,
  latitude double precision,
  longitude double precision,
  elevation double precision,
  instrument double precision,
${measuredColumns}
  source_id bigint NOT NULL,
  line bigint NOT NULL,
  row_hash bigint NOT NULL,
  PRIMARY KEY (site, time, level, product)
);

CREATE VIEW observations_with_source AS
SELECT o.*, s.uri AS source_uri, s.kind AS source_kind, s.content_hash, s.retrieved_at
FROM observations o JOIN sources s USING (source_id);

-- Per (site, UTC year): row count and the XOR and sum of every row's 64-bit hash, kept in the
-- transaction of each write, so the data version never reads the observations.
CREATE TABLE observation_digests (
  site text COLLATE "C" NOT NULL,
  year integer NOT NULL,
  rows bigint NOT NULL,
  hash_xor bigint NOT NULL,
  hash_sum numeric NOT NULL,
  min_time double precision NOT NULL,
  max_time double precision NOT NULL,
  PRIMARY KEY (site, year)
);

CREATE TABLE quarantine (
  quarantine_id bigserial PRIMARY KEY,
  run_id text COLLATE "C" NOT NULL,
  reason text NOT NULL,
  source text NOT NULL,
  line bigint NOT NULL,
  site text,
  time text,
  field text,
  value text,
  detail text NOT NULL
);
CREATE INDEX quarantine_run_id ON quarantine (run_id, quarantine_id);

CREATE TABLE runs (
  run_id text COLLATE "C" PRIMARY KEY,
  started_at text COLLATE "C" NOT NULL,
  record jsonb NOT NULL
);
CREATE INDEX runs_newest_first ON runs (started_at DESC, run_id DESC);

CREATE TABLE ingest_partitions (
  level smallint NOT NULL,
  product text COLLATE "C" NOT NULL,
  site text COLLATE "C" NOT NULL,
  month text COLLATE "C" NOT NULL,
  status text NOT NULL CHECK (status IN ('complete', 'empty')),
  request_key text NOT NULL,
  fetched_at text NOT NULL,
  rows bigint NOT NULL,
  content_hash text,
  PRIMARY KEY (level, product, site, month)
);
`;

export const MIGRATIONS: Migration[] = [{ version: 1, name: 'initial', sql: INITIAL_SCHEMA }];

/**
 * Creates `schema` when missing and applies the migrations it lacks; returns the versions
 * applied now (empty when the schema was current).
 */
export async function applyMigrations(
  pool: pg.Pool,
  schema: string,
  logger: Logger,
  migrations: Migration[] = MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', lockId(schema, 'migrations'));
    const applied = await migrate(client, schema, migrations);
    await client.query('COMMIT');

    if (applied.length > 0) logger.info({ schema, versions: applied }, 'store schema migrated');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function migrate(
  client: pg.PoolClient,
  schema: string,
  migrations: Migration[],
): Promise<number[]> {
  const quoted = quoteIdentifier(schema);
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  await client.query(`SET LOCAL search_path TO ${quoted}`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);

  const result = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(result.rows.map((row) => row.version));
  assertKnownVersions(schema, done, migrations);

  const pending = migrations.filter((m) => !done.has(m.version));
  for (const migration of pending.sort((a, b) => a.version - b.version)) {
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      migration.version,
      migration.name,
    ]);
  }
  return pending.map((m) => m.version);
}

/** Rejects a schema migrated by a newer aodflow: this release would misread its tables. */
function assertKnownVersions(schema: string, done: Set<number>, migrations: Migration[]): void {
  const latest = Math.max(0, ...migrations.map((m) => m.version));
  const newer = [...done].filter((v) => v > latest);
  if (newer.length === 0) return;

  throw new BadInputError(
    'AOD_STORE_SCHEMA_NEWER',
    `store schema ${JSON.stringify(schema)} is at version ${Math.max(...newer)}, but this ` +
      `aodflow release knows versions up to ${latest}; upgrade aodflow`,
  );
}
