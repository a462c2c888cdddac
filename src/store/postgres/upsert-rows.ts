/**
 * Second pass of a write: send the whole rows that the first pass found new or changed, and
 * insert or replace them with `INSERT ... ON CONFLICT DO UPDATE`. The update skips a row whose
 * stored hash already equals the new one, so a row is never rewritten to itself.
 */
import type pg from 'pg';

import type { ObservationTable } from '../../observation.ts';
import { float8Array, hashArray, integerArray, type RowRange } from './binary-array.ts';
import { KEY_COLUMNS, VALUE_COLUMNS, valueColumnOf } from './columns.ts';
import type { RowHashes } from './row-hash.ts';

const KEY: readonly string[] = KEY_COLUMNS;
const ROW_COLUMNS = [...KEY, ...VALUE_COLUMNS, 'source_id', 'line', 'row_hash'];

/** Arrays sent after the three dictionaries ($1 to $3), in parameter order. */
const ARRAYS = [
  ['site_code', 'int4'],
  ['time', 'float8'],
  ['level', 'int2'],
  ['source_code', 'int4'],
  ['line', 'int8'],
  ['row_hash', 'int8'],
  ...VALUE_COLUMNS.map((c) => [c, 'float8']),
] as const;

/** Returns the upsert of one batch, for tables of schema `schema` (quoted). */
export function upsertSql(schema: string): string {
  const element = (name: string): string => {
    const index = ARRAYS.findIndex(([n]) => n === name);
    return `($${index + 4}::${ARRAYS[index]![1]}[])[g]`;
  };
  // NaN crosses as NaN, because an array with NULLs makes each subscript scan its bitmap.
  const values = VALUE_COLUMNS.map((c) => `nullif(${element(c)}, 'NaN')`).join(', ');
  const updates = ROW_COLUMNS.filter((c) => !KEY.includes(c))
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');

  return `
    INSERT INTO ${schema}.observations AS o (${ROW_COLUMNS.join(', ')})
    SELECT ($1::text[])[${element('site_code')} + 1], ${element('time')}, ${element('level')},
      ($2::text[])[${element('source_code')} + 1], ${values},
      ($3::int8[])[${element('source_code')} + 1], ${element('line')}, ${element('row_hash')}
    FROM generate_series(1, cardinality($5::float8[])) AS g
    ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET ${updates}
    WHERE o.row_hash IS DISTINCT FROM excluded.row_hash`;
}

/** Returns the parameters of one batch; `sourceIds` lists the id of each table source. */
export function upsertParams(
  table: ObservationTable,
  hashes: RowHashes,
  sourceIds: string[],
  range: RowRange,
): unknown[] {
  return [
    table.siteNames,
    table.sources.map((s) => s.product),
    sourceIds,
    integerArray('int4', table.site, range),
    float8Array(table.time, range),
    integerArray('int2', table.level, range),
    integerArray('int4', table.source, range),
    integerArray('int8', table.line, range),
    hashArray(hashes.high, hashes.low, range),
    ...VALUE_COLUMNS.map((c) => float8Array(valueColumnOf(table, c), range)),
  ];
}

/** Runs one batch; returns the rows written. */
export async function upsertBatch(
  client: pg.PoolClient,
  sql: string,
  params: unknown[],
): Promise<number> {
  return (await client.query(sql, params)).rowCount ?? 0;
}
