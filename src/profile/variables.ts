/** The variables a profile covers, with the labels charts and the report show. */
import type { CleanTable } from '../clean/clean-table.ts';
import { MEASUREMENTS, type Measurement } from '../observation.ts';

/** A column to profile. */
export interface ProfiledVariable {
  /** Key in `summary.json` and in chart file names. */
  name: string;
  /** Human-readable name with unit. */
  label: string;
  values: Float64Array;
}

/** Measurements profiled even when they have no value, so that an empty one raises an alert. */
export const ALWAYS_PROFILED: readonly Measurement[] = [
  'aod_440',
  'aod_500',
  'aod_675',
  'aod_870',
  'aod_1020',
  'precipitable_water',
  'angstrom_440_870',
];

const LABELS: Record<Measurement | 'aod_550', string> = {
  aod_340: 'AOD at 340 nm',
  aod_380: 'AOD at 380 nm',
  aod_440: 'AOD at 440 nm',
  aod_500: 'AOD at 500 nm',
  aod_550: 'AOD at 550 nm (derived)',
  aod_675: 'AOD at 675 nm',
  aod_870: 'AOD at 870 nm',
  aod_1020: 'AOD at 1020 nm',
  aod_1640: 'AOD at 1640 nm',
  angstrom_340_440: 'Ångström exponent 340–440 nm',
  angstrom_380_500: 'Ångström exponent 380–500 nm',
  angstrom_440_675: 'Ångström exponent 440–675 nm',
  angstrom_440_870: 'Ångström exponent 440–870 nm',
  angstrom_500_870: 'Ångström exponent 500–870 nm',
  precipitable_water: 'Precipitable water (cm)',
  solar_zenith_angle: 'Solar zenith angle (°)',
};

// Report order: AOD by wavelength with the derived 550 nm value in place, then the rest.
const ORDER: readonly (Measurement | 'aod_550')[] = [
  'aod_340',
  'aod_380',
  'aod_440',
  'aod_500',
  'aod_550',
  'aod_675',
  'aod_870',
  'aod_1020',
  'aod_1640',
  'angstrom_340_440',
  'angstrom_380_500',
  'angstrom_440_675',
  'angstrom_440_870',
  'angstrom_500_870',
  'precipitable_water',
  'solar_zenith_angle',
];

/**
 * Returns the variables to profile: AOD at 550 nm (the `aod550` column), the measurements in
 * `ALWAYS_PROFILED`, and every other measurement with at least one value.
 */
export function profiledVariables(table: CleanTable): ProfiledVariable[] {
  const columns = new Map<string, Float64Array>([['aod_550', table.aod550]]);
  for (const name of MEASUREMENTS) {
    const values = table.values[name];
    if (ALWAYS_PROFILED.includes(name) || hasValue(values, table.length)) columns.set(name, values);
  }

  return ORDER.filter((name) => columns.has(name)).map((name) => ({
    name,
    label: LABELS[name],
    values: columns.get(name)!,
  }));
}

/** Returns the measurements left out of the profile because they have no value. */
export function emptyMeasurements(table: CleanTable): Measurement[] {
  return MEASUREMENTS.filter(
    (name) => !ALWAYS_PROFILED.includes(name) && !hasValue(table.values[name], table.length),
  );
}

function hasValue(values: Float64Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (values[i] === values[i]) return true;
  return false;
}
