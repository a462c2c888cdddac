/**
 * Reads stored observations into an ObservationTable.
 *
 * The server packs each row into a fixed-width binary record (big-endian, as PostgreSQL's
 * `float8send` and `int4send` write them) and concatenates the records of `chunkRows`
 * consecutive rows into one bytea, sent as base64 text. The client copies the records into
 * typed arrays, so a million rows cross as 16 values instead of 24 million text fields.
 */
import type pg from 'pg';

import { BadInputError } from '../../errors.ts';
import {
  createObservationTable,
  type ObservationTable,
  type Product,
  type Source,
} from '../../observation.ts';
import type { ObservationFilter } from '../store.ts';
import { VALUE_COLUMNS, valueColumnOf } from './columns.ts';

/** Sites and sources are Uint16Array indices in an ObservationTable. */
const MAX_DICTIONARY = 65_536;

/** Record layout: time, site code, level, source id, line, then the value columns. */
const OFFSET = { time: 0, site: 8, level: 12, sourceId: 14, line: 22, values: 30 } as const;
const RECORD_BYTES = OFFSET.values + VALUE_COLUMNS.length * 8;

export interface FilterSql {
  where: string;
  params: unknown[];
}

/** Returns the WHERE condition of `filter`, numbering parameters after `firstParam - 1`. */
export function filterSql(filter: ObservationFilter, firstParam = 1): FilterSql {
  const conditions = ['true'];
  const params: unknown[] = [];
  const next = (value: unknown): string => `$${firstParam + params.push(value) - 1}`;

  if (filter.sites !== undefined) conditions.push(`o.site = ANY(${next(filter.sites)}::text[])`);
  if (filter.from !== undefined) conditions.push(`o.time >= ${next(filter.from)}::float8`);
  if (filter.to !== undefined) conditions.push(`o.time < ${next(filter.to)}::float8`);
  return { where: conditions.join(' AND '), params };
}

/**
 * Returns the rows matching `filter`, sorted by time, site, level and product. `client` must be
 * inside a REPEATABLE READ transaction, so the site list, the rows and the sources come from
 * one snapshot.
 */
export async function queryObservations(
  client: pg.PoolClient,
  schema: string,
  filter: ObservationFilter,
  chunkRows: number,
): Promise<ObservationTable> {
  const allSites = await storedSites(client, schema);
  const chunks = await queryRecords(client, schema, filter, allSites, chunkRows);
  const length = chunks.reduce((sum, chunk) => sum + chunk.length / RECORD_BYTES, 0);

  const table = createObservationTable(length);
  table.length = length;
  const sourceIds = decodeRecords(chunks, table);
  table.siteNames = compactSites(table, allSites);
  table.sources = await sourceDictionary(client, schema, table, sourceIds);
  return table;
}

async function storedSites(client: pg.PoolClient, schema: string): Promise<string[]> {
  const result = await client.query<{ site: string }>(
    `SELECT DISTINCT site FROM ${schema}.observation_digests WHERE rows > 0 ORDER BY site`,
  );
  return result.rows.map((row) => row.site);
}

async function queryRecords(
  client: pg.PoolClient,
  schema: string,
  filter: ObservationFilter,
  sites: string[],
  chunkRows: number,
): Promise<Buffer[]> {
  const { where, params } = filterSql(filter, 3);
  const values = VALUE_COLUMNS.map((c) => `float8send(coalesce(o.${c}, 'NaN'))`).join(' || ');
  const record =
    'float8send(o.time) || int4send(array_position($1::text[], o.site::text) - 1) || ' +
    `int2send(o.level) || int8send(o.source_id) || int8send(o.line) || ${values}`;

  // Base64 text: a third smaller than bytea's hex text format, and Buffer decodes it natively
  // (skipping the line breaks PostgreSQL's encode() inserts). node-postgres's binary result
  // format is no option, because it decodes each value as UTF-8 text first.
  const result = await client.query<{ records: string }>(
    `
      SELECT encode(string_agg(r.record, ''::bytea ORDER BY r.n), 'base64') AS records
      FROM (
        SELECT row_number() OVER (ORDER BY o.time, o.site, o.level, o.product) - 1 AS n,
          ${record} AS record
        FROM ${schema}.observations o WHERE ${where}
      ) r
      GROUP BY r.n / $2 ORDER BY r.n / $2`,
    [sites, chunkRows, ...params],
  );
  return result.rows.map((row) => Buffer.from(row.records, 'base64'));
}

/** Copies the records into `table`; returns the source id of each row. */
function decodeRecords(chunks: Buffer[], table: ObservationTable): Float64Array {
  const sourceIds = new Float64Array(table.length);
  const values = VALUE_COLUMNS.map((c) => valueColumnOf(table, c));
  let row = 0;

  for (const chunk of chunks) {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let offset = 0; offset < chunk.byteLength; offset += RECORD_BYTES, row++) {
      table.time[row] = view.getFloat64(offset + OFFSET.time);
      table.site[row] = view.getInt32(offset + OFFSET.site);
      table.level[row] = view.getInt16(offset + OFFSET.level);
      sourceIds[row] = Number(view.getBigInt64(offset + OFFSET.sourceId));
      table.line[row] = Number(view.getBigInt64(offset + OFFSET.line));
      for (let c = 0; c < values.length; c++) {
        values[c]![row] = view.getFloat64(offset + OFFSET.values + c * 8);
      }
    }
  }
  return sourceIds;
}

/** Keeps only the sites present in the rows, in byte order, and renumbers the rows' codes. */
function compactSites(table: ObservationTable, allSites: string[]): string[] {
  const used = new Uint8Array(allSites.length);
  for (let i = 0; i < table.length; i++) used[table.site[i]!] = 1;

  const names: string[] = [];
  const codes = new Uint16Array(allSites.length);
  allSites.forEach((name, code) => {
    if (used[code] === 1) codes[code] = names.push(name) - 1;
  });
  for (let i = 0; i < table.length; i++) table.site[i] = codes[table.site[i]!]!;
  return names;
}

/**
 * Numbers the sources of the rows in the embedded store's order (retrieval time, then URI) and
 * sets each row's source code.
 */
async function sourceDictionary(
  client: pg.PoolClient,
  schema: string,
  table: ObservationTable,
  sourceIds: Float64Array,
): Promise<Source[]> {
  const distinct = [...new Set(sourceIds)];
  if (distinct.length > MAX_DICTIONARY) {
    throw new BadInputError(
      'AOD_TABLE_INVALID',
      `expected at most ${MAX_DICTIONARY} distinct sources in one observation table, got ` +
        `${distinct.length}; read fewer sites or a shorter time range`,
    );
  }

  const result = await client.query<SourceRow>(
    `SELECT source_id, uri, kind, content_hash, retrieved_at, product, level
     FROM ${schema}.sources WHERE source_id = ANY($1::int8[])
     ORDER BY retrieved_at, uri, kind, content_hash, product, level`,
    [distinct.map(String)],
  );
  const codes = new Map(result.rows.map((row, code) => [Number(row.source_id), code]));
  for (let i = 0; i < table.length; i++) table.source[i] = codes.get(sourceIds[i]!)!;
  return result.rows.map(sourceOf);
}

interface SourceRow {
  source_id: string;
  uri: string;
  kind: string;
  content_hash: string;
  retrieved_at: string;
  product: string;
  level: number;
}

function sourceOf(row: SourceRow): Source {
  return {
    uri: row.uri,
    kind: row.kind === 'request' ? 'request' : 'file',
    contentHash: row.content_hash,
    retrievedAt: row.retrieved_at,
    product: row.product as Product,
    level: row.level,
  };
}
