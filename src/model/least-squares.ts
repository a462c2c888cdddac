/**
 * Ordinary least squares with an intercept for a one-hot + numeric design, solved from the
 * centered normal equations without forming the N x P design matrix.
 *
 * Columns are scaled to unit length before the P x P solve, and rank deficiency is detected
 * from the eigenvalues of the scaled matrix. Two passes of iterative refinement on the actual
 * residuals then bring the precision close to that of a QR factorization of X. This is
 * Björck's corrected semi-normal equations method (Numerical Methods for Least Squares
 * Problems, 1996, section 2.8).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

import { BadInputError } from '../errors.ts';
import { choleskyFactor, choleskyInverse, choleskySolve } from './cholesky.ts';
import { symmetricEigenvalues } from './symmetric-eigenvalues.ts';
import {
  centeredNormalEquations,
  residualPass,
  type CenteredSystem,
  type Design,
} from './normal-equations.ts';

/**
 * The design is taken as singular when its scaled condition number exceeds 1e6, which is
 * when the smallest eigenvalue of the scaled X_c'X_c falls below 1e-12 times the largest.
 * Rounding in a million-row sum leaves an exactly collinear design at about 1e-14 instead of
 * 0, and well-posed AOD designs stay below 1e4.
 */
const SINGULAR_EIGENVALUE_RATIO = 1e-12;

const REFINEMENT_PASSES = 2;

/** At most this many features are named in a singular-design message. */
const NAMED_FEATURES = 12;

export interface LeastSquaresFit {
  intercept: number;
  /** Slopes, one per design column. */
  coefficients: Float64Array;
  /** Column means of the design. */
  means: Float64Array;
  /** (X_c'X_c)^-1, P x P row-major; times sigma^2 it is the covariance of the slopes. */
  inverse: Float64Array;
  residualSumOfSquares: number;
  totalSumOfSquares: number;
  /** sqrt(largest / smallest eigenvalue) of X_c'X_c with unit-length columns. */
  conditionNumber: number;
}

/** Fits y on the design by least squares; `featureNames` name the P columns in messages. */
export function fitLeastSquares(design: Design, featureNames: string[]): LeastSquaresFit {
  const size = design.siteColumns + design.numericColumns;
  const system = centeredNormalEquations(design);
  const scale = columnScale(system, size, featureNames);
  const scaled = scaleMatrix(system.matrix, scale, size);
  const conditionNumber = checkRank(scaled, size, featureNames);

  const lower = choleskyFactor(scaled, size);
  if (lower === undefined) {
    throw singularError(
      { named: featureNames.slice(0, NAMED_FEATURES), more: Math.max(size - NAMED_FEATURES, 0) },
      'the Cholesky factorization failed',
    );
  }
  const solve = (rhs: Float64Array) => {
    const z = choleskySolve(
      lower,
      size,
      rhs.map((value, i) => value * scale[i]!),
    );
    return z.map((value, i) => value * scale[i]!);
  };

  const coefficients = solve(system.rhs);
  let residualSumOfSquares = NaN;
  for (let pass = 0; pass < REFINEMENT_PASSES; pass++) {
    const { gradient, residualSumOfSquares: before } = residualPass(design, system, coefficients);
    const step = solve(gradient);
    // For a quadratic, the step lowers the sum of squares by exactly step'gradient.
    residualSumOfSquares = before - dot(step, gradient);
    for (let i = 0; i < size; i++) coefficients[i]! += step[i]!;
  }

  const scaledInverse = choleskyInverse(lower, size);
  return {
    intercept: system.yMean - dot(system.means, coefficients),
    coefficients,
    means: system.means,
    inverse: scaleMatrix(scaledInverse, scale, size),
    residualSumOfSquares: Math.max(residualSumOfSquares, 0),
    totalSumOfSquares: system.totalSumOfSquares,
    conditionNumber,
  };
}

/** 1 / column length of each centered column; a zero length means a constant feature. */
function columnScale(system: CenteredSystem, size: number, names: string[]): Float64Array {
  const scale = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const squaredLength = system.matrix[i * size + i]!;
    if (!(squaredLength > 0)) {
      throw singularError({ named: [names[i]!], more: 0 }, 'it is constant over the training rows');
    }
    scale[i] = 1 / Math.sqrt(squaredLength);
  }
  return scale;
}

function scaleMatrix(matrix: Float64Array, scale: Float64Array, size: number): Float64Array {
  return matrix.map(
    (value, index) => value * scale[Math.floor(index / size)]! * scale[index % size]!,
  );
}

/** Returns the condition number; throws AOD_MODEL_SINGULAR naming the collinear features. */
function checkRank(scaled: Float64Array, size: number, names: string[]): number {
  if (size === 0) return 1;

  const eigenvalues = symmetricEigenvalues(scaled, size);
  const smallest = eigenvalues[0]!;
  const largest = eigenvalues[size - 1]!;
  const conditionNumber = smallest > 0 ? Math.sqrt(largest / smallest) : Infinity;
  if (smallest > largest * SINGULAR_EIGENVALUE_RATIO) return conditionNumber;

  const reason = Number.isFinite(conditionNumber)
    ? `the scaled design has condition number ${conditionNumber.toExponential(2)}, above 1e6`
    : 'the scaled design is exactly singular';
  throw singularError(
    collinearFeatures(scaled, size, names, largest * SINGULAR_EIGENVALUE_RATIO),
    reason,
  );
}

/**
 * Names the features of the near-null eigenvectors (eigenvalue at most `threshold`): the
 * columns that combine to almost zero. The NAMED_FEATURES largest components are named, in
 * column order, and the rest counted.
 */
function collinearFeatures(
  scaled: Float64Array,
  size: number,
  names: string[],
  threshold: number,
): { named: string[]; more: number } {
  const decomposition = new EigenvalueDecomposition(Matrix.from1DArray(size, size, scaled), {
    assumeSymmetric: true,
  });
  const vectors = decomposition.eigenvectorMatrix;
  const weights = new Float64Array(size);
  decomposition.realEigenvalues.forEach((value, column) => {
    if (value > threshold) return;

    const components = vectors.getColumn(column).map(Math.abs);
    const peak = Math.max(...components);
    components.forEach((weight, i) => {
      if (weight > 1e-3 * peak) weights[i] = Math.max(weights[i]!, weight);
    });
  });

  const involved = [...weights.keys()].filter((i) => weights[i]! > 0);
  const top = involved.sort((a, b) => weights[b]! - weights[a]!).slice(0, NAMED_FEATURES);
  return {
    named: top.sort((a, b) => a - b).map((i) => names[i]!),
    more: involved.length - top.length,
  };
}

function singularError(features: { named: string[]; more: number }, reason: string): BadInputError {
  const { named, more } = features;
  if (named.length === 1) {
    return new BadInputError(
      'AOD_MODEL_SINGULAR',
      `the regression has no unique solution: feature ${named[0]} is collinear with the intercept (${reason}); drop it or add rows where it varies`,
    );
  }

  const list = named.join(', ') + (more > 0 ? ` and ${more} more` : '');
  return new BadInputError(
    'AOD_MODEL_SINGULAR',
    `the regression has no unique solution: features ${list} are collinear (${reason}); drop one of them or add rows where they vary independently`,
  );
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
