import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';

import { pino } from 'pino';

import { buildServer } from '../../src/serve/build-server.ts';
import { postJson, startServedModel, type ServedModel } from './fixtures.ts';

let served: ServedModel;

before(async () => {
  served = await startServedModel();
});

after(async () => {
  await served.close();
});

const VALID = {
  site: 'Site001',
  date: '2019-03-15',
  precipitable_water: 2.1,
  angstrom_440_870: 0.35,
};

test('health reports the model version', async () => {
  const response = await fetch(`${served.baseUrl}/health`);
  const body = (await response.json()) as Record<string, unknown>;

  assert.equal(response.status, 200);
  assert.deepEqual(Object.keys(body), ['status', 'model_version', 'uptime_seconds']);
  assert.equal(body.status, 'ok');
  assert.equal(body.model_version, served.artifact.modelVersion);
  assert.equal(typeof body.uptime_seconds, 'number');
});

test('model route returns the artifact', async () => {
  const response = await fetch(`${served.baseUrl}/model`);

  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), served.artifact);
});

test('OpenAPI document lists the routes', async () => {
  const response = await served.app.inject({ url: '/docs/json' });
  const document = response.json() as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, { requestBody?: unknown }>>;
  };

  assert.equal(response.statusCode, 200);
  assert.match(document.openapi, /^3\./);
  assert.equal(document.info.version, served.artifact.modelVersion);
  assert.deepEqual(Object.keys(document.paths).sort(), [
    '/health',
    '/metrics',
    '/model',
    '/predict',
    '/predict/batch',
  ]);
  assert.ok(document.paths['/predict']?.post?.requestBody, 'POST /predict has a request body');
});

test('docs page is served', async () => {
  const response = await fetch(`${served.baseUrl}/docs`);

  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(await response.text(), /Swagger UI/);
});

test('metrics count requests and predictions', async () => {
  await postJson(`${served.baseUrl}/predict`, VALID);
  await postJson(`${served.baseUrl}/predict`, { ...VALID, site: 'Nowhere' });
  await postJson(`${served.baseUrl}/predict`, { ...VALID, precipitable_water: -1 });
  await postJson(`${served.baseUrl}/predict/batch`, { observations: [VALID, VALID] });

  const response = await fetch(`${served.baseUrl}/metrics`);
  const text = await response.text();
  const lines = text.split('\n');

  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  for (const expected of [
    'http_requests_total{method="POST",route="/predict",status_code="200"} 2',
    'http_requests_total{method="POST",route="/predict",status_code="400"} 1',
    'http_requests_total{method="POST",route="/predict/batch",status_code="200"} 1',
    'http_request_duration_seconds_count{method="POST",route="/predict",status_code="200"} 2',
    'aodflow_predictions_total 4',
    'aodflow_unknown_site_predictions_total 1',
  ]) {
    assert.ok(lines.includes(expected), `missing metrics line: ${expected}`);
  }
  assert.ok(lines.some((line) => line.startsWith('process_cpu_user_seconds_total ')));
  assert.ok(lines.some((line) => line.startsWith('nodejs_heap_size_used_bytes ')));
});

test('unknown route gets a coded 404', async () => {
  const response = await served.app.inject({ method: 'GET', url: '/predictions' });

  assert.equal(response.statusCode, 404);
  assert.deepEqual(response.json(), {
    error: {
      code: 'AOD_ROUTE_NOT_FOUND',
      message:
        'no route for GET /predictions; routes: POST /predict, POST /predict/batch, GET /health, GET /model, GET /metrics, GET /docs',
      fields: [],
    },
  });
});

test('wrong method gets 405 with Allow', async () => {
  const response = await served.app.inject({ method: 'GET', url: '/predict?site=Dakar' });

  assert.equal(response.statusCode, 405);
  assert.equal(response.headers.allow, 'POST');
  assert.deepEqual(response.json(), {
    error: {
      code: 'AOD_METHOD_NOT_ALLOWED',
      message: 'GET is not allowed on /predict; use POST',
      fields: [],
    },
  });
});

test('POST on health gets 405', async () => {
  const response = await served.app.inject({ method: 'POST', url: '/health', payload: {} });

  assert.equal(response.statusCode, 405);
  assert.equal(response.headers.allow, 'GET, HEAD');
});

test('wrong media type gets 415', async () => {
  const response = await served.app.inject({
    method: 'POST',
    url: '/predict',
    headers: { 'content-type': 'text/plain' },
    payload: JSON.stringify(VALID),
  });

  assert.equal(response.statusCode, 415);
  assert.deepEqual(response.json(), {
    error: {
      code: 'AOD_REQUEST_INVALID',
      message: 'unsupported media type "text/plain"; send application/json',
      fields: [],
    },
  });
});

test('oversized body gets 413', async () => {
  const response = await served.app.inject({
    method: 'POST',
    url: '/predict',
    headers: { 'content-type': 'application/json' },
    payload: ' '.repeat(2 << 20),
  });

  assert.equal(response.statusCode, 413);
  assert.deepEqual(response.json(), {
    error: {
      code: 'AOD_REQUEST_INVALID',
      message:
        'request body is larger than 1048576 bytes; send at most 10000 observations per batch',
      fields: [],
    },
  });
});

test('server without a model fails to start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aodflow-empty-'));
  try {
    await assert.rejects(buildServer({ modelsDir: dir }), {
      name: 'NotFoundError',
      code: 'AOD_MODEL_NOT_FOUND',
      message: `no fitted model in ${dir} (latest.json not found); run \`aodflow run\` first to fit one`,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('access log has one line per request', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const app = await buildServer({ modelsDir: served.dir, logger: pino({ level: 'info' }, sink) });

  await app.inject({ method: 'POST', url: '/predict', payload: VALID });
  await app.close();

  const requests = lines.filter((line) => line.msg === 'request completed');
  assert.equal(lines[0]?.msg, 'model loaded');
  assert.equal(lines[0]?.modelVersion, served.artifact.modelVersion);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]?.method, 'POST');
  assert.equal(requests[0]?.route, '/predict');
  assert.equal(requests[0]?.statusCode, 200);
  assert.equal(typeof requests[0]?.durationMs, 'number');
});
