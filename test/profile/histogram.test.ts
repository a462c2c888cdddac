import assert from 'node:assert/strict';
import { test } from 'node:test';
import { histogramSorted, MAX_HISTOGRAM_BINS } from '../../src/profile/histogram.ts';

function sortedOf(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

test('histogram counts every finite value', () => {
  const values = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) / 250);

  const bins = histogramSorted(sortedOf(values));

  assert.equal(
    bins.reduce((sum, bin) => sum + bin.count, 0),
    1000,
  );
  for (const bin of bins) assert.ok(bin.end > bin.start);
});

test('histogram bins start at round edges', () => {
  const bins = histogramSorted(sortedOf([0.13, 0.21, 0.34, 0.55, 0.89, 1.44]));

  const width = bins[0]!.end - bins[0]!.start;
  assert.ok(
    [1, 2, 2.5, 5].some((f) => Math.abs(width / 10 ** Math.floor(Math.log10(width)) - f) < 1e-9),
  );
  assert.ok(bins[0]!.start <= 0.13);
  assert.ok(bins.at(-1)!.end >= 1.44);
});

test('histogram caps the bin count', () => {
  const values = Array.from({ length: 100_000 }, (_, i) => Math.exp((i % 1000) / 100));

  const bins = histogramSorted(sortedOf(values));

  assert.ok(bins.length <= MAX_HISTOGRAM_BINS, `got ${bins.length} bins`);
});

test('histogram of a constant is one bin', () => {
  assert.deepEqual(histogramSorted(sortedOf([3, 3, 3])), [{ start: 2.5, end: 3.5, count: 3 }]);
});

test('histogram leaves out infinities', () => {
  const bins = histogramSorted(sortedOf([-Infinity, 1, 2, 3, Infinity]));

  assert.equal(
    bins.reduce((sum, bin) => sum + bin.count, 0),
    3,
  );
  assert.deepEqual(histogramSorted(new Float64Array(0)), []);
});
