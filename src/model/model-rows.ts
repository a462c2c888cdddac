/**
 * The modelled rows: target chosen, features computed, rows with a missing value dropped,
 * time order kept. The rules are those of the pandas/scikit-learn pipeline this model
 * reproduces.
 */
import type { CleanTable } from '../clean/clean-table.ts';
import type { FeatureKind, TargetName } from './artifact.ts';
import { fillSeasonalFeatures } from './day-of-year.ts';

export const COORDINATE_FEATURES = ['latitude', 'longitude', 'elevation'] as const;

export type CoordinateFeature = (typeof COORDINATE_FEATURES)[number];

export type NumericFeature =
  'doy_sin' | 'doy_cos' | 'precipitable_water' | 'angstrom_440_870' | CoordinateFeature;

const BASE_FEATURES: NumericFeature[] = [
  'doy_sin',
  'doy_cos',
  'precipitable_water',
  'angstrom_440_870',
];

export const FEATURE_KINDS: Record<NumericFeature, FeatureKind> = {
  doy_sin: 'derived',
  doy_cos: 'derived',
  precipitable_water: 'numeric',
  angstrom_440_870: 'numeric',
  latitude: 'numeric',
  longitude: 'numeric',
  elevation: 'numeric',
};

export interface ModelRows {
  target: TargetName;
  wavelengthNm: 550 | 500;
  /** Numeric features in column order, after the site columns. */
  numericFeatures: NumericFeature[];
  length: number;
  /** Index into the table's `siteNames`. */
  site: Uint16Array;
  /** Seconds since the epoch, ascending. */
  time: Float64Array;
  /** Row-major: row i has its `numericFeatures.length` values from `i * width`. */
  numeric: Float64Array;
  y: Float64Array;
  /** Rows left out for want of a target: aod550 <= 0 or missing (aod_500 missing). */
  targetMissing: number;
  /** Rows left out because a feature or the target is missing (NaN). */
  missingValue: number;
}

/**
 * Returns log(aod550) as target when some row has aod550 > 0, else aod_500 itself: a table
 * whose AOD at 550 nm cannot be derived (no 440-870 nm Angstrom exponent) is still modelled.
 */
export function chooseTarget(table: CleanTable): { target: TargetName; wavelengthNm: 550 | 500 } {
  for (let i = 0; i < table.length; i++) {
    if (table.aod550[i]! > 0) return { target: 'log_aod_550', wavelengthNm: 550 };
  }
  return { target: 'aod_500', wavelengthNm: 500 };
}

/**
 * Returns the coordinates that are present and vary within at least one site. AERONET gives
 * one position per site, so a coordinate constant within every site is an exact linear
 * combination of the site one-hot columns and would make the design singular.
 */
export function varyingCoordinates(table: CleanTable): CoordinateFeature[] {
  return COORDINATE_FEATURES.filter((name) => variesWithinASite(table, table[name]));
}

function variesWithinASite(table: CleanTable, values: Float64Array): boolean {
  const first = new Float64Array(table.siteNames.length).fill(NaN);
  for (let i = 0; i < table.length; i++) {
    const value = values[i]!;
    if (Number.isNaN(value)) continue;

    const site = table.site[i]!;
    const seen = first[site]!;
    if (Number.isNaN(seen)) first[site] = value;
    else if (seen !== value) return true;
  }
  return false;
}

/** Builds the modelled rows of `table`, which must be in time order. */
export function buildModelRows(table: CleanTable): ModelRows {
  const { target, wavelengthNm } = chooseTarget(table);
  const numericFeatures = [...BASE_FEATURES, ...varyingCoordinates(table)];
  const width = numericFeatures.length;
  const n = table.length;

  const doySin = new Float64Array(n);
  const doyCos = new Float64Array(n);
  fillSeasonalFeatures(table.time.subarray(0, n), doySin, doyCos);
  const columns = numericFeatures.map((name) => featureColumn(table, name, doySin, doyCos));

  const rows = allocateRows(target, wavelengthNm, numericFeatures, n);
  for (let i = 0; i < n; i++) {
    const y = targetValue(table, target, i);
    if (Number.isNaN(y)) {
      rows.targetMissing++;
      continue;
    }
    if (!copyFeatures(columns, i, rows.numeric, rows.length * width)) {
      rows.missingValue++;
      continue;
    }
    rows.site[rows.length] = table.site[i]!;
    rows.time[rows.length] = table.time[i]!;
    rows.y[rows.length] = y;
    rows.length++;
  }
  return rows;
}

function allocateRows(
  target: TargetName,
  wavelengthNm: 550 | 500,
  numericFeatures: NumericFeature[],
  capacity: number,
): ModelRows {
  return {
    target,
    wavelengthNm,
    numericFeatures,
    length: 0,
    site: new Uint16Array(capacity),
    time: new Float64Array(capacity),
    numeric: new Float64Array(capacity * numericFeatures.length),
    y: new Float64Array(capacity),
    targetMissing: 0,
    missingValue: 0,
  };
}

/** Returns the target of row i, or NaN when the row has none. */
function targetValue(table: CleanTable, target: TargetName, i: number): number {
  if (target === 'aod_500') return table.values.aod_500[i]!;

  const aod = table.aod550[i]!;
  return aod > 0 ? Math.log(aod) : NaN;
}

/** Copies row i's features to `out` from `offset`; false when one is NaN. */
function copyFeatures(columns: Float64Array[], i: number, out: Float64Array, offset: number) {
  for (let k = 0; k < columns.length; k++) {
    const value = columns[k]![i]!;
    if (Number.isNaN(value)) return false;
    out[offset + k] = value;
  }
  return true;
}

function featureColumn(
  table: CleanTable,
  name: NumericFeature,
  doySin: Float64Array,
  doyCos: Float64Array,
): Float64Array {
  switch (name) {
    case 'doy_sin':
      return doySin;
    case 'doy_cos':
      return doyCos;
    case 'precipitable_water':
    case 'angstrom_440_870':
      return table.values[name];
    default:
      return table[name];
  }
}
