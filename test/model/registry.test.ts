import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import type { ModelArtifact } from '../../src/model/artifact.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { listModels, loadModel, saveModel } from '../../src/model/registry.ts';
import { syntheticTable } from './fixtures.ts';

let dir = '';
const { table } = syntheticTable({ sites: 3, rows: 120, noise: 0.2 });
const first = fitModel(table, { createdAt: new Date('2026-01-01T00:00:00Z') }).artifact;
const second = fitModel(table, { createdAt: new Date('2026-02-01T00:00:00Z') }).artifact;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aodflow-models-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('saved model loads back', async () => {
  const path = await saveModel(join(dir, 'models'), first);

  assert.equal(path, join(dir, 'models', `${first.modelVersion}.json`));
  assert.deepEqual(await loadModel(join(dir, 'models')), first);
  assert.deepEqual(await loadModel(join(dir, 'models'), first.modelVersion), first);
});

test('latest follows the last save', async () => {
  await saveModel(dir, first);
  await saveModel(dir, second);

  const latest = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'));
  assert.equal(latest.modelVersion, second.modelVersion);
  assert.equal(latest.file, `${second.modelVersion}.json`);
  assert.equal((await loadModel(dir)).modelVersion, second.modelVersion);
  assert.equal((await loadModel(dir, first.modelVersion)).modelVersion, first.modelVersion);
  assert.deepEqual((await readdir(dir)).sort(), [
    `${first.modelVersion}.json`,
    `${second.modelVersion}.json`,
    'latest.json',
  ]);
});

test('models list oldest first', async () => {
  await saveModel(dir, second);
  await saveModel(dir, first);

  const models = await listModels(dir);

  assert.deepEqual(
    models.map(({ modelVersion, latest }) => ({ modelVersion, latest })),
    [
      { modelVersion: first.modelVersion, latest: true },
      { modelVersion: second.modelVersion, latest: false },
    ],
  );
  assert.equal(models[0]!.rowsTrain, 96);
  assert.deepEqual(await listModels(join(dir, 'absent')), []);
});

test('missing model says what to do', async () => {
  await assert.rejects(loadModel(dir), {
    name: 'NotFoundError',
    code: 'AOD_MODEL_NOT_FOUND',
    message: `no fitted model in ${dir} (latest.json not found); run \`aodflow run\` first to fit one`,
  });
  await saveModel(dir, first);
  await assert.rejects(loadModel(dir, 'aod-ols-20990101T000000Z-00000000'), {
    code: 'AOD_MODEL_NOT_FOUND',
    message: `model version aod-ols-20990101T000000Z-00000000 not found in ${dir} (versions there: ${first.modelVersion}); run \`aodflow run\` first to fit one`,
  });
  await assert.rejects(loadModel(dir, '../etc/passwd'), {
    code: 'AOD_MODEL_NOT_FOUND',
    message:
      "model version \"../etc/passwd\" not found: a model version has only letters, digits, '.', '_' and '-' and does not start with '.'",
  });
});

test('malformed artifact is rejected', async () => {
  await saveModel(dir, first);
  const path = join(dir, `${first.modelVersion}.json`);
  const broken: Partial<ModelArtifact> = { ...first };
  delete broken.intercept;
  await writeFile(path, JSON.stringify({ ...broken, schemaVersion: 2 }));

  await assert.rejects(loadModel(dir), {
    name: 'BadInputError',
    code: 'AOD_MODEL_INVALID',
    message: `model artifact is malformed: /intercept: Expected required property; /schemaVersion: Expected 1; expected schemaVersion 1 as written by \`aodflow run\` (${path})`,
  });
  await writeFile(path, '{"schemaVersion": 1,');
  await assert.rejects(loadModel(dir), { code: 'AOD_MODEL_INVALID' });
});
