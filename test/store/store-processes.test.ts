import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { dataDirLayout } from '../../src/store/data-dir.ts';
import { openEmbeddedStore } from '../../src/store/embedded-store.ts';
import { readManifest } from '../../src/store/manifest.ts';
import type { LockHolder } from '../../src/store/write-lock.ts';
import { tempDir } from '../support/paths.ts';
import { startChild } from './child-process.ts';
import { hourlyTable, rowsOf } from './observation-fixtures.ts';

const START = '2020-01-01T00:00:00Z';

let dataDir: string;

beforeEach(async () => {
  dataDir = await tempDir('aodflow-store-processes-');
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function observationsDir(): string {
  return dataDirLayout(dataDir).observations;
}

test('reader sees old or new count', async () => {
  const store = await openEmbeddedStore(dataDir);
  try {
    await store.writeObservations(hourlyTable('Dakar', START, 2000));
    const writer = startChild(['write', dataDir, 'Dakar', START, '3000', '0', '2000'], {
      AODFLOW_TEST_PAUSE_BEFORE_COMMIT_MS: '400',
    });
    let exited = false;
    void writer.exited.then(() => (exited = true));

    const seen = new Set<number>();
    let readsWhileStaged = 0;
    while (!exited) {
      const staged = writer.stdout().includes('before-commit');
      const count = await store.countObservations();
      const read = await store.readObservations({ sites: ['Dakar'] });
      seen.add(count);
      seen.add(read.length);
      if (staged && !writer.stdout().includes('added')) readsWhileStaged++;
    }

    assert.deepEqual(await writer.exited, { code: 0, signal: null }, writer.stderr());
    assert.deepEqual(
      [...seen].filter((n) => n !== 2000 && n !== 5000),
      [],
    );
    assert.ok(readsWhileStaged > 0, 'expected reads while the new files were not yet committed');
    assert.equal(await store.countObservations(), 5000);
  } finally {
    await store.close();
  }
});

test('killed writer leaves data intact', async () => {
  const store = await openEmbeddedStore(dataDir, { retiredFileGraceMs: 0 });
  try {
    await store.writeObservations(hourlyTable('Dakar', START, 500));
    const versionBefore = await store.dataVersion();
    const rowsBefore = rowsOf(await store.readObservations());

    // Changes every stored value and adds rows, then dies before its commit.
    const writer = startChild(['write', dataDir, 'Dakar', START, '800', '1', '0'], {
      AODFLOW_TEST_STOP_BEFORE_COMMIT: '1',
    });
    await writer.waitForOutput('before-commit');
    writer.process.kill('SIGKILL');
    assert.deepEqual(await writer.exited, { code: null, signal: 'SIGKILL' });

    assert.equal(await store.countObservations(), 500);
    assert.equal(await store.dataVersion(), versionBefore);
    assert.deepEqual(rowsOf(await store.readObservations()), rowsBefore);
    const lockPath = join(observationsDir(), 'write.lock');
    const holder = JSON.parse(await readFile(lockPath, 'utf8')) as LockHolder;
    assert.equal(holder.pid, writer.process.pid);

    // The next writer takes over the stale lock and removes the orphan file.
    const summary = await store.writeObservations(hourlyTable('Ilorin', START, 10));

    assert.equal(summary.added, 10);
    assert.equal(await store.countObservations(), 510);
    await assert.rejects(readFile(lockPath), { code: 'ENOENT' });
    const manifest = await readManifest(join(observationsDir(), 'manifest.json'));
    assert.deepEqual(
      await readdir(join(observationsDir(), 'site=Dakar', 'year=2020')),
      manifest.partitions.filter((p) => p.site === 'Dakar').map((p) => p.file.split('/')[2]),
    );
  } finally {
    await store.close();
  }
});

test('concurrent writers lose nothing', async () => {
  // Disjoint rows of the same partition: unserialized writers would overwrite each other.
  const first = startChild(['write', dataDir, 'Dakar', START, '1500', '0', '0']);
  const second = startChild(['write', dataDir, 'Dakar', START, '1500', '0', '1500']);

  const exits = await Promise.all([first.exited, second.exited]);

  assert.deepEqual(exits, [
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
  for (const child of [first, second]) {
    const summary = JSON.parse(child.stdout()) as { added: number };
    assert.equal(summary.added, 1500);
  }
  const store = await openEmbeddedStore(dataDir);
  try {
    assert.equal(await store.countObservations(), 3000);
    assert.equal(await store.manifestVersion(), 2);
    const times = (await store.readObservations()).time;
    assert.equal(new Set(times).size, 3000);
  } finally {
    await store.close();
  }
});
