/**
 * Writes an ObservationTable into the PostgreSQL store in one transaction, so readers see all
 * of its rows or none.
 *
 * Steps:
 * 1. Take a transaction-scoped advisory lock per site written, in lock-id order. Writers of
 *    different sites do not wait for each other, unless two site names hash to one lock id
 *    (about 1 in 4 billion per pair). Writers of one site take turns, so the counts and
 *    digests are computed on rows no other writer changes. No table lock is taken, and rows
 *    are locked one by one as the upserts change them.
 * 2. Set aside the partitions whose digest equals the stored one (`identical-partitions.ts`).
 * 3. Classify the other rows by key and hash (`classify-batch.ts`).
 * 4. Insert the table's sources, then upsert the new and changed rows (`upsert-rows.ts`).
 * 5. Fold the change of each (site, year) digest into `observation_digests`.
 */
import type pg from 'pg';

import { TransientError } from '../../errors.ts';
import type { ObservationTable } from '../../observation.ts';
import { assertWritable } from '../assert-writable.ts';
import type { RowRange } from './binary-array.ts';
import { classifyBatch, classifyParams, classifySql, pendingPositions } from './classify-batch.ts';
import { collapseRepeatedKeys, type CollapsedRows } from './collapse-keys.ts';
import { DigestDelta } from './digest-delta.ts';
import { planPartitions } from './plan-partitions.ts';
import { hashRows, type RowHashes } from './row-hash.ts';
import { lockId, quoteIdentifier } from './sql-names.ts';
import { upsertBatch, upsertParams, upsertSql } from './upsert-rows.ts';

export interface WriteOptions {
  schema: string;
  /** Rows per batch statement of each pass. */
  batchRows: number;
  /** Maximum wait for the site locks, in milliseconds. */
  lockTimeoutMs: number;
  /** PostgreSQL `work_mem` of the write transaction, such as `'64MB'`; checked by the caller. */
  workMem: string;
}

export interface RowCounts {
  added: number;
  replaced: number;
  unchanged: number;
}

