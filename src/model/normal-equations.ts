/**
 * Passes over the training rows that build the centered normal equations X_c'X_c b = X_c'y_c
 * of a design made of one-hot site columns and a few numeric columns, without forming X.
 *
 * A row has at most one non-zero site column, so the site block of X'X is diagonal and the
 * site-numeric block is a per-site sum. Centering is applied afterwards in closed form:
 * with p_j = n_j / n, (z_j - p_j)'(z_k - p_k) = n_j [j = k] - n_j n_k / n. Numeric values are
 * taken as deviations from a first-pass mean, and the exact mean is restored by a correction
 * term, so large offsets such as elevations in metres cost no precision.
 */
import { NO_COLUMN } from './site-encoder.ts';

/** Rows per partial sum of the cross products. */
export const SUM_BLOCK = 1024;

/**
 * Numeric values (row-major, `numericColumns` per row) and targets of rows [from, to), each
 * indexed from 0 for row `from`.
 */
export type DesignBlockVisitor = (
  from: number,
  to: number,
  numeric: Float64Array,
  y: Float64Array,
) => void;

/** Training rows in the compact form the passes read. */
export interface Design {
  rows: number;
  /** Number of one-hot site columns (training sites minus the baseline). */
  siteColumns: number;
  /** One-hot column of each row, NO_COLUMN for the baseline site. */
  siteColumn: Int32Array;
  /** Number of numeric columns, after the site columns. */
  numericColumns: number;
  /**
   * Calls `visit` with consecutive blocks that cover rows 0 .. rows - 1 in order. Every block
   * but the last is a whole number of SUM_BLOCK rows, so the block sums do not depend on it.
   */
  forEachBlock(visit: DesignBlockVisitor): void;
}

/** Returns a Design over whole arrays: `numeric` row-major, `rows * numericColumns` long. */
export function arrayDesign(
  columns: Omit<Design, 'forEachBlock'> & { numeric: Float64Array; y: Float64Array },
): Design {
  const { numeric, y, ...shape } = columns;
  return { ...shape, forEachBlock: (visit) => visit(0, shape.rows, numeric, y) };
}

export interface CenteredSystem {
  /** X_c'X_c, P x P row-major, P = siteColumns + numericColumns. */
  matrix: Float64Array;
  /** X_c'y_c. */
  rhs: Float64Array;
  /** Column means of X. */
  means: Float64Array;
  yMean: number;
  /** Sum of (y - mean y)^2. */
  totalSumOfSquares: number;
}

/** Builds the centered normal equations in two passes over the rows. */
export function centeredNormalEquations(design: Design): CenteredSystem {
  const { rows: n, siteColumns: s, numericColumns: k } = design;
  const width = k + 1;
  const { counts, means } = firstPassMeans(design);
  const { siteSums, totals, cross } = deviationMoments(design, means);

  // c = mean deviation from the first-pass mean; the exact mean is mean + c.
  const correction = totals.map((total) => total / n);
  const p = s + k;
  const matrix = new Float64Array(p * p);
  const rhs = new Float64Array(p);

  for (let a = 0; a < s; a++) {
    for (let b = 0; b < s; b++) matrix[a * p + b] = -(counts[a]! * counts[b]!) / n;
    matrix[a * p + a] = matrix[a * p + a]! + counts[a]!;
    for (let j = 0; j < k; j++) {
      const value = siteSums[a * width + j]! - counts[a]! * correction[j]!;
      matrix[a * p + s + j] = value;
      matrix[(s + j) * p + a] = value;
    }
    rhs[a] = siteSums[a * width + k]! - counts[a]! * correction[k]!;
  }
  const centeredCross = (i: number, j: number) =>
    cross[i * width + j]! - n * correction[i]! * correction[j]!;
  for (let i = 0; i < k; i++) {
    for (let j = i; j < k; j++) {
      const value = centeredCross(i, j);
      matrix[(s + i) * p + s + j] = value;
      matrix[(s + j) * p + s + i] = value;
    }
    rhs[s + i] = centeredCross(i, k);
  }

  const columnMeans = new Float64Array(p);
  for (let a = 0; a < s; a++) columnMeans[a] = counts[a]! / n;
  for (let j = 0; j < k; j++) columnMeans[s + j] = means[j]! + correction[j]!;
  return {
    matrix,
    rhs,
    means: columnMeans,
    yMean: means[k]! + correction[k]!,
    totalSumOfSquares: centeredCross(k, k),
  };
}

