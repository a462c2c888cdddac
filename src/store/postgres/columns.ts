/**
 * Columns of the PostgreSQL `observations` table, named as in the embedded store's files.
 */
import type { ObservationTable } from '../../observation.ts';
import { KEY_COLUMNS, VALUE_COLUMNS } from '../row-columns.ts';

export { KEY_COLUMNS, VALUE_COLUMNS };

export type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** Returns the table column holding `name`. */
export function valueColumnOf(table: ObservationTable, name: ValueColumn): Float64Array {
  if (name === 'latitude' || name === 'longitude') return table[name];
  if (name === 'elevation' || name === 'instrument') return table[name];
  return table.values[name];
}
