import { MEASUREMENT_COLUMNS, MEASUREMENTS, type ObservationTable } from '../observation.ts';
import type { Measurement } from '../observation.ts';
import {
  ANGSTROM_RANGE,
  LATITUDE_RANGE,
  LONGITUDE_RANGE,
  MAX_AOD,
  MIN_AOD,
  PRECIPITABLE_WATER_RANGE,
} from './rules.ts';

export interface ImpossibleValue {
  /** AERONET column name. */
  field: string;
  value: number;
  detail: string;
}

export function isAod(name: Measurement): boolean {
  return name.startsWith('aod_');
}

interface RangeCheck {
  /** AERONET column name. */
  field: string;
  column: (table: ObservationTable) => Float64Array;
  range: readonly [number, number];
}

function rangeOf(name: Measurement): readonly [number, number] | null {
  if (isAod(name)) return [MIN_AOD, MAX_AOD];
  if (name === 'precipitable_water') return PRECIPITABLE_WATER_RANGE;
  if (name.startsWith('angstrom_')) return ANGSTROM_RANGE;
  return null;
}

const CHECKS: RangeCheck[] = [
  ...MEASUREMENTS.flatMap((name) => {
    const range = rangeOf(name);
    if (!range) return [];
    const column = (table: ObservationTable) => table.values[name];
    return [{ field: MEASUREMENT_COLUMNS[name], column, range }];
  }),
  { field: 'Site_Latitude(Degrees)', column: (t) => t.latitude, range: LATITUDE_RANGE },
  { field: 'Site_Longitude(Degrees)', column: (t) => t.longitude, range: LONGITUDE_RANGE },
];

/**
 * Finds, for every row, the first value outside its physical range. Returns per row the
 * 1-based number of the failed check, 0 when all values pass; missing values pass. Column by
 * column, because a row-by-row walk over all checks cost 0.6 s per million rows.
 */
export function markImpossibleValues(table: ObservationTable): Uint8Array {
  const failed = new Uint8Array(table.length);
  CHECKS.forEach((check, index) => {
    const column = check.column(table);
    const [min, max] = check.range;
    for (let row = 0; row < table.length; row++) {
      const value = column[row]!;
      if (failed[row] === 0 && (value < min || value > max)) failed[row] = index + 1;
    }
  });
  return failed;
}

/** Describes the failed check `mark` (from markImpossibleValues) of `row`. */
export function describeImpossibleValue(
  table: ObservationTable,
  row: number,
  mark: number,
): ImpossibleValue {
  const check = CHECKS[mark - 1]!;
  const value = check.column(table)[row]!;
  const [min, max] = check.range;
  return {
    field: check.field,
    value,
    detail: `${check.field}: expected a value in ${min}..${max}, got ${value}`,
  };
}
