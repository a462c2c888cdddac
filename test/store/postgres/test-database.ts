/**
 * The PostgreSQL server of store tests: `AODFLOW_TEST_DATABASE_URL`, else a local server's
 * `test` database. Each test uses a schema of its own, named uniquely and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.AODFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Prefix of every schema the tests create. */
export const TEST_SCHEMA_PREFIX = 'aodflow_test_';

/** Returns null when the server accepts a login, else the reason to skip, for `t.skip`. */
export async function databaseSkipReason(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const where = new URL(TEST_DATABASE_URL);
    const detail = error instanceof Error ? error.message : String(error);
    return (
      `PostgreSQL not reachable at ${where.hostname}:${where.port || 5432} (${detail}); ` +
      'set AODFLOW_TEST_DATABASE_URL to run these tests'
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Returns a schema name no other test process uses. */
export function uniqueSchemaName(label: string): string {
  return `${TEST_SCHEMA_PREFIX}${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Runs one statement on a connection of its own. */
export async function runSql<R extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await runSql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}
