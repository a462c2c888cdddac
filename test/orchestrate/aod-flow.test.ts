import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  cachedSiteListDate,
  installSiteList,
  loadSiteCatalog,
} from '../../src/ingest/catalog/load-site-catalog.ts';
import { writeSampleFiles } from '../../src/ingest/sample/write-sample-files.ts';
import type { DroppedFeature } from '../../src/model/artifact.ts';
import { runAodFlow } from '../../src/orchestrate/aod-flow.ts';
import { loadModel } from '../../src/model/registry.ts';
import { openEmbeddedStore } from '../../src/store/embedded-store.ts';
import { dataDirLayout } from '../../src/store/data-dir.ts';
import {
  REAL_DATA_DIR,
  REFERENCE_DIR,
  pythonReferenceAvailable,
  realDataAvailable,
  tempDir,
} from '../support/paths.ts';

/** Returns the AOD files in the order the reference pipeline is given them. */
function referenceInputs(): string[] {
  const names = readdirSync(REAL_DATA_DIR).sort();
  return [
    ...names.filter((n) => n.endsWith('.lev20')),
    'aeronet-AOD15-example.txt',
    ...names.filter((n) => n.endsWith('.lev15')),
  ].map((n) => join(REAL_DATA_DIR, n));
}

interface ReferenceResult {
  rows_clean: number;
  rows_model: number;
  rows_train: number;
  intercept: number;
  coefficients: Record<string, number>;
  metrics: { r2: number; rmse: number; mae: number };
}

function runReference(inputs: string[]): ReferenceResult {
  const output = execFileSync(
    '/usr/bin/python3',
    [join(REFERENCE_DIR, 'reference.py'), '--json', '--input', ...inputs],
    { encoding: 'utf8' },
  );
  return JSON.parse(output.trim().split('\n').at(-1)!) as ReferenceResult;
}

function assertClose(actual: number, expected: number, name: string): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(
    Math.abs(actual - expected) / scale <= 1e-6,
    `${name}: expected ${expected}, got ${actual}`,
  );
}

describe('aod flow on real AERONET files', () => {
  it('matches the Python reference', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    if (!pythonReferenceAvailable()) {
      return t.skip('/usr/bin/python3 with pandas and scikit-learn, or reference.py, not found');
    }
    const dataDir = await tempDir();
    const inputs = referenceInputs();

    const result = await runAodFlow({ inputs, dataDir });
    const reference = runReference(inputs);
    const model = await loadModel(dataDirLayout(dataDir).models, result.modelVersion);

    const clean = result.run.tasks.find((task) => task.task === 'clean')!;
    assert.equal(clean.rowsOut, reference.rows_clean);
    assert.equal(model.metrics.rowsTrain, reference.rows_train);
    assert.equal(model.metrics.rowsTrain + model.metrics.rowsTest, reference.rows_model);
    assertClose(model.intercept, reference.intercept, 'intercept');
    assert.deepEqual(
      Object.keys(model.coefficients).sort(),
      Object.keys(reference.coefficients).sort(),
    );
    for (const [name, value] of Object.entries(reference.coefficients)) {
      assertClose(model.coefficients[name]!, value, name);
    }
    assertClose(model.metrics.r2 ?? Number.NaN, reference.metrics.r2, 'r2');
    assertClose(model.metrics.rmse ?? Number.NaN, reference.metrics.rmse, 'rmse');
  });

  it('installs the newest site list', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    const dataDir = await tempDir();

    const result = await runAodFlow({ inputs: [REAL_DATA_DIR], dataDir });

    const ingest = result.run.tasks.find((task) => task.task === 'ingest')!;
    const catalogs = ingest.details.siteCatalogs as { file: string; sites: number }[];
    assert.deepEqual(
      catalogs.map((c) => [c.file.split('/').at(-1), c.sites]),
      [
        ['aeronet_locations_2013.txt', 1064],
        ['aeronet_locations_v3.txt', 1624],
      ],
    );
    assert.equal(ingest.rowsIn, 1874);
    assert.deepEqual(ingest.details.siteCatalog, {
      file: join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'),
      sites: 1624,
      generatedOn: '2024-12-13',
    });
    const installed = await loadSiteCatalog({
      cacheDir: dataDirLayout(dataDir).catalog,
      offline: true,
    });
    assert.equal(installed.origin, 'cache');
    assert.equal(installed.catalog.sites.length, 1624);
    assert.equal(installed.notice, null);
  });

  it('keeps a newer cached site list', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    const dataDir = await tempDir();
    const catalogDir = dataDirLayout(dataDir).catalog;
    await installSiteList(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'), catalogDir);
    const inputs = [
      join(REAL_DATA_DIR, '20190101_20191231_Sao_Paulo.lev20'),
      join(REAL_DATA_DIR, 'aeronet_locations_2013.txt'),
    ];

    const result = await runAodFlow({ inputs, dataDir });

    const ingest = result.run.tasks.find((task) => task.task === 'ingest')!;
    assert.equal(ingest.details.siteCatalog, null);
    assert.equal(await cachedSiteListDate(catalogDir), '2024-12-13');
  });

  it('installs no site list from the sample', async () => {
    const dataDir = await tempDir();
    const sample = await writeSampleFiles(join(dataDir, 'sample'));
    const inputs = [...sample.files, sample.siteListFile];

    const result = await runAodFlow({ inputs, dataDir, synthetic: true });

    const ingest = result.run.tasks.find((task) => task.task === 'ingest')!;
    assert.equal(ingest.details.siteCatalog, null);
    assert.equal(await cachedSiteListDate(dataDirLayout(dataDir).catalog), null);
  });

  it('fits one week with doy_cos dropped', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    // The first 25 rows of Sao Paulo cover 1 to 7 January 2019. The 20 training rows fall on
    // two days, so doy_sin and doy_cos are collinear there.
    const dir = await tempDir();
    const file = join(REAL_DATA_DIR, '20190101_20191231_Sao_Paulo.lev20');
    const lines = (await readFile(file, 'utf8')).split('\n');
    const input = join(dir, 'one-week.lev20');
    await writeFile(input, `${lines.slice(0, 7 + 25).join('\n')}\n`);

    const result = await runAodFlow({ inputs: [input], dataDir: join(dir, 'data') });

    const model = result.run.tasks.find((task) => task.task === 'model')!;
    const dropped = model.details.droppedFeatures as DroppedFeature[];
    assert.equal(result.run.state, 'completed');
    assert.equal(model.rowsOut, 25);
    assert.deepEqual(
      dropped.map((entry) => [entry.feature, entry.reason, entry.collinearWith]),
      [['doy_cos', 'collinear', ['doy_sin']]],
    );
  });

  it('stores the same rows when run twice', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    const dataDir = await tempDir();

    await runAodFlow({ inputs: [REAL_DATA_DIR], dataDir });
    const first = await countStored(dataDir);
    const second = await runAodFlow({ inputs: [REAL_DATA_DIR], dataDir });

    assert.equal(await countStored(dataDir), first);
    const store = second.run.tasks.find((task) => task.task === 'store')!;
    assert.equal(store.details.added, 0);
    assert.equal(store.details.replaced, 0);
    assert.ok(existsSync(join(dataDirLayout(dataDir).reports, second.run.runId, 'report.html')));
  });
});

async function countStored(dataDir: string): Promise<number> {
  const store = await openEmbeddedStore(dataDir);
  try {
    return await store.countObservations();
  } finally {
    await store.close();
  }
}
