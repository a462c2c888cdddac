/**
 * Ingest partition states in the `ingest_partitions` table, one row per partition.
 */
import type pg from 'pg';

import type { Product } from '../../observation.ts';
import { partitionId, type PartitionState, type PartitionStatus } from '../ingest-state.ts';

export async function selectPartitions(
  pool: pg.Pool,
  schema: string,
  filter: { sites: string[]; level: number; product: Product },
): Promise<Map<string, PartitionState>> {
  const result = await pool.query<PartitionRow>(
    `SELECT site, month, level, product, status, request_key, fetched_at, rows, content_hash
     FROM ${schema}.ingest_partitions
     WHERE level = $1 AND product = $2 AND site = ANY($3::text[])
     ORDER BY site, month`,
    [filter.level, filter.product, filter.sites],
  );

  const states = result.rows.map(stateOf);
  return new Map(states.map((state) => [partitionId(state), state]));
}

/** Creates or replaces one partition's state in one statement. */
export async function upsertPartition(
  pool: pg.Pool,
  schema: string,
  state: PartitionState,
): Promise<void> {
  await pool.query(
    `INSERT INTO ${schema}.ingest_partitions
       (level, product, site, month, status, request_key, fetched_at, rows, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (level, product, site, month) DO UPDATE SET
       status = excluded.status, request_key = excluded.request_key,
       fetched_at = excluded.fetched_at, rows = excluded.rows,
       content_hash = excluded.content_hash`,
    [
      state.level,
      state.product,
      state.site,
      state.month,
      state.status,
      state.requestKey,
      state.fetchedAt,
      state.rows,
      state.contentHash,
    ],
  );
}

interface PartitionRow {
  site: string;
  month: string;
  level: number;
  product: Product;
  status: PartitionStatus;
  request_key: string;
  fetched_at: string;
  rows: string;
  content_hash: string | null;
}

function stateOf(row: PartitionRow): PartitionState {
  return {
    site: row.site,
    month: row.month,
    level: row.level,
    product: row.product,
    status: row.status,
    requestKey: row.request_key,
    fetchedAt: row.fetched_at,
    rows: Number(row.rows),
    contentHash: row.content_hash,
  };
}
