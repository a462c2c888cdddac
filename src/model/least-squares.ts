/**
 * Ordinary least squares with an intercept for a one-hot + numeric design, solved from the
 * centered normal equations without forming the N x P design matrix.
 *
 * Columns are scaled to unit length before the P x P solve, and constant or collinear columns
 * are left out, judged by the eigenvalues of the scaled matrix. Two passes of iterative
 * refinement on the actual residuals then bring the precision close to that of a QR
 * factorization of X. This is Björck's corrected semi-normal equations method (Numerical
 * Methods for Least Squares Problems, 1996, section 2.8).
 */
import { BadInputError } from '../errors.ts';
import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky.ts';
import { selectColumns, type DroppedColumn } from './column-selection.ts';
import { centeredNormalEquations, residualPass, type Design } from './normal-equations.ts';

const REFINEMENT_PASSES = 2;

/** At most this many features are named in a singular-design message. */
const NAMED_FEATURES = 12;

export interface LeastSquaresFit {
  /** Design columns fitted, ascending; the others are in `dropped`. */
  columns: number[];
  /** Columns left out because they are constant or collinear, ascending. */
  dropped: DroppedColumn[];
  intercept: number;
  /** Slopes, one per fitted column. */
  coefficients: Float64Array;
  /** Means of the fitted columns. */
  means: Float64Array;
  /** (X_c'X_c)^-1 of the fitted columns, row-major; times sigma^2 it is their covariance. */
  inverse: Float64Array;
  residualSumOfSquares: number;
  totalSumOfSquares: number;
  /** sqrt(largest / smallest eigenvalue) of X_c'X_c of the fitted, unit-length columns. */
  conditionNumber: number;
}

/**
 * Fits y on the design by least squares, leaving out constant and collinear columns (see
 * column-selection.ts). `featureNames` name the columns in messages.
 */
export function fitLeastSquares(design: Design, featureNames: string[]): LeastSquaresFit {
  const size = design.siteColumns + design.numericColumns;
  const system = centeredNormalEquations(design);
  const { columns, dropped, scale, scaled, conditionNumber } = selectColumns(
    system.matrix,
    size,
    design.siteColumns,
  );
  const fittedCount = columns.length;

  const lower = choleskyFactor(scaled, fittedCount);
  if (lower === undefined) {
    throw choleskyError(
      columns.map((column) => featureNames[column]!),
      conditionNumber,
    );
  }
  const solve = (rhs: Float64Array) => {
    const z = choleskySolve(
      lower,
      fittedCount,
      rhs.map((value, i) => value * scale[i]!),
    );
    return z.map((value, i) => value * scale[i]!);
  };

  const coefficients = solve(pick(system.rhs, columns));
  let residualSumOfSquares = NaN;
  for (let pass = 0; pass < REFINEMENT_PASSES; pass++) {
    // Dropped columns enter the residuals with a slope of 0.
    const slopes = spread(coefficients, columns, size);
    const { gradient, residualSumOfSquares: before } = residualPass(design, system, slopes);
    const fittedGradient = pick(gradient, columns);
    const step = solve(fittedGradient);
    // For a quadratic, the step lowers the sum of squares by exactly step'gradient.
    residualSumOfSquares = before - dot(step, fittedGradient);
    for (let i = 0; i < fittedCount; i++) coefficients[i]! += step[i]!;
  }

  const means = pick(system.means, columns);
  const scaledInverse = choleskyInverse(lower, fittedCount);
  return {
    columns,
    dropped,
    intercept: system.yMean - dot(means, coefficients),
    coefficients,
    means,
    inverse: scaleMatrix(scaledInverse, scale, fittedCount),
    residualSumOfSquares: Math.max(residualSumOfSquares, 0),
    totalSumOfSquares: system.totalSumOfSquares,
    conditionNumber,
  };
}

function scaleMatrix(matrix: Float64Array, scale: Float64Array, size: number): Float64Array {
  return matrix.map(
    (value, index) => value * scale[Math.floor(index / size)]! * scale[index % size]!,
  );
}

/** Builds the error for a failed factorization, which the condition-number test should prevent. */
function choleskyError(names: string[], conditionNumber: number): BadInputError {
  const more = names.length - NAMED_FEATURES;
  const list = names.slice(0, NAMED_FEATURES).join(', ') + (more > 0 ? ` and ${more} more` : '');
  return new BadInputError(
    'AOD_MODEL_SINGULAR',
    `the regression has no unique solution: the Cholesky factorization of the normal equations of features ${list} failed at condition number ${conditionNumber.toExponential(2)}; add observations where these features vary independently`,
  );
}

/** Returns the entries `columns` of `values`. */
function pick(values: Float64Array, columns: number[]): Float64Array {
  return Float64Array.from(columns, (column) => values[column]!);
}

/** Returns a `size`-long vector with `values` at `columns` and 0 elsewhere. */
function spread(values: Float64Array, columns: number[], size: number): Float64Array {
  const full = new Float64Array(size);
  columns.forEach((column, i) => (full[column] = values[i]!));
  return full;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
