import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pearson, pearsonMatrix } from '../../src/profile/correlation.ts';
import { profiledVariables } from '../../src/profile/variables.ts';
import { edgeCaseColumns, makeSyntheticCleanTable } from './fixtures.ts';
import { pandasReference, pandasUnavailableReason } from './pandas-reference.ts';

const RELATIVE_TOLERANCE = 1e-9;

// pandas' one-pass (Welford) correlation loses about 1e-5 relative on values near 1e6 with
// spread 1e-3, so pairs with that column are held to exact arithmetic instead, at 1e-12.
const FAR_FROM_ZERO = 'far_from_zero';

function assertClose(actual: number, expected: number | null, label: string, tolerance: number) {
  if (expected === null) {
    assert.ok(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`);
    return;
  }
  const error = Math.abs(actual - expected);
  const allowed = tolerance * Math.max(Math.abs(expected), 1e-3);
  assert.ok(error <= allowed, `${label}: expected ${expected}, got ${actual} (error ${error})`);
}

test('pearsonMatrix matches pandas DataFrame.corr', (t) => {
  const reason = pandasUnavailableReason();
  if (reason !== null) {
    t.skip(`pandas reference not available: ${reason}`);
    return;
  }
  const rows = 2500;
  const table = makeSyntheticCleanTable({ rows, sites: 3, seed: 11 });
  const columns: Record<string, Float64Array> = {
    ...Object.fromEntries(profiledVariables(table).map((v) => [v.name, v.values])),
    ...edgeCaseColumns(rows),
  };
  const names = Object.keys(columns);

  const matrix = pearsonMatrix(Object.values(columns), rows);
  const reference = pandasReference(columns, rows, [FAR_FROM_ZERO]);

  names.forEach((a, i) => {
    names.forEach((b, j) => {
      const actual = matrix[i]![j]!;
      if (a === FAR_FROM_ZERO || b === FAR_FROM_ZERO) {
        const other = a === FAR_FROM_ZERO ? b : a;
        const exact = reference.exact[FAR_FROM_ZERO]!.corr[other]!;
        assertClose(actual, exact, `r(${a}, ${b}) (exact)`, 1e-12);
        return;
      }
      const expected = reference.corr[a]![b]!;
      assertClose(
        actual,
        expected,
        `r(${a}, ${b}) (pandas ${reference.version})`,
        RELATIVE_TOLERANCE,
      );
    });
  });
});

test('pearson uses rows where both are present', () => {
  const x = new Float64Array([1, 2, NaN, 4, 5]);
  const y = new Float64Array([2, 4, 100, NaN, 10]);

  assert.equal(pearson(x, y, 5), 1);
});

test('pearson of a constant is NaN', () => {
  const x = new Float64Array([1, 2, 3]);
  const y = new Float64Array([5, 5, 5]);

  assert.ok(Number.isNaN(pearson(x, y, 3)));
  assert.ok(Number.isNaN(pearson(x, new Float64Array([NaN, NaN, NaN]), 3)));
});

test('pearsonMatrix is symmetric with unit diagonal', () => {
  const x = new Float64Array([1, 2, 3, 4]);
  const y = new Float64Array([4, 1, 3, 2]);

  const matrix = pearsonMatrix([x, y], 4);

  assert.deepEqual(matrix, [
    [1, -0.4],
    [-0.4, 1],
  ]);
});
