/**
 * Sorts the rows of a write by what their (site, UTC year) partition needs, before any row is
 * sent to the server:
 * - a partition with no stored row: every row is added, so its rows skip classification;
 * - a partition whose incoming rows have the stored digest: every row is unchanged, so its rows
 *   are not sent at all, which makes writing the same files again cost one digest query;
 * - any other partition: its rows are classified one by one (`classify-batch.ts`).
 *
 * The incoming rows of each partition are hashed into the digest the store keeps: row count,
 * XOR and sum of the 64-bit row hashes. Equal digests mean the same rows with near certainty.
 * The unchanged shortcut is skipped when a key repeats in the table, because the digest would
 * count rows that are not kept. Callers hold the site locks, so the digests cannot change
 * while the write runs.
 */
import type pg from 'pg';

import type { ObservationTable } from '../../observation.ts';
import type { RowHashes } from './row-hash.ts';

/** Digest of the incoming rows of one partition. */
export interface IncomingDigest {
  site: string;
  year: number;
  rows: number;
  minTime: number;
  maxTime: number;
  xorHigh: number;
  xorLow: number;
  /** Sums of the signed high and unsigned low hash halves since the last carry. */
  sumHigh: number;
  sumLow: number;
  /** Sum of the full hashes carried out every `CARRY_ROWS` rows, before doubles lose digits. */
  sumCarry: bigint;
}

export interface PartitionPlan {
  /** Table rows to classify against the stored rows. */
  classify: Uint32Array;
  /** First occurrence of each `classify` row's key; null when every row is its own. */
  classifyFirsts: Uint32Array | null;
  /** Table rows of partitions with no stored row. */
  added: Uint32Array;
  /** Digests of those partitions. */
  addedDigests: IncomingDigest[];
  /** Rows of partitions equal to the stored ones. */
  identicalRows: number;
}

/** 2^20 rows of 32-bit halves sum to under 2^52, within a double's exact integers. */
const CARRY_ROWS = 2 ** 20;

type Fate = 'classify' | 'added' | 'identical';

/**
 * Plans the write of `rows`, the kept table rows (null for every row). When keys repeat,
 * `firsts` gives the first occurrence of each kept row's key.
 */
export async function planPartitions(
  client: pg.PoolClient,
  schema: string,
  table: ObservationTable,
  hashes: RowHashes,
  rows: Uint32Array | null,
  firsts: Uint32Array | null,
): Promise<PartitionPlan> {
  const count = rows?.length ?? table.length;
  const rowAt = (position: number): number => (rows === null ? position : rows[position]!);
  const { digests, groupOf } = digestRows(table, hashes, count, rowAt);
  const fates = await partitionFates(client, schema, digests, firsts === null);

  const classify: number[] = [];
  const classifyFirsts: number[] = [];
  const added: number[] = [];
  let identicalRows = 0;
  for (let position = 0; position < count; position++) {
    const fate = fates[groupOf[position]!]!;
    if (fate === 'identical') identicalRows++;
    else if (fate === 'added') added.push(rowAt(position));
    else {
      classify.push(rowAt(position));
      if (firsts !== null) classifyFirsts.push(firsts[position]!);
    }
  }

  return {
    classify: Uint32Array.from(classify),
    classifyFirsts: firsts === null ? null : Uint32Array.from(classifyFirsts),
    added: Uint32Array.from(added),
    addedDigests: digests.filter((_, group) => fates[group] === 'added'),
    identicalRows,
  };
}

