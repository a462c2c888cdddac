import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { openPostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import { runTogether } from './postgres-children.ts';
import {
  TEST_DATABASE_URL,
  databaseSkipReason,
  dropSchema,
  runSql,
  uniqueSchemaName,
} from './test-database.ts';

const skipReason = await databaseSkipReason();
const ROWS_PER_SITE = 20_000;
/** Generous bound for one 20,000-row write on a loaded test machine. */
const MAX_WRITE_MS = 30_000;

describe('concurrent postgres writers', { skip: skipReason ?? false }, () => {
  const schemas: string[] = [];

  after(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  describe('two sites at once', () => {
    const schema = uniqueSchemaName('concurrent');
    let results: Record<string, unknown>[];
    let wallMs: number;

    before(async () => {
      schemas.push(schema);
      await (await openPostgresStore(TEST_DATABASE_URL, { schema })).close();

      const started = Date.now();
      results = await runTogether(
        ['Dakar', 'Ilorin'].map((site) => [
          'write',
          TEST_DATABASE_URL,
          schema,
          site,
          '2015-01-01T00:00:00Z',
          String(ROWS_PER_SITE),
        ]),
      );
      wallMs = Date.now() - started;
    });

    test('both writers add every row', () => {
      for (const result of results) {
        assert.equal(result.added, ROWS_PER_SITE);
        assert.equal(result.replaced, 0);
        assert.equal(result.unchanged, 0);
      }
    });

    test('every row stored exactly once', async () => {
      const rows = await runSql<{ site: string; rows: string; keys: string }>(
        `SELECT site, count(*) AS rows, count(DISTINCT (site, time, level, product)) AS keys
         FROM "${schema}".observations GROUP BY site ORDER BY site`,
      );

      assert.deepEqual(rows, [
        { site: 'Dakar', rows: String(ROWS_PER_SITE), keys: String(ROWS_PER_SITE) },
        { site: 'Ilorin', rows: String(ROWS_PER_SITE), keys: String(ROWS_PER_SITE) },
      ]);
    });

    test('digests agree with the rows', async () => {
      const store = await openPostgresStore(TEST_DATABASE_URL, { schema });
      try {
        assert.equal(await store.countObservations(), 2 * ROWS_PER_SITE);
        assert.equal(await store.countObservations({ from: 0 }), 2 * ROWS_PER_SITE);
      } finally {
        await store.close();
      }
    });

    test('neither writer waits long', (t) => {
      const durations = results.map((r) => Number(r.endedAt) - Number(r.startedAt));
      t.diagnostic(`write durations ${durations.join(' ms, ')} ms; wall ${wallMs} ms`);

      for (const ms of durations) assert.ok(ms < MAX_WRITE_MS, `a write took ${ms} ms`);
      // Overlapping intervals: the second writer started before the first one committed.
      const [a, b] = results;
      assert.ok(Number(a!.startedAt) < Number(b!.endedAt));
      assert.ok(Number(b!.startedAt) < Number(a!.endedAt));
    });
  });

  describe('migrations', () => {
    test('two processes opening migrate once', async () => {
      const schema = uniqueSchemaName('migrate');
      schemas.push(schema);

      const results = await runTogether([
        ['open', TEST_DATABASE_URL, schema],
        ['open', TEST_DATABASE_URL, schema],
      ]);
      const recorded = await runSql<{ version: number }>(
        `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
      );

      assert.deepEqual(results.map((r) => r.applied).sort(), [[], [1]]);
      assert.deepEqual(recorded, [{ version: 1 }]);
    });

    test('reopening applies nothing', async () => {
      const schema = uniqueSchemaName('reopen');
      schemas.push(schema);

      const first = await openPostgresStore(TEST_DATABASE_URL, { schema });
      await first.close();
      const second = await openPostgresStore(TEST_DATABASE_URL, { schema });
      await second.close();

      assert.deepEqual(first.appliedMigrations, [1]);
      assert.deepEqual(second.appliedMigrations, []);
    });
  });
});
