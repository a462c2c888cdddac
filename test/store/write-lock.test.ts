import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { TransientError } from '../../src/errors.ts';
import { acquireWriteLock, type LockHolder } from '../../src/store/write-lock.ts';
import { tempDir } from '../support/paths.ts';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await tempDir('aodflow-lock-');
  lockPath = join(dir, 'write.lock');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Returns the pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

async function writeHolder(holder: Partial<LockHolder>): Promise<void> {
  const record = { pid: process.pid, host: hostname(), acquiredAt: 'then', token: 't0', ...holder };
  await writeFile(lockPath, JSON.stringify(record));
}

test('lock file names its holder', async () => {
  const lock = await acquireWriteLock(lockPath);

  const holder = JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
  assert.deepEqual(holder, lock.holder);
  assert.equal(holder.pid, process.pid);
  assert.equal(holder.host, hostname());

  await lock.release();
  await assert.rejects(stat(lockPath), { code: 'ENOENT' });
});

test('second writer waits for release', async () => {
  const first = await acquireWriteLock(lockPath);
  const order: string[] = [];

  const second = acquireWriteLock(lockPath, { timeoutMs: 5000 }).then((lock) => {
    order.push('second acquired');
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  order.push('first released');
  await first.release();
  await (await second).release();

  assert.deepEqual(order, ['first released', 'second acquired']);
});

test('held lock times out as transient', async () => {
  await writeHolder({ host: 'other-host', pid: 4242, acquiredAt: '2026-01-01T00:00:00.000Z' });

  await assert.rejects(acquireWriteLock(lockPath, { timeoutMs: 150 }), (error: unknown) => {
    assert.ok(error instanceof TransientError);
    assert.equal(error.code, 'AOD_STORE_LOCKED');
    assert.equal(error.retryable, true);
    assert.equal(
      error.message,
      'expected the store write lock to be free within 150 ms, got it held by pid 4242 on ' +
        'other-host since 2026-01-01T00:00:00.000Z; retry later, or delete the lock file if ' +
        `that process no longer runs (${lockPath})`,
    );
    return true;
  });
});

test('lock of a dead process is taken over', async () => {
  await writeHolder({ pid: deadPid(), token: 'stale' });

  const lock = await acquireWriteLock(lockPath, { timeoutMs: 2000 });

  const holder = JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
  assert.equal(holder.token, lock.holder.token);
  assert.notEqual(holder.token, 'stale');
  await lock.release();
});

test('old unreadable lock is taken over', async () => {
  await writeFile(lockPath, '');
  const old = new Date(Date.now() - 60_000);
  await utimes(lockPath, old, old);

  const lock = await acquireWriteLock(lockPath, { timeoutMs: 2000 });

  assert.equal(JSON.parse(await readFile(lockPath, 'utf8')).token, lock.holder.token);
  await lock.release();
});

test('release leaves a lock it lost', async () => {
  const lock = await acquireWriteLock(lockPath);
  await writeHolder({ token: 'someone-else' });

  await lock.release();

  assert.equal(JSON.parse(await readFile(lockPath, 'utf8')).token, 'someone-else');
});