/** Writes `table` through `client`, which must not be inside a transaction. */
export async function writeObservationRows(
  client: pg.PoolClient,
  table: ObservationTable,
  options: WriteOptions,
): Promise<RowCounts> {
  assertWritable(table);
  const rows = { table, hashes: hashRows(table) };
  const collapsed = collapseRepeatedKeys(table);
  const schema = quoteIdentifier(options.schema);

  await client.query('BEGIN');
  try {
    const lockTimeoutMs = Math.max(1, Math.round(options.lockTimeoutMs));
    await client.query(`SET LOCAL lock_timeout = ${lockTimeoutMs}`);
    await client.query(`SET LOCAL work_mem = '${options.workMem}'`);
    await lockSites(client, options.schema, sitesWritten(table));

    const counts = await writeLocked(client, schema, rows, collapsed, options);
    await client.query('COMMIT');
    return counts;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

interface Rows {
  table: ObservationTable;
  hashes: RowHashes;
}

/** Runs steps 2 to 5 inside the transaction, with the site locks held. */
async function writeLocked(
  client: pg.PoolClient,
  schema: string,
  rows: Rows,
  collapsed: CollapsedRows,
  options: WriteOptions,
): Promise<RowCounts> {
  const { table, hashes } = rows;
  const plan = await planPartitions(client, schema, table, hashes, collapsed.kept, collapsed.first);
  const delta = new DigestDelta();
  plan.addedDigests.forEach((digest) => delta.addNewPartition(digest));

  const classified = await classifyRows(client, schema, { ...rows, ...plan }, delta, options);
  const pending = concatRows(plan.added, classified);
  const sourceIds = pending.length > 0 ? await upsertSources(client, schema, table) : [];
  const written = await upsertRows(client, schema, { ...rows, sourceIds, pending }, options);
  assertAllWritten(delta.changed, written);
  await delta.apply(client, schema);

  return {
    added: delta.added,
    unchanged: delta.firstUnchanged + collapsed.repeats.unchanged + plan.identicalRows,
    replaced: delta.firstReplaced + collapsed.repeats.replaced,
  };
}

function sitesWritten(table: ObservationTable): string[] {
  const used = new Uint8Array(table.siteNames.length);
  for (let i = 0; i < table.length; i++) used[table.site[i]!] = 1;
  return table.siteNames.filter((_, code) => used[code] === 1);
}

/** Takes the site locks in ascending id order, which rules out a cycle of site lock waits. */
async function lockSites(client: pg.PoolClient, schema: string, sites: string[]): Promise<void> {
  const ids = sites.map((site) => lockId(schema, `site/${site}`));
  const unique = [...new Map(ids.map((id) => [id[1], id])).values()];

  for (const id of unique.sort((a, b) => a[1] - b[1])) {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', id);
  }
}

/** Inserts sources not yet stored; returns the id of each of the table's sources. */
async function upsertSources(
  client: pg.PoolClient,
  schema: string,
  table: ObservationTable,
): Promise<string[]> {
  const params = [
    table.sources.map((s) => s.uri),
    table.sources.map((s) => s.kind),
    table.sources.map((s) => s.contentHash),
    table.sources.map((s) => s.retrievedAt),
    table.sources.map((s) => s.product),
    table.sources.map((s) => s.level),
  ];
  const incoming =
    'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int2[]) ' +
    'WITH ORDINALITY AS u(uri, kind, content_hash, retrieved_at, product, level, n)';
  const columns = 'uri, kind, content_hash, retrieved_at, product, level';

  // Sorted, so two writers inserting the same new sources lock them in one order.
  await client.query(
    `INSERT INTO ${schema}.sources (${columns})
     SELECT ${columns} FROM ${incoming} ORDER BY ${columns}
     ON CONFLICT DO NOTHING`,
    params,
  );
  const result = await client.query<{ source_id: string }>(
    `SELECT s.source_id FROM ${incoming}
     JOIN ${schema}.sources s ON (s.uri, s.kind, s.content_hash, s.retrieved_at, s.product,
       s.level) = (u.uri, u.kind, u.content_hash, u.retrieved_at, u.product, u.level)
     ORDER BY u.n`,
    params,
  );
  return result.rows.map((row) => row.source_id);
}

/** Classifies the planned rows into `delta`; returns the table rows to write. */
async function classifyRows(
  client: pg.PoolClient,
  schema: string,
  rows: Rows & { classify: Uint32Array; classifyFirsts: Uint32Array | null },
  delta: DigestDelta,
  options: WriteOptions,
): Promise<Uint32Array> {
  const sql = classifySql(schema);
  const { table, hashes, classify, classifyFirsts } = rows;
  const pending: number[] = [];
  let running: Promise<void> | null = null;

  // The next batch is encoded while the server runs the previous one.
  for (let start = 0; start < classify.length; start += options.batchRows) {
    const end = Math.min(classify.length, start + options.batchRows);
    const range: RowRange = { rows: classify, start, end };
    const firstRange: RowRange = { rows: classifyFirsts ?? classify, start, end };
    const params = classifyParams(table, hashes, range, firstRange);
    if (running !== null) await running;
    running = classifyBatch(client, sql, params).then((groups) => {
      delta.add(groups);
      for (const position of pendingPositions(groups)) pending.push(classify[start + position]!);
    });
  }
  if (running !== null) await running;
  return Uint32Array.from(pending);
}

function concatRows(a: Uint32Array, b: Uint32Array): Uint32Array {
  const all = new Uint32Array(a.length + b.length);
  all.set(a);
  all.set(b, a.length);
  return all;
}

/** Upserts the pending rows; returns how many rows the server wrote. */
async function upsertRows(
  client: pg.PoolClient,
  schema: string,
  rows: Rows & { sourceIds: string[]; pending: Uint32Array },
  options: WriteOptions,
): Promise<number> {
  const sql = upsertSql(schema);
  let written = 0;
  let running: Promise<number> | null = null;

  // The next batch is encoded while the server runs the previous one.
  for (let start = 0; start < rows.pending.length; start += options.batchRows) {
    const end = Math.min(rows.pending.length, start + options.batchRows);
    const range: RowRange = { rows: rows.pending, start, end };
    const params = upsertParams(rows.table, rows.hashes, rows.sourceIds, range);
    if (running !== null) written += await running;
    running = upsertBatch(client, sql, params);
  }
  return written + (running === null ? 0 : await running);
}

/**
 * Rejects a write whose upserts wrote another number of rows than classified. The site locks
 * keep other aodflow writers out, so a mismatch means a writer that bypassed aodflow changed
 * the rows, and committing would leave the digests wrong.
 */
function assertAllWritten(changed: number, written: number): void {
  if (written === changed) return;

  throw new TransientError(
    'AOD_STORE_LOCKED',
    `expected to write ${changed} changed observation rows, wrote ${written}: ` +
      'another process changed the same rows without the site lock; the write was rolled back',
  );
}
