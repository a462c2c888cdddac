import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { BadInputError } from '../../src/errors.ts';
import { FileIngestState } from '../../src/store/file-ingest-state.ts';
import type { PartitionState } from '../../src/store/ingest-state.ts';
import { REPO_ROOT, tempDir } from '../support/paths.ts';

const CHILD_SCRIPT = join(REPO_ROOT, 'test/store/fixtures/ingest-state-child.ts');

let dataDir: string;
let state: FileIngestState;

beforeEach(async () => {
  dataDir = await tempDir('aodflow-ingest-state-');
  state = new FileIngestState(dataDir);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function partition(site: string, month: string): PartitionState {
  return {
    site,
    month,
    level: 20,
    product: 'all_points',
    status: 'complete',
    requestKey: 'cd'.repeat(32),
    fetchedAt: '2026-01-05T00:00:00.000Z',
    rows: 10,
    contentHash: 'ef'.repeat(32),
  };
}

function saveMonthsInChild(site: string, firstMonth: string, months: number): Promise<number> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD_SCRIPT, dataDir, site, firstMonth, String(months)],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
}

const allPoints20 = (sites: string[]) => ({ sites, level: 20, product: 'all_points' as const });

test('one file per level, product and site', async () => {
  await state.savePartition(partition('Dakar', '2020-01'));
  await state.savePartition(partition('Dakar', '2020-02'));
  await state.savePartition({ ...partition('Dakar', '2020-01'), product: 'daily' });

  const folders = (await readdir(state.dir)).sort();
  const files = await readdir(join(state.dir, 'lev20-all_points'));

  assert.deepEqual(folders, ['lev20-all_points', 'lev20-daily']);
  assert.deepEqual(
    files.filter((f) => !f.startsWith('.')),
    ['Dakar.json'],
  );
});

test('unsafe site names stay in folder', async () => {
  for (const site of ['../up', '.hidden', 'a/b'])
    await state.savePartition(partition(site, '2020-01'));

  const files = await readdir(join(state.dir, 'lev20-all_points'));
  const read = await state.readPartitions(allPoints20(['../up', '.hidden', 'a/b']));

  assert.deepEqual(files.filter((f) => f.endsWith('.json')).sort(), [
    '%2E.%2Fup.json',
    '%2Ehidden.json',
    'a%2Fb.json',
  ]);
  assert.equal(read.size, 3);
});

test('processes saving different sites', async () => {
  const codes = await Promise.all([
    saveMonthsInChild('Dakar', '2015-01', 24),
    saveMonthsInChild('Ilorin', '2015-01', 24),
  ]);

  const read = await state.readPartitions(allPoints20(['Dakar', 'Ilorin']));

  assert.deepEqual(codes, [0, 0]);
  assert.equal(read.size, 48);
});

test('processes saving one site keep both', async () => {
  const codes = await Promise.all([
    saveMonthsInChild('Dakar', '2015-01', 12),
    saveMonthsInChild('Dakar', '2016-01', 12),
  ]);

  const read = await state.readPartitions(allPoints20(['Dakar']));

  assert.deepEqual(codes, [0, 0]);
  assert.equal(read.size, 24);
});

test('reads 50 sites of 120 months fast', async (t) => {
  for (let m = 0; m < 120; m++) {
    const month = `${2010 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    await state.savePartition(partition('Site_0', month));
  }
  // Copies of the first site's file, with the site name changed, stand in for 49 more sites
  // without 5,880 more locked saves.
  const folder = join(state.dir, 'lev20-all_points');
  const text = await readFile(join(folder, 'Site_0.json'), 'utf8');
  const sites = Array.from({ length: 50 }, (_, i) => `Site_${i}`);
  for (const site of sites.slice(1)) {
    await writeFile(join(folder, `${site}.json`), text.replace('"Site_0"', `"${site}"`));
  }

  const started = performance.now();
  const read = await new FileIngestState(dataDir).readPartitions(allPoints20(sites));
  const ms = performance.now() - started;
  t.diagnostic(`read 6000 partition states in ${ms.toFixed(1)} ms`);

  assert.equal(read.size, 6000);
  assert.deepEqual(read.get('Site_49/2019-12/20/all_points'), partition('Site_49', '2019-12'));
  assert.ok(ms < 1000, `reading took ${ms} ms`);
});

test('corrupt file fails reads clearly', async () => {
  await state.savePartition(partition('Dakar', '2020-01'));
  const path = join(state.dir, 'lev20-all_points', 'Dakar.json');
  await writeFile(path, '{"format": 1, "months": ');

  await assert.rejects(state.readPartitions(allPoints20(['Dakar'])), (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_STORE_CORRUPT');
    assert.equal(
      error.message,
      'ingest state file is unreadable: it is not valid JSON; delete it to download its ' +
        `partitions again (${path})`,
    );
    return true;
  });
});
