/**
 * Columns of the PostgreSQL `observations` table, named as in the embedded store's files.
 */
import { MEASUREMENTS, type ObservationTable } from '../../observation.ts';

/** Row key: one stored row per site, time, quality level and product. */
export const KEY_COLUMNS = ['site', 'time', 'level', 'product'] as const;

/** Columns whose change replaces a row; NULL where the table had NaN. */
export const VALUE_COLUMNS = [
  'latitude',
  'longitude',
  'elevation',
  'instrument',
  ...MEASUREMENTS,
] as const;

export type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** Returns the table column holding `name`. */
export function valueColumnOf(table: ObservationTable, name: ValueColumn): Float64Array {
  if (name === 'latitude' || name === 'longitude') return table[name];
  if (name === 'elevation' || name === 'instrument') return table[name];
  return table.values[name];
}
