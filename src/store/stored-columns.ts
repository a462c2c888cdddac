/**
 * Columns of the stored observation Parquet files, and SQL fragments built from them.
 */
import { quotedString } from '@duckdb/node-api';

import { KEY_COLUMNS, VALUE_COLUMNS } from './row-columns.ts';

export { KEY_COLUMNS, VALUE_COLUMNS };

/** Lineage of each row: stored, but neither compared nor fingerprinted. */
export const LINEAGE_COLUMNS = [
  'source_uri',
  'source_kind',
  'content_hash',
  'retrieved_at',
  'line',
] as const;

/**
 * Every column of a partition file, in file order. `time` is seconds since the epoch (UTC) as
 * DOUBLE, so it round-trips the ObservationTable value exactly.
 */
export const STORED_COLUMNS = [...KEY_COLUMNS, ...VALUE_COLUMNS, ...LINEAGE_COLUMNS] as const;

/** Returns `a.c IS NOT DISTINCT FROM b.c AND ...` over the value columns. */
export function sameValuesSql(a: string, b: string): string {
  return VALUE_COLUMNS.map((c) => `${a}.${c} IS NOT DISTINCT FROM ${b}.${c}`).join(' AND ');
}

/** Returns the join condition on the row key. */
export function sameKeySql(a: string, b: string): string {
  return KEY_COLUMNS.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
}

/** Returns the stored columns qualified by `alias`, comma-separated. */
export function storedColumnsSql(alias: string): string {
  return STORED_COLUMNS.map((c) => `${alias}.${c}`).join(', ');
}

/** Returns the UTC calendar year of an epoch-seconds expression, free of the TimeZone setting. */
export function utcYearSql(secondsExpression: string): string {
  return `year(DATE '1970-01-01' + CAST(floor(${secondsExpression} / 86400) AS INTEGER))`;
}

/** Returns the UTC calendar year of epoch seconds, matching `utcYearSql`. */
export function utcYear(seconds: number): number {
  return new Date(Math.floor(seconds / 86400) * 86_400_000).getUTCFullYear();
}

/**
 * Returns a `read_parquet` call over `paths`. Hive partitioning is off because DuckDB would
 * otherwise add `site` and `year` columns parsed from the folder names, which are URL-encoded.
 */
export function readParquetSql(paths: string[]): string {
  return `read_parquet([${paths.map(quotedString).join(', ')}], hive_partitioning = false)`;
}

export { quotedString };
