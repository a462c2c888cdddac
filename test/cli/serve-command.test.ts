import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { fitModel } from '../../src/model/fit-model.ts';
import { saveModel } from '../../src/model/registry.ts';
import { syntheticTable } from '../model/fixtures.ts';
import { tempDir } from '../support/paths.ts';
import { startCli } from './cli-process.ts';

async function saveFit(modelsDir: string, createdAt: string): Promise<string> {
  const { table } = syntheticTable({ sites: 3, rows: 200, noise: 0.2 });
  const { artifact } = fitModel(table, { createdAt: new Date(createdAt) });
  await saveModel(modelsDir, artifact);
  return artifact.modelVersion;
}

async function healthVersion(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/health`);
  return ((await response.json()) as { model_version: string }).model_version;
}

describe('aodflow serve', () => {
  it('reloads the model on SIGHUP', async () => {
    const dataDir = join(await tempDir(), 'data');
    const modelsDir = join(dataDir, 'models');
    const first = await saveFit(modelsDir, '2026-03-01T12:00:00Z');
    const cli = startCli(
      ['serve', '--port', '0', '--data-dir', dataDir, '--reload-interval-ms', '0'],
      { AODFLOW_LOG_LEVEL: 'silent' },
    );
    try {
      await cli.waitForStderr('(docs at');
      const baseUrl = /serving on (http:\/\/\S+)/.exec(cli.stderr())![1]!;
      assert.equal(await healthVersion(baseUrl), first);

      const second = await saveFit(modelsDir, '2026-03-02T12:00:00Z');
      cli.child.kill('SIGHUP');
      let version = first;
      for (let attempt = 0; attempt < 200 && version !== second; attempt++) {
        await sleep(10);
        version = await healthVersion(baseUrl);
      }

      assert.equal(version, second);
    } finally {
      cli.child.kill('SIGTERM');
      assert.equal((await cli.result).code, 0);
    }
  });
});
