import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';

import { openPostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { REAL_DATA_DIR, REPO_ROOT, realDataAvailable, tempDir } from '../../support/paths.ts';
import { startAeronetStandIn } from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  uniqueSchemaName,
} from '../../store/postgres/test-database.ts';

const skipReason = realDataAvailable()
  ? await databaseSkipReason()
  : `real AERONET files not found at ${REAL_DATA_DIR}`;
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function runIngest(site: string, url: string, dataDir: string, schema: string) {
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin/aodflow.js'),
      'ingest',
      ...['--sites', site, '--from', '2019-01-01', '--to', '2019-12-31', '--json'],
      ...['--catalog', join(REAL_DATA_DIR, 'aeronet_locations_v3.txt')],
      ...['--service-url', url, '--min-interval-ms', '0'],
      ...['--data-dir', dataDir, '--database-url', TEST_DATABASE_URL],
    ],
    { env: { ...process.env, AODFLOW_DATABASE_SCHEMA: schema }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `aodflow ingest --sites ${site} failed: ${stderr}`);
  return JSON.parse(stdout) as { rowsAdded: number };
}

test('concurrent ingest processes keep every row once', { skip: skipReason ?? false }, async () => {
  const files = await tempDir('aodflow-concurrent-');
  for (const name of ['20190101_20191231_Sao_Paulo.lev20', '20190101_20191231_SP-EACH.lev20']) {
    await copyFile(join(REAL_DATA_DIR, name), join(files, name));
  }
  const server = await startAeronetStandIn({ files });
  const schema = uniqueSchemaName('concurrent');
  const dataDir = await tempDir('aodflow-concurrent-data-');
  cleanups.push(async () => {
    await server.close();
    await dropSchema(schema);
    await rm(files, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  });

  const [saoPaulo, spEach] = await Promise.all([
    runIngest('Sao_Paulo', server.url, dataDir, schema),
    runIngest('SP-EACH', server.url, dataDir, schema),
  ]);

  const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
  try {
    assert.equal(saoPaulo.rowsAdded, 722);
    assert.equal(spEach.rowsAdded, 144);
    assert.equal(await store.countObservations(), 866);
    assert.equal(await store.countObservations({ sites: ['Sao_Paulo'] }), 722);
    assert.equal(await store.countObservations({ sites: ['SP-EACH'] }), 144);
  } finally {
    await store.close();
  }
});
