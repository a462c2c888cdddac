import assert from 'node:assert/strict';
import { rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { dataDirLayout, resolveDataDir } from '../../src/store/data-dir.ts';
import { tempDir } from '../support/paths.ts';

let dir: string;

beforeEach(async () => {
  dir = await tempDir('aodflow-data-dir-');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('option wins over environment', async () => {
  const option = join(dir, 'from-option');

  const resolved = await resolveDataDir(option, { AODFLOW_DATA_DIR: join(dir, 'from-env') });

  assert.equal(resolved, option);
  assert.ok((await stat(option)).isDirectory());
});

test('environment wins over default', async () => {
  const fromEnv = join(dir, 'nested', 'from-env');

  assert.equal(await resolveDataDir(undefined, { AODFLOW_DATA_DIR: fromEnv }), fromEnv);
  assert.equal(await resolveDataDir('', { AODFLOW_DATA_DIR: fromEnv }), fromEnv);
  assert.ok((await stat(fromEnv)).isDirectory());
});

test('default is .aodflow in cwd', async () => {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const resolved = await resolveDataDir(undefined, {});

    assert.equal(resolved, join(resolve(dir), '.aodflow'));
    assert.ok((await stat(resolved)).isDirectory());
  } finally {
    process.chdir(cwd);
  }
});

test('layout names every folder', () => {
  assert.deepEqual(dataDirLayout('/data/aod'), {
    root: '/data/aod',
    observations: '/data/aod/observations',
    quarantine: '/data/aod/quarantine',
    runs: '/data/aod/runs',
    models: '/data/aod/models',
    reports: '/data/aod/reports',
    tmp: '/data/aod/tmp',
    catalog: '/data/aod/catalog',
  });
});
