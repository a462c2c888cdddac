/**
 * Cross-process write lock: a lock file that names its holder (pid, host, time, token).
 *
 * The file is created complete with link(2), which fails with EEXIST when the lock exists, the
 * same exclusive-create rule as O_EXCL but without a window in which the file is empty. A lock
 * whose holder runs on this host with a pid that no longer exists is stale and is taken over.
 * Takeovers are serialized by a second exclusive file, so two waiters never both remove a lock.
 */
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

import { TransientError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { tempPathFor } from './atomic-file.ts';

export interface WriteLockOptions {
  /** Maximum wait for the lock, in milliseconds. @default 60000 */
  timeoutMs?: number;
  logger?: Logger;
}

/** Holder record stored in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  acquiredAt: string;
  /** Random id of one acquisition, so a holder never removes a lock it no longer owns. */
  token: string;
}

export interface WriteLock {
  readonly holder: LockHolder;
  release(): Promise<void>;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;

/** A takeover guard older than this belongs to a process that died mid-takeover. */
const STALE_GUARD_MS = 10_000;
/** A lock file that does not parse is stale once older than this. */
const STALE_UNREADABLE_MS = 10_000;
const MAX_POLL_MS = 200;

/** Acquires the lock at `path`, waiting up to `timeoutMs`; throws AOD_STORE_LOCKED after. */
export async function acquireWriteLock(
  path: string,
  options: WriteLockOptions = {},
): Promise<WriteLock> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const logger = options.logger ?? silentLogger;
  const deadline = Date.now() + timeoutMs;
  const holder = newHolder();
  let announced = false;

  for (let pollMs = 5; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
    if (await tryCreateLock(path, holder))
      return { holder, release: () => releaseLock(path, holder) };

    const current = await readHolder(path);
    if (current === 'missing') continue;
    if (await isStale(path, current)) {
      await takeOverStaleLock(path, current, logger);
      continue;
    }

    if (Date.now() >= deadline) throw lockedError(path, current, timeoutMs);
    if (!announced)
      logger.info({ lock: path, holder: current, timeoutMs }, 'waiting for the store write lock');
    announced = true;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}

function newHolder(): LockHolder {
  return {
    pid: process.pid,
    host: hostname(),
    acquiredAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
}

async function tryCreateLock(path: string, holder: LockHolder): Promise<boolean> {
  const temp = tempPathFor(path);
  await writeFile(temp, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function readHolder(path: string): Promise<LockHolder | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }

  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    const valid = typeof parsed.pid === 'number' && typeof parsed.token === 'string';
    return valid ? (parsed as LockHolder) : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

async function isStale(path: string, holder: LockHolder | 'unreadable'): Promise<boolean> {
  if (holder === 'unreadable') return (await ageMs(path)) > STALE_UNREADABLE_MS;

  // NOTE: a holder on another host cannot be checked, so its lock waits for the timeout.
  if (holder.host !== hostname()) return false;
  return !processExists(holder.pid);
}

/** Returns true when a process with `pid` exists, including one owned by another user. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

async function takeOverStaleLock(
  path: string,
  stale: LockHolder | 'unreadable',
  logger: Logger,
): Promise<void> {
  const guard = `${path}.takeover`;
  if (!(await tryCreateGuard(guard))) {
    if ((await ageMs(guard)) > STALE_GUARD_MS) await rm(guard, { force: true });
    return;
  }

  try {
    // Remove the lock only if it is still the stale one read before taking the guard.
    const current = await readHolder(path);
    const same = stale === 'unreadable' ? current === 'unreadable' : sameHolder(current, stale);
    if (!same) return;

    await rm(path, { force: true });
    logger.warn({ lock: path, holder: stale }, 'took over a stale store write lock');
  } finally {
    await rm(guard, { force: true });
  }
}

async function tryCreateGuard(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.close();
    return true;
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
}

async function releaseLock(path: string, holder: LockHolder): Promise<void> {
  const current = await readHolder(path);
  if (!sameHolder(current, holder)) return;

  await unlink(path).catch((error: unknown) => {
    if (errorCode(error) !== 'ENOENT') throw error;
  });
}

function sameHolder(current: LockHolder | 'missing' | 'unreadable', holder: LockHolder): boolean {
  return typeof current === 'object' && current.token === holder.token;
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

function lockedError(
  path: string,
  holder: LockHolder | 'unreadable',
  timeoutMs: number,
): TransientError {
  const holderText =
    holder === 'unreadable'
      ? 'an unreadable holder record'
      : `pid ${holder.pid} on ${holder.host} since ${holder.acquiredAt}`;
  return new TransientError(
    'AOD_STORE_LOCKED',
    `expected the store write lock to be free within ${timeoutMs} ms, got it held by ${holderText}; ` +
      'retry later, or delete the lock file if that process no longer runs',
    { file: path },
  );
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