function digestRows(
  table: ObservationTable,
  hashes: RowHashes,
  count: number,
  rowAt: (position: number) => number,
): { digests: IncomingDigest[]; groupOf: Uint32Array } {
  const digests: IncomingDigest[] = [];
  const index = new Map<string, number>();
  const groupOf = new Uint32Array(count);
  const years = new UtcYears();

  for (let position = 0; position < count; position++) {
    const i = rowAt(position);
    const site = table.siteNames[table.site[i]!]!;
    const time = table.time[i]!;
    const year = years.of(time);
    const key = `${site}\u0000${year}`;
    let group = index.get(key);
    if (group === undefined) {
      group = digests.length;
      digests.push(emptyDigest(site, year));
      index.set(key, group);
    }

    const digest = digests[group]!;
    digest.rows++;
    digest.minTime = Math.min(digest.minTime, time);
    digest.maxTime = Math.max(digest.maxTime, time);
    digest.xorHigh ^= hashes.high[i]!;
    digest.xorLow ^= hashes.low[i]!;
    digest.sumHigh += hashes.high[i]!;
    digest.sumLow += hashes.low[i]! >>> 0;
    if (digest.rows % CARRY_ROWS === 0) carrySum(digest);
    groupOf[position] = group;
  }
  return { digests, groupOf };
}

function emptyDigest(site: string, year: number): IncomingDigest {
  return {
    site,
    year,
    rows: 0,
    minTime: Infinity,
    maxTime: -Infinity,
    xorHigh: 0,
    xorLow: 0,
    sumHigh: 0,
    sumLow: 0,
    sumCarry: 0n,
  };
}

function carrySum(digest: IncomingDigest): void {
  digest.sumCarry += BigInt(digest.sumHigh) * 2n ** 32n + BigInt(digest.sumLow);
  digest.sumHigh = 0;
  digest.sumLow = 0;
}

/** Returns the fate of each digest's partition from the stored digests. */
async function partitionFates(
  client: pg.PoolClient,
  schema: string,
  digests: IncomingDigest[],
  identicalAllowed: boolean,
): Promise<Fate[]> {
  const result = await client.query<{
    n: string;
    rows: string;
    hash_xor: string;
    hash_sum: string;
  }>(
    `SELECT u.n, d.rows, d.hash_xor, d.hash_sum
     FROM unnest($1::text[], $2::int4[]) WITH ORDINALITY AS u(site, year, n)
     JOIN ${schema}.observation_digests d ON d.site = u.site AND d.year = u.year
     WHERE d.rows > 0`,
    [digests.map((d) => d.site), digests.map((d) => d.year)],
  );

  const fates = digests.map((): Fate => 'added');
  for (const stored of result.rows) {
    const group = Number(stored.n) - 1;
    const digest = digests[group]!;
    const identical =
      identicalAllowed &&
      String(digest.rows) === stored.rows &&
      digestXor(digest) === stored.hash_xor &&
      digestSum(digest) === stored.hash_sum;
    fates[group] = identical ? 'identical' : 'classify';
  }
  return fates;
}

/** Returns the XOR of the row hashes as the signed decimal text PostgreSQL prints. */
export function digestXor(digest: IncomingDigest): string {
  const unsigned = (BigInt(digest.xorHigh >>> 0) << 32n) | BigInt(digest.xorLow >>> 0);
  return BigInt.asIntN(64, unsigned).toString();
}

/** Returns the sum of the signed row hashes as decimal text. */
export function digestSum(digest: IncomingDigest): string {
  return (digest.sumCarry + BigInt(digest.sumHigh) * 2n ** 32n + BigInt(digest.sumLow)).toString();
}

/** UTC calendar years of epoch seconds, remembering the last year's bounds. */
class UtcYears {
  private start = Infinity;
  private end = -Infinity;
  private year = 0;

  of(seconds: number): number {
    if (seconds >= this.start && seconds < this.end) return this.year;

    const date = new Date(Math.floor(seconds / 86_400) * 86_400_000);
    this.year = date.getUTCFullYear();
    this.start = yearStart(this.year);
    this.end = yearStart(this.year + 1);
    return this.year;
  }
}

/** Returns the first second of a UTC year; unlike Date.UTC, right for years 0 to 99 too. */
function yearStart(year: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 1);
  return date.getTime() / 1000;
}
