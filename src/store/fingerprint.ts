/**
 * Content fingerprints of partitions.
 *
 * A partition's fingerprint is SHA-256 over its row count and the XOR and the sum of a 64-bit
 * DuckDB hash per row of the key and value columns. XOR and sum ignore row order, and lineage
 * is left out, so the same observations give the same fingerprint whichever file or write they
 * came from. Two aggregates of one 64-bit hash make an accidental match of different row sets
 * far less likely than either alone.
 *
 * NOTE: DuckDB's `hash` may change between DuckDB releases. A partition rewritten after such an
 * upgrade then gets a new fingerprint, and the data version changes once, for equal data.
 */
import { createHash } from 'node:crypto';

import type { DuckDBConnection } from '@duckdb/node-api';

import { KEY_COLUMNS, VALUE_COLUMNS } from './stored-columns.ts';

/** Row count, time range and content fingerprint of one partition. */
export interface PartitionDigest {
  site: string;
  year: number;
  rows: number;
  minTime: number;
  maxTime: number;
  fingerprint: string;
}

/** Returns the 64-bit row hash over time, level, product and the value columns. */
export function rowHashSql(alias: string): string {
  const columns = [...KEY_COLUMNS.slice(1), ...VALUE_COLUMNS].map((c) => `${alias}.${c}`);
  return `hash(${columns.join(', ')})`;
}

/**
 * Returns per-(site, year) digests of `relation`, a table or view with columns site, year and
 * the hashed columns, sorted by site and year.
 */
export async function digestPartitions(
  connection: DuckDBConnection,
  relation: string,
): Promise<PartitionDigest[]> {
  const reader = await connection.runAndReadAll(`
    SELECT site, year, count(*), min(time), max(time),
      CAST(bit_xor(h) AS VARCHAR), CAST(sum(CAST(h AS HUGEINT)) AS VARCHAR)
    FROM (SELECT r.site, r.year, r.time, ${rowHashSql('r')} AS h FROM ${relation} r)
    GROUP BY site, year
    ORDER BY site, year`);

  return reader.getRowsJS().map(([site, year, rows, minTime, maxTime, xor, sum]) => ({
    site: String(site),
    year: Number(year),
    rows: Number(rows),
    minTime: Number(minTime),
    maxTime: Number(maxTime),
    fingerprint: createHash('sha256').update(`${rows}:${xor}:${sum}`).digest('hex'),
  }));
}
