/**
 * Summary statistics of one variable, computed as pandas 1.5 computes them.
 *
 * Missing values are NaN and are left out, as pandas does with `skipna=True`. Infinities count
 * as present values, as in pandas. Sums use Neumaier's compensated summation, so the mean and
 * the standard deviation agree with pandas (which uses NumPy's pairwise sums) to about 1e-13
 * relative.
 */

/** Statistics of one variable. Values that pandas leaves undefined (too few rows) are NaN. */
export interface VariableStats {
  /** Rows with a value. */
  count: number;
  /** Rows without a value (NaN). */
  missing: number;
  mean: number;
  /** Sample standard deviation (ddof = 1). */
  std: number;
  min: number;
  /** 5 % quantile, by linear interpolation between order statistics. */
  p5: number;
  p25: number;
  /** Median. */
  p50: number;
  p75: number;
  p95: number;
  max: number;
  /** Adjusted Fisher-Pearson skewness G1, as `Series.skew()`. */
  skewness: number;
  /** Excess kurtosis G2 with the unbiased correction, as `Series.kurt()`. */
  kurtosis: number;
}

/** Describes the first `length` values of a column, leaving out NaN. */
export function describe(values: Float64Array, length = values.length): VariableStats {
  const sorted = sortedPresentValues(values, length);
  return describeSorted(sorted, length - sorted.length);
}

/** Returns the non-NaN values among the first `length`, in ascending order, as a new array. */
export function sortedPresentValues(values: Float64Array, length = values.length): Float64Array {
  const present = new Float64Array(length);
  let count = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i]!;
    if (value === value) present[count++] = value;
  }
  // Float64Array.prototype.sort compares numerically, unlike Array.prototype.sort.
  return present.subarray(0, count).sort();
}

/** Describes values already sorted ascending and free of NaN, reporting `missing` as given. */
export function describeSorted(sorted: Float64Array, missing: number): VariableStats {
  const count = sorted.length;
  const mean = count === 0 ? NaN : compensatedSum(sorted) / count;
  const moments = centralMomentSums(sorted, mean);

  return {
    count,
    missing,
    mean,
    std: count < 2 ? NaN : Math.sqrt(moments.m2 / (count - 1)),
    min: count === 0 ? NaN : sorted[0]!,
    p5: quantileSorted(sorted, 0.05),
    p25: quantileSorted(sorted, 0.25),
    p50: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p95: quantileSorted(sorted, 0.95),
    max: count === 0 ? NaN : sorted[count - 1]!,
    skewness: skewness(count, moments.m2, moments.m3),
    kurtosis: kurtosis(count, moments.m2, moments.m4),
  };
}

/**
 * Returns the `q` quantile of ascending values by linear interpolation, NumPy's default method.
 * The index and the interpolation follow NumPy 1.24 `_compute_virtual_index` and `_lerp` step by
 * step, so results match it to the last bit in most cases.
 */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;

  const position = n * q + (1 - q) - 1;
  const lower = Math.min(Math.max(Math.floor(position), 0), n - 1);
  const upper = Math.min(lower + 1, n - 1);
  const t = position - lower;

  const a = sorted[lower]!;
  const b = sorted[upper]!;
  const difference = b - a;
  return t >= 0.5 ? b - difference * (1 - t) : a + difference * t;
}

/** Returns the sum of `values` by Neumaier's compensated summation. */
export function compensatedSum(values: Float64Array): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const next = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - next + value : value - next + sum;
    sum = next;
  }
  // An infinite sum makes the compensation NaN, so it is returned as is.
  return Number.isFinite(sum) ? sum + compensation : sum;
}

interface MomentSums {
  m2: number;
  m3: number;
  m4: number;
}

/** Returns the sums of squared, cubed and fourth-power deviations from `mean`, compensated. */
function centralMomentSums(values: Float64Array, mean: number): MomentSums {
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let c2 = 0;
  let c3 = 0;
  let c4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - mean;
    const d2 = d * d;
    const d3 = d2 * d;
    const d4 = d2 * d2;

    let next = m2 + d2;
    c2 += m2 >= d2 ? m2 - next + d2 : d2 - next + m2;
    m2 = next;

    next = m3 + d3;
    c3 += Math.abs(m3) >= Math.abs(d3) ? m3 - next + d3 : d3 - next + m3;
    m3 = next;

    next = m4 + d4;
    c4 += m4 >= d4 ? m4 - next + d4 : d4 - next + m4;
    m4 = next;
  }
  return { m2: m2 + c2, m3: m3 + c3, m4: m4 + c4 };
}

// pandas 1.5 `nanops._zero_out_fperr` treats sums below 1e-14 as rounding error, so a constant
// column has skewness and kurtosis 0 rather than noise.
function zeroOutRoundingError(value: number): number {
  return Math.abs(value) < 1e-14 ? 0 : value;
}

// Formula and corner cases of pandas 1.5 `nanops.nanskew`.
function skewness(n: number, m2Sum: number, m3Sum: number): number {
  if (n < 3) return NaN;

  const m2 = zeroOutRoundingError(m2Sum);
  const m3 = zeroOutRoundingError(m3Sum);
  if (m2 === 0) return 0;
  return ((n * (n - 1) ** 0.5) / (n - 2)) * (m3 / m2 ** 1.5);
}

// Formula and corner cases of pandas 1.5 `nanops.nankurt`.
function kurtosis(n: number, m2Sum: number, m4Sum: number): number {
  if (n < 4) return NaN;

  const adjustment = (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  const numerator = zeroOutRoundingError(n * (n + 1) * (n - 1) * m4Sum);
  const denominator = zeroOutRoundingError((n - 2) * (n - 3) * m2Sum ** 2);
  if (denominator === 0) return 0;
  return numerator / denominator - adjustment;
}
