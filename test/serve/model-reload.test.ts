import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';

import type { ModelArtifact } from '../../src/model/artifact.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { saveModel } from '../../src/model/registry.ts';
import { buildServer } from '../../src/serve/build-server.ts';
import { syntheticTable } from '../model/fixtures.ts';

const POLL_MS = 25;

function fitAt(createdAt: string): ModelArtifact {
  const { table } = syntheticTable({ sites: 3, rows: 200, noise: 0.2 });
  return fitModel(table, { createdAt: new Date(createdAt) }).artifact;
}

async function healthVersion(app: FastifyInstance): Promise<string> {
  const response = await app.inject({ url: '/health' });
  return (response.json() as { model_version: string }).model_version;
}

/** Polls /health until it reports `version`, for at most `limitMs`. */
async function waitForVersion(app: FastifyInstance, version: string, limitMs: number) {
  const deadline = Date.now() + limitMs;
  while (Date.now() < deadline) {
    if ((await healthVersion(app)) === version) return;
    await sleep(5);
  }
  assert.equal(await healthVersion(app), version);
}

describe('model reload', () => {
  let dir: string;
  let first: ModelArtifact;
  let app: FastifyInstance;
  let logs: Array<Record<string, unknown>>;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aodflow-reload-'));
    first = fitAt('2026-03-01T12:00:00Z');
    await saveModel(dir, first);
    logs = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    });
    app = await buildServer({
      modelsDir: dir,
      logger: pino({ level: 'info' }, sink),
      reloadIntervalMs: POLL_MS,
    });
  });

  afterEach(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a newly saved model', async () => {
    const second = fitAt('2026-03-02T12:00:00Z');
    assert.notEqual(second.modelVersion, first.modelVersion);

    await saveModel(dir, second);
    await waitForVersion(app, second.modelVersion, 20 * POLL_MS);
    const reloaded = logs.filter((line) => line.msg === 'model reloaded');

    assert.equal(reloaded.length, 1);
    assert.equal(reloaded[0]!.previousVersion, first.modelVersion);
    assert.equal(reloaded[0]!.modelVersion, second.modelVersion);
    assert.equal(reloaded[0]!.trigger, 'poll');
    assert.deepEqual((await app.inject({ url: '/model' })).json(), second);
  });

  it('keeps the model when latest.json breaks', async () => {
    // Written whole and renamed, as the registry does, so no poll reads half a file.
    await writeFile(join(dir, 'latest.json.tmp'), '{"modelVersion": "aod-ols-missing"}\n');
    await rename(join(dir, 'latest.json.tmp'), join(dir, 'latest.json'));

    await sleep(4 * POLL_MS);
    const failures = logs.filter((line) => String(line.msg).startsWith('model reload failed'));

    assert.equal(await healthVersion(app), first.modelVersion);
    assert.equal(failures.length, 1, 'a broken file is logged once');
    assert.equal((failures[0]!.err as { code: string }).code, 'AOD_MODEL_NOT_FOUND');
  });

  it('reloads on demand', async () => {
    await app.close();
    app = await buildServer({ modelsDir: dir, reloadIntervalMs: 0 });
    const second = fitAt('2026-03-03T12:00:00Z');
    await saveModel(dir, second);

    assert.equal(await healthVersion(app), first.modelVersion);
    assert.equal(await app.modelWatcher.check('SIGHUP', true), true);
    assert.equal(await healthVersion(app), second.modelVersion);
  });
});
