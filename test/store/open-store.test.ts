import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';

import { BadInputError, TransientError } from '../../src/errors.ts';
import { EmbeddedStore } from '../../src/store/embedded-store.ts';
import { FileIngestState } from '../../src/store/file-ingest-state.ts';
import { FileRunHistory } from '../../src/store/file-run-history.ts';
import { openStore } from '../../src/store/open-store.ts';
import { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { tempDir } from '../support/paths.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  uniqueSchemaName,
} from './postgres/test-database.ts';

const UNREACHABLE_URL = 'postgres://aodflow:s3cret@127.0.0.1:1/aod';

let dataDir: string;

beforeEach(async () => {
  dataDir = await tempDir('aodflow-open-store-');
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function writeConfig(content: string): Promise<string> {
  const path = join(dataDir, 'aodflow.json');
  await writeFile(path, content);
  return path;
}

test('no database URL opens embedded', async () => {
  const store = await openStore({ dataDir, env: {} });
  try {
    assert.equal(store.kind, 'embedded');
    assert.equal(store.location, dataDir);
    assert.ok(store.observations instanceof EmbeddedStore);
    assert.ok(store.runs instanceof FileRunHistory);
    assert.ok(store.ingestState instanceof FileIngestState);
  } finally {
    await store.close();
  }
});

test('config file without URL opens embedded', async () => {
  await writeConfig('{"other": true}');

  const store = await openStore({ dataDir, env: {} });
  await store.close();

  assert.equal(store.kind, 'embedded');
});

test('option wins over environment', async () => {
  const env = { AODFLOW_DATABASE_URL: 'mysql://root@localhost/aod' };

  await assert.rejects(openStore({ dataDir, databaseUrl: UNREACHABLE_URL, env }), {
    code: 'AOD_DATABASE_UNAVAILABLE',
  });
});

test('environment wins over config file', async () => {
  await writeConfig('{"databaseUrl": "mysql://root@localhost/aod"}');
  const env = { AODFLOW_DATABASE_URL: UNREACHABLE_URL };

  await assert.rejects(openStore({ dataDir, env }), { code: 'AOD_DATABASE_UNAVAILABLE' });
});

test('invalid environment URL names its source', async () => {
  const env = { AODFLOW_DATABASE_URL: 'postgres//no-colon' };

  await assert.rejects(openStore({ dataDir, env }), (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      'environment variable AODFLOW_DATABASE_URL: expected a PostgreSQL URL such as ' +
        'postgres://user:password@host:5432/database, got text that does not parse as a URL',
    );
    return true;
  });
});

test('invalid config file URL names the file', async () => {
  const path = await writeConfig('{"databaseUrl": "http://user:pw@example.org/"}');

  await assert.rejects(openStore({ dataDir, env: {} }), (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      `"databaseUrl" in ${path}: expected a PostgreSQL URL such as ` +
        'postgres://user:password@host:5432/database, got http://user:***@example.org/',
    );
    return true;
  });
});

test('config file that is not JSON', async () => {
  const path = await writeConfig('databaseUrl = postgres://x');

  await assert.rejects(openStore({ dataDir, env: {} }), (error: unknown) => {
    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(error.message, `config file is invalid: it is not valid JSON (${path})`);
    return true;
  });
});

test('unreachable server hides the password', async () => {
  await assert.rejects(openStore({ dataDir, databaseUrl: UNREACHABLE_URL }), (error: unknown) => {
    assert.ok(error instanceof TransientError);
    assert.match(error.message, /127\.0\.0\.1:1\/aod/);
    assert.doesNotMatch(error.message, /s3cret/);
    return true;
  });
});

test('config file URL opens postgres', async (t) => {
  const skipReason = await databaseSkipReason();
  if (skipReason !== null) return t.skip(skipReason);
  await writeConfig(JSON.stringify({ databaseUrl: TEST_DATABASE_URL }));
  const schema = uniqueSchemaName('open');

  const store = await openStore({ dataDir, env: {}, schema });
  try {
    assert.equal(store.kind, 'postgres');
    assert.ok(store.observations instanceof PostgresStore);
    assert.equal(store.runs, store.observations);
    assert.equal(store.ingestState, store.observations);
    assert.equal(await store.observations.countObservations(), 0);
  } finally {
    await store.close();
    await dropSchema(schema);
  }
});