/** Rows per site column and first-pass means of the numeric columns and y (last). */
function firstPassMeans(design: Design): { counts: Float64Array; means: Float64Array } {
  const { rows: n, numericColumns: k, siteColumn } = design;
  const counts = new Float64Array(design.siteColumns);
  const sums = new Float64Array(k + 1);
  design.forEachBlock((from, to, numeric, y) => {
    for (let i = from; i < to; i++) {
      const column = siteColumn[i]!;
      if (column !== NO_COLUMN) counts[column]! += 1;
      const offset = (i - from) * k;
      for (let j = 0; j < k; j++) sums[j]! += numeric[offset + j]!;
      sums[k]! += y[i - from]!;
    }
  });
  return { counts, means: sums.map((sum) => sum / n) };
}

/**
 * Sums of deviations d = (x, y) - mean per site column and overall, and the upper triangle
 * of sum d d', all `k + 1` wide with y last.
 */
function deviationMoments(design: Design, means: Float64Array) {
  const { numericColumns: k, siteColumn } = design;
  const width = k + 1;
  const siteSums = new Float64Array(design.siteColumns * width);
  const totals = new Float64Array(width);
  const cross = new Float64Array(width * width);
  const blockCross = new Float64Array(width * width);
  const deviation = new Float64Array(width);

  // Products are summed per block of rows and the block sums then added up: the rounding
  // error grows with sqrt(block) + sqrt(n / block) instead of sqrt(n), which keeps an exactly
  // collinear design visibly singular at a million rows.
  design.forEachBlock((from, to, numeric, y) => {
    for (let start = from; start < to; start += SUM_BLOCK) {
      const end = Math.min(start + SUM_BLOCK, to);
      blockCross.fill(0);
      for (let i = start; i < end; i++) {
        const offset = (i - from) * k;
        for (let j = 0; j < k; j++) deviation[j] = numeric[offset + j]! - means[j]!;
        deviation[k] = y[i - from]! - means[k]!;

        const column = siteColumn[i]!;
        const siteOffset = column * width;
        for (let j = 0; j < width; j++) {
          const value = deviation[j]!;
          totals[j]! += value;
          if (column !== NO_COLUMN) siteSums[siteOffset + j]! += value;
          const row = j * width;
          for (let l = j; l < width; l++) blockCross[row + l]! += value * deviation[l]!;
        }
      }
      for (let j = 0; j < cross.length; j++) cross[j]! += blockCross[j]!;
    }
  });
  return { siteSums, totals, cross };
}

export interface ResidualPass {
  /** X_c' r: zero at the least-squares solution. */
  gradient: Float64Array;
  residualSumOfSquares: number;
}

/**
 * Computes the residuals r = y_c - X_c b of slopes `b` in centered form and returns X_c' r and
 * r'r. Used for iterative refinement of the normal-equation solution.
 */
export function residualPass(
  design: Design,
  system: CenteredSystem,
  slopes: Float64Array,
): ResidualPass {
  const { siteColumns: s, numericColumns: k, siteColumn } = design;
  const { means, yMean } = system;

  // The one-hot part of X_c b for a row of site column j is b_j - sum_l b_l p_l.
  let siteMean = 0;
  for (let a = 0; a < s; a++) siteMean += slopes[a]! * means[a]!;

  const siteResiduals = new Float64Array(s);
  const numericGradient = new Float64Array(k);
  let total = 0;
  let sumOfSquares = 0;
  design.forEachBlock((from, to, numeric, y) => {
    for (let i = from; i < to; i++) {
      const column = siteColumn[i]!;
      let residual = y[i - from]! - yMean + siteMean;
      if (column !== NO_COLUMN) residual -= slopes[column]!;
      const offset = (i - from) * k;
      for (let j = 0; j < k; j++) {
        residual -= slopes[s + j]! * (numeric[offset + j]! - means[s + j]!);
      }

      total += residual;
      sumOfSquares += residual * residual;
      if (column !== NO_COLUMN) siteResiduals[column]! += residual;
      for (let j = 0; j < k; j++) {
        numericGradient[j]! += (numeric[offset + j]! - means[s + j]!) * residual;
      }
    }
  });

  const gradient = new Float64Array(s + k);
  for (let a = 0; a < s; a++) gradient[a] = siteResiduals[a]! - means[a]! * total;
  gradient.set(numericGradient, s);
  return { gradient, residualSumOfSquares: sumOfSquares };
}
