import { rm } from 'node:fs/promises';
import { test } from 'node:test';

import { openStore } from '../../../src/store/open-store.ts';
import { tempDir } from '../../support/paths.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  uniqueSchemaName,
} from '../../store/postgres/test-database.ts';
import { describeIngestSuite } from './ingest-suite.ts';

const skipReason = await databaseSkipReason();

if (skipReason !== null) {
  test('incremental ingest (postgres store)', (t) => t.skip(skipReason));
} else {
  describeIngestSuite('postgres', async () => {
    const dataDir = await tempDir('aodflow-ingest-pg-');
    const schema = uniqueSchemaName('ingest');
    const store = await openStore({ dataDir, databaseUrl: TEST_DATABASE_URL, schema });
    return {
      observations: store.observations,
      ingestState: store.ingestState,
      cli: {
        args: ['--data-dir', dataDir, '--database-url', TEST_DATABASE_URL],
        env: { AODFLOW_DATABASE_SCHEMA: schema },
      },
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  });
}
