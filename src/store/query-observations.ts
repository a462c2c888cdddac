/**
 * Reads stored partition files into an ObservationTable. Sites and sources come back as
 * dictionary codes computed in SQL, and NULL as NaN, so every column is a numeric DuckDB vector
 * copied into a typed array, with no per-value object.
 */
import type { DuckDBConnection, DuckDBDataChunk, DuckDBVector } from '@duckdb/node-api';

import { BadInputError } from '../errors.ts';
import {
  columnsOf,
  createObservationTable,
  type Column as NumericColumn,
  type ObservationTable,
  type Product,
  type Source,
} from '../observation.ts';
import type { ObservationFilter } from './store.ts';
import { readParquetSql, quotedString, VALUE_COLUMNS } from './stored-columns.ts';

/** Sites and sources are Uint16Array indices in an ObservationTable. */
const MAX_DICTIONARY = 65_536;

const SOURCE_COLUMNS = [
  'source_uri',
  'source_kind',
  'content_hash',
  'retrieved_at',
  'product',
  'level',
] as const;

/** Returns the rows of `files` matching `filter`, sorted by time, site, level and product. */
export async function queryObservations(
  connection: DuckDBConnection,
  files: string[],
  filter: ObservationFilter,
): Promise<ObservationTable> {
  if (files.length === 0) return createObservationTable(0);

  // A view: each query below reads only the columns it needs from the files.
  await connection.run(`
    CREATE TEMP VIEW selected AS
    SELECT * FROM ${readParquetSql(files)} WHERE ${filterSql(filter)}`);
  const siteNames = await buildSiteCodes(connection);
  const sources = await buildSourceCodes(connection);
  const rows = await countRows(connection);

  const table = createObservationTable(rows);
  table.length = rows;
  table.siteNames = siteNames;
  table.sources = sources;
  await copyRows(connection, table);
  return table;
}

/** Returns the SQL condition of `filter`; `true` when it has no bounds. */
export function filterSql(filter: ObservationFilter): string {
  const conditions = ['true'];
  if (filter.sites !== undefined) {
    const list = filter.sites.map(quotedString).join(', ');
    conditions.push(filter.sites.length === 0 ? 'false' : `site IN (${list})`);
  }
  if (filter.from !== undefined) conditions.push(`time >= ${sqlNumber(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`time < ${sqlNumber(filter.to)}`);
  return conditions.join(' AND ');
}

function sqlNumber(value: number): string {
  if (Number.isNaN(value)) return "'nan'::DOUBLE";
  if (!Number.isFinite(value)) return value > 0 ? "'infinity'::DOUBLE" : "'-infinity'::DOUBLE";
  return `${value}::DOUBLE`;
}

async function buildSiteCodes(connection: DuckDBConnection): Promise<string[]> {
  await connection.run(`
    CREATE TEMP TABLE selected_sites AS
    SELECT site, CAST(row_number() OVER (ORDER BY site) - 1 AS USMALLINT) AS code
    FROM (SELECT DISTINCT site FROM selected)`);
  const reader = await connection.runAndReadAll('SELECT site FROM selected_sites ORDER BY code');
  return reader.getRowsJS().map(([site]) => String(site));
}

async function buildSourceCodes(connection: DuckDBConnection): Promise<Source[]> {
  const columns = SOURCE_COLUMNS.join(', ');
  const count = await connection.runAndReadAll(
    `SELECT count(*) FROM (SELECT DISTINCT ${columns} FROM selected)`,
  );
  const distinct = Number(count.getRowsJS()[0]?.[0] ?? 0);
  if (distinct > MAX_DICTIONARY) {
    throw new BadInputError(
      'AOD_TABLE_INVALID',
      `expected at most ${MAX_DICTIONARY} distinct sources in one observation table, got ` +
        `${distinct}; read fewer sites or a shorter time range`,
    );
  }

  await connection.run(`
    CREATE TEMP TABLE selected_sources AS
    SELECT ${columns},
      CAST(row_number() OVER (ORDER BY retrieved_at, source_uri, ${columns}) - 1 AS USMALLINT)
        AS code
    FROM (SELECT DISTINCT ${columns} FROM selected)`);
  const reader = await connection.runAndReadAll(
    `SELECT ${columns} FROM selected_sources ORDER BY code`,
  );
  return reader.getRowsJS().map(([uri, kind, contentHash, retrievedAt, product, level]) => ({
    uri: String(uri),
    kind: kind === 'request' ? 'request' : 'file',
    contentHash: String(contentHash),
    retrievedAt: String(retrievedAt),
    product: String(product) as Product,
    level: Number(level),
  }));
}

async function countRows(connection: DuckDBConnection): Promise<number> {
  const reader = await connection.runAndReadAll('SELECT count(*) FROM selected');
  return Number(reader.getRowsJS()[0]?.[0] ?? 0);
}

async function copyRows(connection: DuckDBConnection, table: ObservationTable): Promise<void> {
  const nanOrValue = (c: string): string => `coalesce(r.${c}, 'nan'::DOUBLE)`;
  const sourceJoin = SOURCE_COLUMNS.map((c) => `so.${c} = r.${c}`).join(' AND ');
  const measured = VALUE_COLUMNS.slice(4).map(nanOrValue).join(', ');
  const located = VALUE_COLUMNS.slice(0, 4).map(nanOrValue).join(', ');

  const result = await connection.stream(`
    SELECT st.code, r.time, r.level, ${located}, so.code, r.line, ${measured}
    FROM selected r
    JOIN selected_sites st ON st.site = r.site
    JOIN selected_sources so ON ${sourceJoin}
    ORDER BY r.time, r.site, r.level, r.product`);

  // The query selects the columns in columnsOf's order.
  const targets = columnsOf(table);
  let offset = 0;
  for (let chunk = await result.fetchChunk(); chunk; chunk = await result.fetchChunk()) {
    if (chunk.rowCount === 0) break;
    copyChunk(chunk, targets, offset);
    offset += chunk.rowCount;
  }
}

function copyChunk(chunk: DuckDBDataChunk, targets: NumericColumn[], offset: number): void {
  targets.forEach((target, c) => copyVector(chunk.getColumnVector(c), target, offset));
}

/** Copies a vector into `target` at `offset`; NULL becomes NaN. */
function copyVector(vector: DuckDBVector, target: NumericColumn, offset: number): void {
  for (let i = 0; i < vector.itemCount; i++) {
    const value = vector.getItem(i);
    target[offset + i] = value === null ? NaN : (value as number);
  }
}
