/**
 * Writes a new Parquet file for every partition that has rows in view `changes`, merged with
 * the rows of table `stored` that stay. All partitions go out in one partitioned COPY, which
 * costs far less than one COPY per partition, into a hidden staging folder. Each file then moves
 * to a new unique name in its partition folder, so no live file is ever overwritten.
 *
 * Rows are not sorted by key within a file: sorting a million rows took about as long as
 * writing them, and readers sort anyway.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { DuckDBConnection } from '@duckdb/node-api';

import { syncPath, tempPathFor } from './atomic-file.ts';
import { digestPartitions } from './fingerprint.ts';
import { partitionFilePath, partitionKey, type PartitionEntry } from './manifest.ts';
import {
  KEY_COLUMNS,
  readParquetSql,
  quotedString,
  sameKeySql,
  storedColumnsSql,
} from './stored-columns.ts';

const KEY_ORDER = KEY_COLUMNS.join(', ');
const PARQUET_OPTIONS = 'FORMAT parquet, COMPRESSION zstd';
/**
 * Maximum partitions changed by one merge. DuckDB's partitioned COPY keeps a file open per
 * partition, each buffering every column. One COPY of 950 partitions (a million rows over 190
 * sites) ran out of a 1 GB memory limit even with rows sorted by partition.
 */
export const MAX_PARTITIONS_PER_WRITE = 100;

interface PartitionSummary extends Omit<PartitionEntry, 'file'> {
  /** Number of the partition in the staging folder (`part=<n>`). */
  part: number;
}

/** Writes the changed partitions and returns their new manifest entries. */
export async function writeChangedPartitions(
  connection: DuckDBConnection,
  observationsDir: string,
): Promise<PartitionEntry[]> {
  await numberChangedPartitions(connection);
  await buildRewritten(connection);
  const summaries = await summarizePartitions(connection);

  const staging = tempPathFor(join(observationsDir, 'staging'));
  try {
    await copyPartitions(connection, staging);
    return await placeFiles(connection, staging, summaries, observationsDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/**
 * Copies the rewritten partitions into the staging folder in one partitioned COPY. Each
 * partition keeps one file open while there are at most MAX_PARTITIONS_PER_WRITE; with more,
 * DuckDB closes files early and a partition may arrive in several files.
 */
async function copyPartitions(connection: DuckDBConnection, staging: string): Promise<void> {
  await connection.run(`SET partitioned_write_max_open_files = ${MAX_PARTITIONS_PER_WRITE + 1}`);
  await connection.run(`
    COPY (SELECT part, ${storedColumnsSql('r')} FROM rewritten r)
    TO ${quotedString(staging)} (${PARQUET_OPTIONS}, PARTITION_BY (part))`);
}

async function numberChangedPartitions(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TEMP TABLE changed_partitions AS
    SELECT site, year, CAST(row_number() OVER (ORDER BY site, year) - 1 AS INTEGER) AS part
    FROM (SELECT DISTINCT site, year FROM changes)`);
}

/**
 * Defines view `rewritten`: every row of each changed partition, changes applied. A view,
 * because materializing a million rows cost more than evaluating it twice.
 */
async function buildRewritten(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
    CREATE TEMP VIEW rewritten AS
    SELECT p.part, r.*
    FROM (
      SELECT * FROM changes
      UNION ALL
      SELECT s.* FROM stored s
        SEMI JOIN changed_partitions p ON p.site = s.site AND p.year = s.year
        ANTI JOIN changes c ON ${sameKeySql('c', 's')}
    ) r
    JOIN changed_partitions p ON p.site = r.site AND p.year = r.year`);
}

/** Returns the digest of each changed partition with its number in the staging folder. */
async function summarizePartitions(connection: DuckDBConnection): Promise<PartitionSummary[]> {
  const numbered = await connection.runAndReadAll(
    'SELECT site, year, part FROM changed_partitions',
  );
  const parts = new Map(
    numbered
      .getRowsJS()
      .map(([site, year, part]) => [
        partitionKey({ site: String(site), year: Number(year) }),
        Number(part),
      ]),
  );

  const digests = await digestPartitions(connection, 'rewritten');
  return digests.map((digest) => ({ ...digest, part: parts.get(partitionKey(digest))! }));
}

/** Moves each staged partition to a new unique file in its partition folder, flushed to disk. */
async function placeFiles(
  connection: DuckDBConnection,
  staging: string,
  summaries: PartitionSummary[],
  observationsDir: string,
): Promise<PartitionEntry[]> {
  const entries: PartitionEntry[] = [];
  const folders = new Set<string>();

  for (const { part, ...summary } of summaries) {
    const file = partitionFilePath(summary.site, summary.year, randomUUID());
    const target = join(observationsDir, file);
    await mkdir(dirname(target), { recursive: true });

    const partDir = join(staging, `part=${part}`);
    const staged = (await readdir(partDir)).sort().map((name) => join(partDir, name));
    await moveOrCombine(connection, staged, target);

    entries.push({ ...summary, file });
    folders.add(dirname(target));
  }

  await Promise.all(entries.map((entry) => syncPath(join(observationsDir, entry.file))));
  await Promise.all([...folders].map(syncPath));
  return entries;
}

/**
 * Renames the one staged file of a partition to `target`. DuckDB may write a partition in
 * several files, for example when it had to close the first to stay under
 * `partitioned_write_max_open_files`, and such files are combined into one.
 */
async function moveOrCombine(
  connection: DuckDBConnection,
  staged: string[],
  target: string,
): Promise<void> {
  if (staged.length === 1) {
    await rename(staged[0]!, target);
    return;
  }

  await connection.run(`
    COPY (SELECT * FROM ${readParquetSql(staged)} ORDER BY ${KEY_ORDER})
    TO ${quotedString(target)} (${PARQUET_OPTIONS})`);
}
