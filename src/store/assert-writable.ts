/**
 * Checks an ObservationTable before it is written: an index past its dictionary would store a
 * row under no site or source, and a time outside years 1 to 9999 has no partition year. Both
 * stores call it, so they reject a table alike.
 */
import { BadInputError } from '../errors.ts';
import type { ObservationTable } from '../observation.ts';

/** Years 1 to 9999 in seconds since the epoch: the range a partition year can take. */
const MIN_TIME = -62_135_596_800;
const MAX_TIME = 253_402_300_800;

export function assertWritable(table: ObservationTable): void {
  for (let i = 0; i < table.length; i++) {
    if (table.site[i]! >= table.siteNames.length) {
      throw invalidRow(table, i, `site index < ${table.siteNames.length}`, table.site[i]!);
    }
    if (table.source[i]! >= table.sources.length) {
      throw invalidRow(table, i, `source index < ${table.sources.length}`, table.source[i]!);
    }
    const time = table.time[i]!;
    if (!(time >= MIN_TIME && time < MAX_TIME)) {
      throw invalidRow(table, i, 'a time in years 1 to 9999 (seconds since the epoch)', time);
    }
  }
}

function invalidRow(
  table: ObservationTable,
  row: number,
  expected: string,
  got: number,
): BadInputError {
  const source = table.sources[table.source[row]!];
  return new BadInputError(
    'AOD_TABLE_INVALID',
    `observation row ${row}: expected ${expected}, got ${got}`,
    source === undefined ? {} : { file: source.uri, line: table.line[row]! },
  );
}
