/**
 * Garbage collection of observation files. A partition file is removed only when the manifest
 * names it neither as live nor as retired and it is older than the grace period. Files of a
 * writer killed before its commit are such orphans, and so are retired files once the manifest
 * drops them. Runs under the write lock, so no writer is creating files meanwhile.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from '../logger.ts';
import { TEMP_INFIX } from './atomic-file.ts';
import type { Manifest } from './manifest.ts';
import { errorCode } from './write-lock.ts';

/**
 * Minimum age of a removable temporary file. A waiting writer creates its lock record as a
 * temporary file outside the lock, so a young one may still be in use.
 */
const MIN_TEMP_AGE_MS = 60_000;

/** Removes orphan partition files and stray temporary files; returns how many it removed. */
export async function removeUnreferencedFiles(
  observationsDir: string,
  manifest: Manifest,
  graceMs: number,
  logger: Logger,
): Promise<number> {
  const referenced = new Set([
    ...manifest.partitions.map((p) => p.file),
    ...manifest.retired.map((r) => r.file),
  ]);
  const cutoff = Date.now() - graceMs;
  const tempCutoff = Date.now() - Math.max(graceMs, MIN_TEMP_AGE_MS);
  let removed = 0;

  for (const file of await listCandidates(observationsDir)) {
    if (referenced.has(file)) continue;

    const path = join(observationsDir, file);
    const modified = await modifiedAt(path);
    const isTemp = !file.includes('/');
    if (modified === undefined || modified > (isTemp ? tempCutoff : cutoff)) continue;

    await rm(path, { force: true, recursive: true });
    removed++;
  }

  if (removed > 0) logger.info({ removed, observationsDir }, 'removed unreferenced store files');
  return removed;
}

/** Returns partition files and top-level temporary files, as paths relative to `dir`. */
async function listCandidates(dir: string): Promise<string[]> {
  const candidates: string[] = [];
  for (const entry of await entries(dir)) {
    if (entry.startsWith('.') && entry.includes(TEMP_INFIX)) candidates.push(entry);
    if (!entry.startsWith('site=')) continue;

    for (const year of await entries(join(dir, entry))) {
      if (!year.startsWith('year=')) continue;
      for (const file of await entries(join(dir, entry, year))) {
        candidates.push(`${entry}/${year}/${file}`);
      }
    }
  }
  return candidates;
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
