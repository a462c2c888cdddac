/**
 * Atomic file replacement. The content goes to a temporary file beside the target, is flushed
 * to disk, then renamed over the target. rename(2) within one directory is atomic on POSIX file
 * systems, so a reader opens either the old file or the new one, never a mix. A process killed
 * mid-write leaves the old file intact, plus at most a stray temporary file.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Infix of temporary file names; their names start with a dot so listings skip them. */
export const TEMP_INFIX = '.tmp-';

/** Returns a fresh hidden temporary path in the folder of `path`. */
export function tempPathFor(path: string): string {
  const unique = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}${TEMP_INFIX}${unique}`);
}

/** Replaces `path` with `data` atomically and durably. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }

  await syncPath(dirname(path));
}

/** Flushes a file or folder to disk, so a rename or a new file survives a power loss. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
