/** Histogram counts computed in JavaScript, so a chart of a million rows draws only its bins. */

/** One bin: values in [start, end), the last bin also holding its end. */
export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

/** Upper bound on bins, so each bar of the 420-pixel-wide histogram is at least 4 pixels wide. */
export const MAX_HISTOGRAM_BINS = 100;

/**
 * Counts ascending, NaN-free values into equal-width bins. The bin width starts from NumPy's
 * 'auto' rule (the smaller of the Freedman-Diaconis and Sturges widths), is widened to keep at
 * most `MAX_HISTOGRAM_BINS` bins, and is then rounded up to 1, 2, 2.5 or 5 times a power of ten
 * so that bin edges are round numbers. Infinite values are left out.
 */
export function histogramSorted(sorted: Float64Array): HistogramBin[] {
  const finite = finiteRange(sorted);
  if (finite === null) return [];

  const { first, last } = finite;
  const min = sorted[first]!;
  const max = sorted[last]!;
  if (min === max) return [{ start: min - 0.5, end: max + 0.5, count: last - first + 1 }];

  const step = niceStep(
    Math.max(autoBinWidth(sorted, first, last), (max - min) / MAX_HISTOGRAM_BINS),
  );
  const start = Math.floor(min / step) * step;
  const binCount = Math.max(1, Math.ceil((max - start) / step));
  const counts = new Float64Array(binCount);
  for (let i = first; i <= last; i++) {
    // Clamped both ways because `start` and `max` may sit a rounding error outside the edges.
    const bin = Math.min(Math.max(Math.floor((sorted[i]! - start) / step), 0), binCount - 1);
    counts[bin]!++;
  }

  return Array.from(counts, (count, bin) => ({
    start: roundEdge(start + bin * step),
    end: roundEdge(start + (bin + 1) * step),
    count,
  }));
}

/** Rounds float noise away, so that 0.30000000000000004 is written as 0.3. */
function roundEdge(edge: number): number {
  return Number(edge.toPrecision(12));
}

/** Returns the index range of finite values in an ascending array, or null when there is none. */
function finiteRange(sorted: Float64Array): { first: number; last: number } | null {
  let first = 0;
  let last = sorted.length - 1;
  while (first <= last && sorted[first] === -Infinity) first++;
  while (last >= first && sorted[last] === Infinity) last--;
  return first <= last ? { first, last } : null;
}

// NumPy `histogram_bin_edges(bins='auto')`: Freedman-Diaconis width 2 IQR n^(-1/3), unless it
// is larger than the Sturges width range / (log2 n + 1) or zero.
function autoBinWidth(sorted: Float64Array, first: number, last: number): number {
  const n = last - first + 1;
  const range = sorted[last]! - sorted[first]!;
  const sturges = range / (Math.log2(n) + 1);
  const iqr =
    sorted[first + Math.floor(0.75 * (n - 1))]! - sorted[first + Math.floor(0.25 * (n - 1))]!;
  const freedmanDiaconis = (2 * iqr) / Math.cbrt(n);
  return freedmanDiaconis > 0 ? Math.min(freedmanDiaconis, sturges) : sturges;
}

/** Returns the smallest of 1, 2, 2.5 and 5 times a power of ten that is at least `width`. */
function niceStep(width: number): number {
  const power = 10 ** Math.floor(Math.log10(width));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * power >= width) return factor * power;
  }
  return 10 * power;
}
