/** A fitted model in a fresh registry folder, and a server listening on 127.0.0.1. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';

import type { CleanTable } from '../../src/clean/clean-table.ts';
import type { ModelArtifact } from '../../src/model/artifact.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { saveModel } from '../../src/model/registry.ts';
import { buildServer } from '../../src/serve/build-server.ts';
import { syntheticTable } from '../model/fixtures.ts';

export interface ServedModel {
  dir: string;
  artifact: ModelArtifact;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Fits a model on `table`, by default a synthetic 4-site one, saves it and starts a server on
 * a free loopback port.
 */
export async function startServedModel(
  table: CleanTable = syntheticTable({ sites: 4, rows: 400, noise: 0.2 }).table,
): Promise<ServedModel> {
  const dir = await mkdtemp(join(tmpdir(), 'aodflow-serve-'));
  const { artifact } = fitModel(table, { createdAt: new Date('2026-03-01T12:00:00Z') });
  await saveModel(dir, artifact);

  const app = await buildServer({ modelsDir: dir });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    dir,
    artifact,
    app,
    baseUrl,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs `body` (a string is sent as is) as JSON and returns status and parsed body. */
export async function postJson(
  url: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}
