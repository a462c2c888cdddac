/**
 * Names in SQL text: the store's schema, quoted identifiers and advisory lock ids.
 */
import { BadInputError } from '../../errors.ts';
import { hashString } from './row-hash.ts';

/** Schema used when none is configured. */
export const DEFAULT_SCHEMA = 'aodflow';

/** Lower-case letters, digits and `_`, as unquoted PostgreSQL identifiers allow. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Rejects a schema name that would need quoting or exceed PostgreSQL's 63-byte limit. */
export function assertSchemaName(schema: string): void {
  if (SCHEMA_PATTERN.test(schema)) return;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `expected a PostgreSQL schema name of 1 to 63 lower-case letters, digits or "_" starting ` +
      `with a letter or "_", got ${JSON.stringify(schema)}`,
  );
}

/** Rejects a memory size PostgreSQL would not accept, such as `64 MB` or `1e6`. */
export function assertMemorySetting(value: string): void {
  if (/^[1-9][0-9]{0,9}(kB|MB|GB)$/.test(value)) return;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `expected a PostgreSQL memory size such as 64MB (units kB, MB or GB), got ${JSON.stringify(value)}`,
  );
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Returns the two int4 keys of a transaction-scoped advisory lock on `name` within `schema`.
 * Advisory locks are database-wide, so the schema is part of the key. Two names that hash
 * alike share a lock, which delays a write but never breaks it.
 */
export function lockId(schema: string, name: string): [number, number] {
  return [hashString(`aodflow:${schema}`) | 0, hashString(name) | 0];
}
