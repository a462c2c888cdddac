import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import pg from 'pg';

import { BadInputError, TransientError } from '../../../src/errors.ts';
import { concatTables } from '../../../src/observation.ts';
import { lockId } from '../../../src/store/postgres/sql-names.ts';
import {
  openPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from '../../../src/store/postgres/postgres-store.ts';
import { hourlyTable, rowsOf, seconds, tableOf } from '../observation-fixtures.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  runSql,
  uniqueSchemaName,
} from './test-database.ts';

const skipReason = await databaseSkipReason();
const schemas: string[] = [];

async function freshStore(options: PostgresStoreOptions = {}): Promise<PostgresStore> {
  const schema = uniqueSchemaName('store');
  schemas.push(schema);
  return openPostgresStore(TEST_DATABASE_URL, { ...options, schema });
}

describe('postgres store', { skip: skipReason ?? false }, () => {
  after(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  test('small batches and chunks round trip', async () => {
    const store = await freshStore({ batchRows: 1000, readChunkRows: 7 });
    try {
      const table = concatTables([
        hourlyTable('Dakar', '2019-06-01T00:00:00Z', 2500),
        hourlyTable('Ilorin', '2019-06-01T00:00:00Z', 2500),
        // Repeats of Dakar's first 1200 hours with other values: the last rows win.
        hourlyTable('Dakar', '2019-06-01T00:00:00Z', 1200, 1),
      ]);

      const summary = await store.writeObservations(table);
      const back = await store.readObservations({ sites: ['Dakar'] });

      assert.deepEqual(
        { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged },
        { added: 5000, replaced: 1200, unchanged: 0 },
      );
      assert.equal(back.length, 2500);
      assert.equal(back.values.aod_440[0], 1.2);
      assert.equal(back.values.aod_440[1199], 1.2);
      assert.equal(back.values.aod_440[1200], 0.2);
    } finally {
      await store.close();
    }
  });

  test('mixed partitions count and version', async () => {
    const store = await freshStore();
    const fresh = await freshStore();
    try {
      const start = '2019-03-01T00:00:00Z';
      await store.writeObservations(
        concatTables([hourlyTable('Dakar', start, 100), hourlyTable('Ilorin', start, 100)]),
      );
      // Dakar unchanged, Ilorin with 10 changed rows, Banizoumbou new.
      const next = concatTables([
        hourlyTable('Dakar', start, 100),
        hourlyTable('Ilorin', start, 10, 1),
        hourlyTable('Ilorin', start, 90, 0, 10),
        hourlyTable('Banizoumbou', start, 50),
      ]);

      const summary = await store.writeObservations(next);
      const direct = await fresh.writeObservations(next);

      assert.deepEqual(
        { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged },
        { added: 50, replaced: 10, unchanged: 190 },
      );
      assert.equal(summary.dataVersion, direct.dataVersion);
      // Lineage differs: unchanged rows keep the line numbers of the first write.
      const withoutLine = (rows: Record<string, unknown>[]) =>
        rows.map(({ line: _, ...rest }) => rest);
      assert.deepEqual(
        withoutLine(rowsOf(await store.readObservations())),
        withoutLine(rowsOf(await fresh.readObservations())),
      );
    } finally {
      await store.close();
      await fresh.close();
    }
  });

  test('extreme values round trip', async () => {
    const store = await freshStore();
    try {
      const table = tableOf([
        { site: 'Dakar', time: -2_208_988_800, values: { aod_500: -0, aod_440: 1e-300 } },
        { site: 'Dakar', time: '2020-01-01T00:00:00Z', line: 4_294_967_295 },
        { site: 'Dakar', time: 1_577_836_800.25, values: { aod_500: Number.MAX_VALUE } },
      ]);

      await store.writeObservations(table);
      const back = await store.readObservations();

      assert.deepEqual(rowsOf(back), rowsOf(table));
      assert.equal(back.time[2], 1_577_836_800.25);
    } finally {
      await store.close();
    }
  });

  test('minus zero equals zero', async () => {
    const store = await freshStore();
    try {
      const zero = tableOf([{ site: 'Dakar', time: 0, values: { aod_500: 0 } }]);
      const minusZero = tableOf([{ site: 'Dakar', time: 0, values: { aod_500: -0 } }]);

      const first = await store.writeObservations(zero);
      const second = await store.writeObservations(minusZero);

      assert.equal(second.unchanged, 1);
      assert.equal(second.dataVersion, first.dataVersion);
    } finally {
      await store.close();
    }
  });

  test('lineage view joins sources', async () => {
    const store = await freshStore();
    try {
      await store.writeObservations(
        tableOf([{ site: 'Dakar', time: '2020-01-01T00:00:00Z', line: 42 }]),
      );

      const rows = await runSql(
        `SELECT site, source_uri, source_kind, retrieved_at, line
         FROM "${store.schema}".observations_with_source`,
      );

      assert.deepEqual(rows, [
        {
          site: 'Dakar',
          source_uri: 'Dakar.lev15',
          source_kind: 'file',
          retrieved_at: '2024-05-01T00:00:00.000Z',
          line: '42',
        },
      ]);
    } finally {
      await store.close();
    }
  });

  describe('site locks', () => {
    /** Holds the advisory lock of `site` on a connection of its own until `release`. */
    async function holdSiteLock(schema: string, site: string) {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', lockId(schema, `site/${site}`));
      return async () => {
        await client.query('COMMIT');
        await client.end();
      };
    }

    test('other site writes while one is locked', async () => {
      const store = await freshStore({ lockTimeoutMs: 10_000 });
      const release = await holdSiteLock(store.schema, 'Dakar');
      try {
        const started = Date.now();
        const summary = await store.writeObservations(
          hourlyTable('Ilorin', '2020-01-01T00:00:00Z', 100),
        );

        assert.equal(summary.added, 100);
        assert.ok(Date.now() - started < 5000, 'the Ilorin write waited for the Dakar lock');
      } finally {
        await release();
        await store.close();
      }
    });

    test('locked site times out retryably', async () => {
      const store = await freshStore({ lockTimeoutMs: 300 });
      const release = await holdSiteLock(store.schema, 'Dakar');
      try {
        await assert.rejects(
          store.writeObservations(hourlyTable('Dakar', '2020-01-01T00:00:00Z', 10)),
          (error: unknown) => {
            assert.ok(error instanceof TransientError);
            assert.equal(error.code, 'AOD_STORE_LOCKED');
            assert.equal(error.retryable, true);
            return true;
          },
        );
        assert.equal(await store.countObservations(), 0);
      } finally {
        await release();
        await store.close();
      }
    });
  });

  describe('open', () => {
    test('unreachable server is transient', async () => {
      const url = 'postgres://aodflow:s3cret@127.0.0.1:1/aod';

      await assert.rejects(openPostgresStore(url), (error: unknown) => {
        assert.ok(error instanceof TransientError);
        assert.equal(error.code, 'AOD_DATABASE_UNAVAILABLE');
        assert.equal(
          error.message,
          'connect: PostgreSQL server 127.0.0.1:1/aod is unreachable (ECONNREFUSED); start it ' +
            'or check the host and port of the database URL',
        );
        return true;
      });
    });

    test('rejects a URL of another scheme', async () => {
      await assert.rejects(openPostgresStore('mysql://root:pw@localhost/aod'), (error: unknown) => {
        assert.ok(error instanceof BadInputError);
        assert.equal(error.code, 'AOD_CONFIG_INVALID');
        assert.equal(
          error.message,
          'database URL: expected a PostgreSQL URL such as ' +
            'postgres://user:password@host:5432/database, got mysql://root:***@localhost/aod',
        );
        return true;
      });
    });

    test('rejects an unsafe schema name', async () => {
      await assert.rejects(openPostgresStore(TEST_DATABASE_URL, { schema: 'Aod"; drop' }), {
        name: 'BadInputError',
        code: 'AOD_CONFIG_INVALID',
      });
    });

    test('rejects a schema from a newer release', async () => {
      const store = await freshStore();
      await store.close();
      await runSql(
        `INSERT INTO "${store.schema}".schema_migrations (version, name) VALUES (999, 'future')`,
      );

      await assert.rejects(
        openPostgresStore(TEST_DATABASE_URL, { schema: store.schema }),
        (error: unknown) => {
          assert.ok(error instanceof BadInputError);
          assert.equal(error.code, 'AOD_STORE_SCHEMA_NEWER');
          assert.equal(
            error.message,
            `store schema "${store.schema}" is at version 999, but this aodflow release knows ` +
              'versions up to 1; upgrade aodflow',
          );
          return true;
        },
      );
    });
  });

  test('count by time reads rows', async () => {
    const store = await freshStore();
    try {
      await store.writeObservations(hourlyTable('Dakar', '2020-01-01T00:00:00Z', 48));

      const day = { from: seconds('2020-01-02T00:00:00Z'), to: seconds('2020-01-03T00:00:00Z') };

      assert.equal(await store.countObservations(day), 24);
      assert.equal(await store.countObservations({ sites: ['Dakar'] }), 48);
    } finally {
      await store.close();
    }
  });
});
