import { after, test } from 'node:test';

import { openPostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  uniqueSchemaName,
} from '../postgres/test-database.ts';
import { describeObservationStoreContract } from './observation-store-contract.ts';

const skipReason = await databaseSkipReason();
/** Schemas this file created, dropped at the end even when a cleanup did not run. */
const created = new Set<string>();

if (skipReason !== null) {
  test('postgres store contract', (t) => t.skip(skipReason));
} else {
  describeObservationStoreContract('postgres', async () => {
    const schema = uniqueSchemaName('contract');
    created.add(schema);
    const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
    return {
      observations: store,
      runs: store,
      ingestState: store,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
        created.delete(schema);
      },
    };
  });

  after(async () => {
    for (const schema of created) await dropSchema(schema);
  });
}
