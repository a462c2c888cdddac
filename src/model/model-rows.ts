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
  /** The clean table the rows come from. */
  table: CleanTable;
  /** Table row of each modelled row, ascending, so the rows stay in time order. */
  tableRow: Uint32Array;
  y: Float64Array;
  /** Rows left out for want of a target: aod550 <= 0 or missing (aod_500 missing). */
  targetMissing: number;
  /** Rows left out because a feature or the target is missing (NaN). */
  missingValue: number;
}

/**
 * Values of modelled rows [from, to): features row-major, `numericFeatures.length` per row,
 * then targets and times, each indexed from 0 for row `from`.
 */
export interface RowBlock {
  from: number;
  to: number;
  numeric: Float64Array;
  y: Float64Array;
  time: Float64Array;
}

/**
 * Rows per block of computed features. The features are computed again for each pass over the
 * rows instead of being kept for all rows, which allocates 42 MB less on a million rows. The
 * size is a multiple of the normal equations' summation block, so block sums are unchanged.
 */
export const MODEL_BLOCK_ROWS = 65_536;

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
  // The seasonal features are never missing: every row has a time.
  const measured = numericFeatures
    .filter((name) => name !== 'doy_sin' && name !== 'doy_cos')
    .map((name) => measuredColumn(table, name));
  const n = table.length;
  const tableRow = new Uint32Array(n);
  const y = new Float64Array(n);
  let length = 0;
  let targetMissing = 0;
  let missingValue = 0;

  for (let i = 0; i < n; i++) {
    const value = targetValue(table, target, i);
    if (Number.isNaN(value)) {
      targetMissing++;
      continue;
    }
    if (measured.some((column) => Number.isNaN(column[i]!))) {
      missingValue++;
      continue;
    }
    tableRow[length] = i;
    y[length] = value;
    length++;
  }
  return {
    target,
    wavelengthNm,
    numericFeatures,
    length,
    table,
    tableRow: tableRow.subarray(0, length),
    y: y.subarray(0, length),
    targetMissing,
    missingValue,
  };
}

/**
 * Calls `visit` with consecutive blocks of MODEL_BLOCK_ROWS rows (the last one shorter) that
 * cover modelled rows [from, to). The block's arrays are reused by the next call.
 */
export function forEachRowBlock(
  rows: ModelRows,
  from: number,
  to: number,
  visit: (block: RowBlock) => void,
): void {
  const size = Math.max(0, Math.min(MODEL_BLOCK_ROWS, to - from));
  const width = rows.numericFeatures.length;
  const numeric = new Float64Array(size * width);
  const time = new Float64Array(size);
  const doySin = new Float64Array(size);
  const doyCos = new Float64Array(size);
  const columns = rows.numericFeatures.map((name) => {
    if (name === 'doy_sin') return doySin;
    if (name === 'doy_cos') return doyCos;
    return measuredColumn(rows.table, name);
  });
  const seasonal = rows.numericFeatures.map((name) => name === 'doy_sin' || name === 'doy_cos');

  for (let start = from; start < to; start += MODEL_BLOCK_ROWS) {
    const end = Math.min(to, start + MODEL_BLOCK_ROWS);
    const count = end - start;
    for (let i = 0; i < count; i++) time[i] = rows.table.time[rows.tableRow[start + i]!]!;
    fillSeasonalFeatures(time.subarray(0, count), doySin, doyCos);

    for (let k = 0; k < width; k++) {
      const column = columns[k]!;
      if (seasonal[k]) {
        for (let i = 0; i < count; i++) numeric[i * width + k] = column[i]!;
      } else {
        for (let i = 0; i < count; i++) numeric[i * width + k] = column[rows.tableRow[start + i]!]!;
      }
    }
    visit({
      from: start,
      to: end,
      numeric: numeric.subarray(0, count * width),
      y: rows.y.subarray(start, end),
      time: time.subarray(0, count),
    });
  }
}

/** Returns the target of row i, or NaN when the row has none. */
function targetValue(table: CleanTable, target: TargetName, i: number): number {
  if (target === 'aod_500') return table.values.aod_500[i]!;

  const aod = table.aod550[i]!;
  return aod > 0 ? Math.log(aod) : NaN;
}

function measuredColumn(table: CleanTable, name: NumericFeature): Float64Array {
  switch (name) {
    case 'precipitable_water':
    case 'angstrom_440_870':
      return table.values[name];
    case 'latitude':
    case 'longitude':
    case 'elevation':
      return table[name];
    default:
      throw new Error(`${name} is computed from the time, not read from the table`);
  }
}
