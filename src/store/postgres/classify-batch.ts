/**
 * First pass of a write. Each row crosses with its key and hash only, and the server looks up
 * the stored hash of each key. It returns per (site, UTC year) the counts and hash sums of the
 * write summary and the digests, and the positions of the rows that must be written. Rows
 * whose stored hash is equal thus never cross the wire with their values.
 *
 * All batches run in one transaction under the site locks, and each key occurs at most once
 * in a write, so classifying batch by batch gives the same result as the whole table at once.
 */
import type pg from 'pg';

import type { ObservationTable } from '../../observation.ts';
import { float8Array, hashArray, integerArray, type RowRange } from './binary-array.ts';
import { KEY_COLUMNS } from './columns.ts';
import type { RowHashes } from './row-hash.ts';

/** Counts and hash sums of the rows of one (site, year) in one batch; integers as text. */
export interface ClassifiedGroup {
  site: string;
  year: number;
  /** Keys not stored before. */
  added: string;
  /** Stored keys whose first input row has the stored hash. */
  first_unchanged: string;
  first_replaced: string;
  /** Rows whose hash differs from the stored row's, or that had none. */
  changed: string;
  /** Sum of new hashes minus sum of replaced stored hashes, over changed rows. */
  hash_sum: string;
  /** XOR of new hashes and replaced stored hashes, over changed rows. */
  hash_xor: string;
  min_time: number;
  max_time: number;
  /** Big-endian int32 positions (0-based, within the batch) of the changed rows. */
  pending: Buffer | null;
}

/** Returns the statement of one batch, for tables of schema `schema` (quoted). */
export function classifySql(schema: string): string {
  const sameKey = KEY_COLUMNS.map((c) => `o.${c} = i.${c}`).join(' AND ');
  const differs = 'stored_hash IS DISTINCT FROM row_hash';

  // Subscripts over generate_series rather than a many-array unnest: measured on PostgreSQL
  // 15, unpacking 1M rows of 26 arrays took 5.7 s with unnest and 1.2 s with subscripts.
  // LATERAL with LIMIT keeps the lookup an index probe per row. A plain join was planned as a
  // hash join over the whole observations table for every batch.
  return `
    WITH incoming AS (
      SELECT g, ($1::text[])[($3::int4[])[g] + 1] AS site, ($4::float8[])[g] AS time,
        ($5::int2[])[g] AS level, ($2::text[])[($6::int4[])[g] + 1] AS product,
        ($7::int8[])[g] AS row_hash, ($8::int8[])[g] AS first_hash
      FROM generate_series(1, cardinality($4::float8[])) AS g
    ), classified AS (
      SELECT i.*, o.row_hash AS stored_hash,
        date_part('year', DATE '1970-01-01' + floor(i.time / 86400)::integer)::integer AS year
      FROM incoming i LEFT JOIN LATERAL (
        SELECT o.row_hash FROM ${schema}.observations o WHERE ${sameKey} LIMIT 1
      ) o ON true
    )
    SELECT site, year,
      count(*) FILTER (WHERE stored_hash IS NULL) AS added,
      count(*) FILTER (WHERE stored_hash = first_hash) AS first_unchanged,
      count(*) FILTER (WHERE stored_hash <> first_hash) AS first_replaced,
      count(*) FILTER (WHERE ${differs}) AS changed,
      coalesce(sum(row_hash::numeric) FILTER (WHERE ${differs}), 0)
        - coalesce(sum(stored_hash::numeric) FILTER (WHERE ${differs}), 0) AS hash_sum,
      coalesce(bit_xor(row_hash) FILTER (WHERE ${differs}), 0)
        # coalesce(bit_xor(stored_hash) FILTER (WHERE ${differs}), 0) AS hash_xor,
      min(time) AS min_time, max(time) AS max_time,
      string_agg(int4send((g - 1)::integer), ''::bytea) FILTER (WHERE ${differs}) AS pending
    FROM classified GROUP BY site, year`;
}

/**
 * Returns the parameters of one batch: `range` selects the rows, `firsts` (same positions)
 * the first occurrence of each row's key.
 */
export function classifyParams(
  table: ObservationTable,
  hashes: RowHashes,
  range: RowRange,
  firsts: RowRange,
): unknown[] {
  return [
    table.siteNames,
    table.sources.map((s) => s.product),
    integerArray('int4', table.site, range),
    float8Array(table.time, range),
    integerArray('int2', table.level, range),
    integerArray('int4', table.source, range),
    hashArray(hashes.high, hashes.low, range),
    hashArray(hashes.high, hashes.low, firsts),
  ];
}

export async function classifyBatch(
  client: pg.PoolClient,
  sql: string,
  params: unknown[],
): Promise<ClassifiedGroup[]> {
  return (await client.query<ClassifiedGroup>(sql, params)).rows;
}

/** Returns the batch positions listed in the groups' `pending` fields. */
export function pendingPositions(groups: ClassifiedGroup[]): number[] {
  const positions: number[] = [];
  for (const group of groups) {
    if (group.pending === null) continue;
    for (let offset = 0; offset < group.pending.length; offset += 4) {
      positions.push(group.pending.readInt32BE(offset));
    }
  }
  return positions;
}
