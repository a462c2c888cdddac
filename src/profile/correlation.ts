/**
 * Pearson correlation with pairwise-complete rows, as pandas `DataFrame.corr()` computes it:
 * each pair of columns uses the rows where both have a value, and a pair with no spread in
 * either column has no correlation (NaN).
 */

/**
 * Returns the Pearson correlation matrix of `columns` over their first `length` rows.
 * The matrix is symmetric, its diagonal is 1 for columns with spread, and NaN marks a pair
 * without a defined correlation.
 */
export function pearsonMatrix(columns: readonly Float64Array[], length: number): number[][] {
  const size = columns.length;
  const matrix = Array.from({ length: size }, () => new Array<number>(size).fill(NaN));

  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      const r = pearson(columns[i]!, columns[j]!, length);
      matrix[i]![j] = r;
      matrix[j]![i] = r;
    }
  }
  return matrix;
}

/**
 * Returns the Pearson correlation of `x` and `y` over the first `length` rows where both are
 * not NaN. Two passes (means, then centred sums) keep it accurate when values sit far from 0.
 */
export function pearson(x: Float64Array, y: Float64Array, length: number): number {
  const means = pairedMeans(x, y, length);
  if (means.count === 0) return NaN;

  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < length; i++) {
    const vx = x[i]!;
    const vy = y[i]!;
    if (vx !== vx || vy !== vy) continue;

    const dx = vx - means.x;
    const dy = vy - means.y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }

  const divisor = Math.sqrt(sxx * syy);
  return divisor === 0 ? NaN : sxy / divisor;
}

interface PairedMeans {
  count: number;
  x: number;
  y: number;
}

/** Returns the means of `x` and `y` over complete rows, by Neumaier's compensated summation. */
function pairedMeans(x: Float64Array, y: Float64Array, length: number): PairedMeans {
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  let compensationX = 0;
  let compensationY = 0;
  for (let i = 0; i < length; i++) {
    const vx = x[i]!;
    const vy = y[i]!;
    if (vx !== vx || vy !== vy) continue;

    count++;
    let next = sumX + vx;
    compensationX += Math.abs(sumX) >= Math.abs(vx) ? sumX - next + vx : vx - next + sumX;
    sumX = next;

    next = sumY + vy;
    compensationY += Math.abs(sumY) >= Math.abs(vy) ? sumY - next + vy : vy - next + sumY;
    sumY = next;
  }
  return { count, x: (sumX + compensationX) / count, y: (sumY + compensationY) / count };
}
