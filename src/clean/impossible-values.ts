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

function rangeOf(name: Measurement): readonly [number, number] | null {
  if (isAod(name)) return [MIN_AOD, MAX_AOD];
  if (name === 'precipitable_water') return PRECIPITABLE_WATER_RANGE;
  if (name.startsWith('angstrom_')) return ANGSTROM_RANGE;
  return null;
}

const CHECKED = MEASUREMENTS.flatMap((name) => {
  const range = rangeOf(name);
  return range ? [{ name, column: MEASUREMENT_COLUMNS[name], range }] : [];
});

/** Returns the first value of `row` outside its physical range, or null. Missing values pass. */
export function findImpossibleValue(table: ObservationTable, row: number): ImpossibleValue | null {
  for (const { name, column, range } of CHECKED) {
    const found = outside(column, table.values[name][row]!, range);
    if (found) return found;
  }
  return (
    outside('Site_Latitude(Degrees)', table.latitude[row]!, LATITUDE_RANGE) ??
    outside('Site_Longitude(Degrees)', table.longitude[row]!, LONGITUDE_RANGE)
  );
}

function outside(
  field: string,
  value: number,
  [min, max]: readonly [number, number],
): ImpossibleValue | null {
  if (Number.isNaN(value) || (value >= min && value <= max)) return null;
  return { field, value, detail: `${field}: expected a value in ${min}..${max}, got ${value}` };
}
