import assert from 'node:assert/strict';
import { test } from 'node:test';

import { symmetricEigenvalues } from '../../src/model/symmetric-eigenvalues.ts';

function assertValues(got: Float64Array, expected: number[], tolerance: number) {
  assert.equal(got.length, expected.length);
  expected.forEach((value, i) => {
    assert.ok(
      Math.abs(got[i]! - value) <= tolerance,
      `eigenvalue ${i}: expected ${value}, got ${got[i]}`,
    );
  });
}

test('eigenvalues of small matrices', () => {
  assertValues(symmetricEigenvalues(new Float64Array([2, 1, 1, 2]), 2), [1, 3], 1e-15);
  assertValues(
    symmetricEigenvalues(new Float64Array([1, 1, 1, 1, 1, 1, 1, 1, 1]), 3),
    [0, 0, 3],
    1e-15,
  );
  assertValues(symmetricEigenvalues(new Float64Array([5]), 1), [5], 0);
});

test('eigenvalues of the second-difference matrix', () => {
  // tridiag(-1, 2, -1) of size n has eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n.
  const n = 60;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    matrix[i * n + i] = 2;
    if (i + 1 < n) {
      matrix[i * n + i + 1] = -1;
      matrix[(i + 1) * n + i] = -1;
    }
  }
  const expected = Array.from(
    { length: n },
    (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)),
  );

  assertValues(symmetricEigenvalues(matrix, n), expected, 1e-13);
});

test('eigenvalues survive a dense rotation', () => {
  // Q diag(1..n) Q' with Q a Householder reflection I - 2 u u' / u'u.
  const n = 40;
  const u = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
  const uu = u.reduce((sum, value) => sum + value * value, 0);
  const q = (i: number, j: number) => (i === j ? 1 : 0) - (2 * u[i]! * u[j]!) / uu;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += q(i, k) * (k + 1) * q(j, k);
      matrix[i * n + j] = sum;
    }
  }

  assertValues(
    symmetricEigenvalues(matrix, n),
    Array.from({ length: n }, (_, i) => i + 1),
    1e-12,
  );
});
