/**
 * The observation manifest: which Parquet file is live for each (site, year) partition.
 *
 * Readers take one manifest snapshot and read only the files it names, so a write becomes
 * visible at the single moment its new manifest is renamed into place.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { BadInputError } from '../errors.ts';
import type { ObservationFilter } from './store.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { errorCode } from './write-lock.ts';

export const MANIFEST_FORMAT = 1;

/** One live Parquet file holding every stored observation of a site in a UTC year. */
export interface PartitionEntry {
  site: string;
  year: number;
  /** Path relative to the observations folder. */
  file: string;
  rows: number;
  /** Earliest observation time, seconds since the epoch. */
  minTime: number;
  /** Latest observation time, seconds since the epoch. */
  maxTime: number;
  /** Content fingerprint from `fingerprint.ts`: ignores row order and lineage. */
  fingerprint: string;
}

/** A file no longer live, kept until readers of older manifests have had time to finish. */
export interface RetiredFile {
  file: string;
  retiredAt: string;
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Commit counter: 0 for an empty store, then one more per write that changed rows. */
  version: number;
  /** Sorted by site, then year. */
  partitions: PartitionEntry[];
  retired: RetiredFile[];
}

export function emptyManifest(): Manifest {
  return { format: MANIFEST_FORMAT, version: 0, partitions: [], retired: [] };
}

/** Reads the manifest at `path`; a missing file is an empty store. */
export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return emptyManifest();
    throw error;
  }

  let parsed: Partial<Manifest>;
  try {
    parsed = JSON.parse(text) as Partial<Manifest>;
  } catch (error) {
    throw corrupt(path, 'it is not valid JSON', error);
  }
  if (parsed.format !== MANIFEST_FORMAT) {
    throw corrupt(path, `expected format ${MANIFEST_FORMAT}, got ${String(parsed.format)}`);
  }
  if (!Array.isArray(parsed.partitions) || !Array.isArray(parsed.retired)) {
    throw corrupt(path, 'expected "partitions" and "retired" arrays');
  }
  return parsed as Manifest;
}

/** Replaces the manifest atomically: readers see the old one or this one, whole. */
export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 1)}\n`);
}

/**
 * Returns the manifest after a write: `changed` entries replace those of the same partition,
 * the replaced files become retired, and retired files older than `graceMs` are dropped.
 */
export function nextManifest(
  manifest: Manifest,
  changed: PartitionEntry[],
  now: Date,
  graceMs: number,
): Manifest {
  const byPartition = new Map(manifest.partitions.map((p) => [partitionKey(p), p]));
  const retiredAt = now.toISOString();
  const retired = manifest.retired.filter((r) => now.getTime() - Date.parse(r.retiredAt) < graceMs);

  for (const entry of changed) {
    const previous = byPartition.get(partitionKey(entry));
    if (previous !== undefined) retired.push({ file: previous.file, retiredAt });
    byPartition.set(partitionKey(entry), entry);
  }

  return {
    format: MANIFEST_FORMAT,
    version: manifest.version + 1,
    partitions: sortPartitions([...byPartition.values()]),
    retired,
  };
}

/** Returns a map key naming one (site, year) partition. */
export function partitionKey(partition: { site: string; year: number }): string {
  return `${partition.site}\u0000${partition.year}`;
}

/**
 * Returns the fingerprint of the stored observation set: SHA-256 over each partition's site,
 * year and content fingerprint. Equal rows give equal versions whatever the write history.
 */
export function dataVersionOf(manifest: Manifest): string {
  const hash = createHash('sha256');
  for (const partition of sortPartitions(manifest.partitions)) {
    hash.update(`${partition.site}\u0000${partition.year}\u0000${partition.fingerprint}\n`);
  }
  return hash.digest('hex');
}

export function sortPartitions(partitions: PartitionEntry[]): PartitionEntry[] {
  return partitions.slice().sort((a, b) => {
    if (a.site !== b.site) return a.site < b.site ? -1 : 1;
    return a.year - b.year;
  });
}

/** Returns the partitions that may hold rows matching `filter`. */
export function selectPartitions(
  manifest: Manifest,
  filter: ObservationFilter = {},
): PartitionEntry[] {
  const sites = filter.sites === undefined ? undefined : new Set(filter.sites);
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;

  return manifest.partitions.filter(
    (p) => (sites === undefined || sites.has(p.site)) && p.maxTime >= from && p.minTime < to,
  );
}

/** Returns true when every row of `partition` lies inside the time range of `filter`. */
export function insideTimeRange(partition: PartitionEntry, filter: ObservationFilter): boolean {
  const from = filter.from ?? -Infinity;
  const to = filter.to ?? Infinity;
  return partition.minTime >= from && partition.maxTime < to;
}

/** Returns the relative path for a new file of a partition; `id` makes the name unique. */
export function partitionFilePath(site: string, year: number, id: string): string {
  return `site=${encodeURIComponent(site)}/year=${year}/${id}.parquet`;
}

function corrupt(path: string, detail: string, cause?: unknown): BadInputError {
  return new BadInputError(
    'AOD_STORE_CORRUPT',
    `observation manifest is unreadable: ${detail}; restore it from a backup or delete the ` +
      'observations folder and ingest again',
    { file: path, cause },
  );
}
