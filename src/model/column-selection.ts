/**
 * The design columns that least squares can fit: all of them, minus constant columns and
 * columns that are (nearly) linear combinations of the intercept and earlier columns.
 *
 * Columns are tried in design order, the site columns first, and each is kept when the kept
 * set stays well conditioned. This is how R's lm treats aliased columns (a column that
 * depends on earlier ones gets an NA coefficient), so the result does not depend on rounding
 * and a feature that repeats an earlier one is the one left out. A numeric feature aliased
 * with the sites, such as a latitude that is fixed per site, is dropped and the sites kept.
 * The site columns never depend on each other in exact arithmetic, because every training
 * site has at least one row. Only extreme rounding could drop one.
 */
import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { symmetricEigenvalues } from './symmetric-eigenvalues.ts';

/**
 * A set of columns is taken as singular when its scaled condition number exceeds 1e6, which
 * is when the smallest eigenvalue of the scaled X_c'X_c falls below 1e-12 times the largest.
 * Rounding in a million-row sum leaves an exactly collinear design at about 1e-14 instead of
 * 0, and well-posed AOD designs stay below 1e4.
 */
const SINGULAR_EIGENVALUE_RATIO = 1e-12;

/**
 * A kept column is named in `collinearWith` when its weight in the least-squares combination
 * that reproduces a dropped column is above this fraction of the largest weight.
 */
const NAMED_WEIGHT = 1e-3;

export interface DroppedColumn {
  /** Index of the column in the design. */
  column: number;
  /**
   * `constant`: the same value in every training row, so collinear with the intercept.
   * `collinear`: nearly a linear combination of the intercept and the kept columns.
   */
  reason: 'constant' | 'collinear';
  /** Kept columns of that combination, ascending; empty for a constant column. */
  collinearWith: number[];
  /** Scaled condition number of all kept columns plus this one; Infinity when singular. */
  conditionNumber: number;
}

/** Columns of X_c'X_c scaled to unit length, with the spectrum that judges them. */
interface ScaledSystem {
  /** 1 / length of each centered column. */
  scale: Float64Array;
  /** X_c'X_c of the columns with unit-length columns, row-major. */
  scaled: Float64Array;
  /** sqrt(largest / smallest eigenvalue) of `scaled`; 1 for no columns. */
  conditionNumber: number;
  /** True when the smallest eigenvalue is above SINGULAR_EIGENVALUE_RATIO times the largest. */
  wellConditioned: boolean;
}

export interface ColumnSelection extends Omit<ScaledSystem, 'wellConditioned'> {
  /** Kept columns, ascending. */
  columns: number[];
  /** Columns left out, ascending. */
  dropped: DroppedColumn[];
}

/**
 * Selects the columns to fit from X_c'X_c (`size` x `size`, row-major) of a design whose
 * first `siteColumns` columns are the one-hot sites.
 */
export function selectColumns(
  matrix: Float64Array,
  size: number,
  siteColumns: number,
): ColumnSelection {
  const dropped: DroppedColumn[] = [];
  const candidates: number[] = [];
  for (let i = 0; i < size; i++) {
    if (matrix[i * size + i]! > 0) candidates.push(i);
    else
      dropped.push({ column: i, reason: 'constant', collinearWith: [], conditionNumber: Infinity });
  }

  const all = scaledSystem(matrix, size, candidates);
  if (all.wellConditioned) return selection(candidates, dropped, all);

  // By eigenvalue interlacing, every subset of a well-conditioned set is well conditioned,
  // so a site block that passes as a whole is what trying its columns one by one would keep.
  const sites = candidates.filter((column) => column < siteColumns);
  const siteBlock = scaledSystem(matrix, size, sites);
  let kept = siteBlock.wellConditioned ? sites : [];
  let current = siteBlock.wellConditioned ? siteBlock : scaledSystem(matrix, size, []);

  const collinear: number[] = [];
  for (const column of candidates.slice(kept.length)) {
    const trial = scaledSystem(matrix, size, [...kept, column]);
    if (trial.wellConditioned) {
      kept = [...kept, column];
      current = trial;
    } else {
      collinear.push(column);
    }
  }

  // Judged against all kept columns, a dropped column stays singular: the kept set grew, and
  // a larger set has a condition number at least as large.
  for (const column of collinear) {
    dropped.push({
      column,
      reason: 'collinear',
      collinearWith: combinationOf(matrix, size, kept, current, column),
      conditionNumber: scaledSystem(matrix, size, withColumn(kept, column)).conditionNumber,
    });
  }
  dropped.sort((a, b) => a.column - b.column);
  return selection(kept, dropped, current);
}

/** Returns `columns` (ascending) with `column` inserted in order. */
function withColumn(columns: number[], column: number): number[] {
  return [...columns, column].sort((a, b) => a - b);
}

function selection(
  columns: number[],
  dropped: DroppedColumn[],
  system: ScaledSystem,
): ColumnSelection {
  const { scale, scaled, conditionNumber } = system;
  return { columns, dropped, scale, scaled, conditionNumber };
}

/** Scales the rows and columns `columns` of X_c'X_c to unit diagonal and judges them. */
function scaledSystem(matrix: Float64Array, size: number, columns: number[]): ScaledSystem {
  const count = columns.length;
  const scale = Float64Array.from(
    columns,
    (column) => 1 / Math.sqrt(matrix[column * size + column]!),
  );
  const scaled = new Float64Array(count * count);
  for (let a = 0; a < count; a++) {
    const row = columns[a]! * size;
    for (let b = 0; b < count; b++) {
      scaled[a * count + b] = matrix[row + columns[b]!]! * scale[a]! * scale[b]!;
    }
  }
  if (count === 0) return { scale, scaled, conditionNumber: 1, wellConditioned: true };

  const eigenvalues = symmetricEigenvalues(scaled, count);
  const smallest = eigenvalues[0]!;
  const largest = eigenvalues[count - 1]!;
  return {
    scale,
    scaled,
    conditionNumber: smallest > 0 ? Math.sqrt(largest / smallest) : Infinity,
    wellConditioned: smallest > largest * SINGULAR_EIGENVALUE_RATIO,
  };
}

/**
 * Returns the kept columns that carry the least-squares combination of them closest to
 * `column`, in scaled units: those whose weight is above NAMED_WEIGHT of the largest.
 */
function combinationOf(
  matrix: Float64Array,
  size: number,
  kept: number[],
  system: ScaledSystem,
  column: number,
): number[] {
  const lower = choleskyFactor(system.scaled, kept.length);
  // A well-conditioned set always has a factor. Should rounding make it fail, name them all.
  if (lower === undefined) return kept;

  const columnScale = 1 / Math.sqrt(matrix[column * size + column]!);
  const cross = Float64Array.from(
    kept,
    (other, i) => matrix[other * size + column]! * system.scale[i]! * columnScale,
  );
  const weights = choleskySolve(lower, kept.length, cross).map(Math.abs);
  const peak = Math.max(...weights);
  return kept.filter((_, i) => weights[i]! > NAMED_WEIGHT * peak);
}
