import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  fSurvival,
  logBeta,
  logGamma,
  regularizedIncompleteBeta,
  studentTCriticalValue,
  studentTTwoSidedPValue,
} from '../../src/model/distributions.ts';

function assertRelative(got: number, expected: number, tolerance: number, label: string) {
  const error = Math.abs(got - expected) / Math.abs(expected);
  assert.ok(error <= tolerance, `${label}: expected ${expected}, got ${got} (relative ${error})`);
}

test('t p-value has closed forms', () => {
  // df = 1 is the Cauchy distribution, P(|T| > t) = (2 / pi) atan(1 / t); for df = 2,
  // P(|T| > t) = 1 - t / sqrt(2 + t^2), written without the cancellation.
  for (const t of [0.1, 1, 3.7, 25, 1e4]) {
    assertRelative(
      studentTTwoSidedPValue(t, 1),
      (2 / Math.PI) * Math.atan(1 / t),
      1e-13,
      `df 1, t ${t}`,
    );
    assertRelative(
      studentTTwoSidedPValue(-t, 2),
      2 / (Math.sqrt(2 + t * t) * (Math.sqrt(2 + t * t) + t)),
      1e-12,
      `df 2, t ${-t}`,
    );
  }
});

test('t p-value matches scipy', () => {
  // 2 * scipy.stats.t.sf(t, df), scipy 1.10.1, which agrees with mpmath to 1e-15 here.
  const cases: Array<[number, number, number]> = [
    [2, 10, 0.07338803477074039],
    [0.5, 3, 0.651447964848151],
    [4, 800_000, 6.334817163229177e-5],
    [40, 50, 1.2412423784372831e-39],
  ];
  for (const [t, df, expected] of cases) {
    assertRelative(studentTTwoSidedPValue(t, df), expected, 1e-10, `t ${t}, df ${df}`);
  }
  assert.equal(studentTTwoSidedPValue(0, 7), 1);
  assert.equal(studentTTwoSidedPValue(Infinity, 7), 0);
  assert.ok(Number.isNaN(studentTTwoSidedPValue(NaN, 7)));
});

test('F survival matches scipy', () => {
  // scipy.stats.f.sf(f, df1, df2), scipy 1.10.1.
  assertRelative(fSurvival(2.5, 3, 40), 0.07325435201794978, 1e-12, 'F(3, 40)');
  assertRelative(fSurvival(0.2, 5, 5), 0.9490302605850709, 1e-12, 'F(5, 5)');
  assert.equal(fSurvival(0, 5, 5), 1);
  assert.equal(fSurvival(Infinity, 5, 5), 0);
});

test('t critical value is exact', () => {
  // Closed forms: tan(0.475 pi) for df = 1 and sqrt(1.805 / 0.0975) for df = 2.
  assertRelative(studentTCriticalValue(0.05, 1), Math.tan(0.475 * Math.PI), 1e-13, 'df 1');
  assertRelative(studentTCriticalValue(0.05, 2), Math.sqrt(1.805 / 0.0975), 1e-13, 'df 2');
  // Cornish-Fisher: t = z + (z^3 + z) / (4 df) + O(df^-2), z = 1.959963984540054.
  const z = 1.959963984540054;
  const expected = z + (z ** 3 + z) / 4e7;
  assertRelative(studentTCriticalValue(0.05, 1e7), expected, 1e-9, 'large df');
});

test('incomplete beta matches scipy', () => {
  // scipy.special.betainc(a, b, x) and gammaln, betaln.
  assertRelative(regularizedIncompleteBeta(0.3, 2.5, 4), 0.3521975859067672, 1e-13, 'I(0.3)');
  assertRelative(
    regularizedIncompleteBeta(0.99999, 400_000, 0.5),
    0.004677644564524167,
    1e-9,
    'large a',
  );
  assertRelative(logGamma(0.5), 0.5723649429247, 1e-13, 'lnGamma(0.5)');
  assertRelative(logGamma(123.4), 469.3360974421906, 1e-14, 'lnGamma(123.4)');
  assertRelative(logBeta(400_000, 97.5), -910.0202191332355, 1e-12, 'lnB(4e5, 97.5)');
  assert.equal(regularizedIncompleteBeta(0, 2, 3), 0);
  assert.equal(regularizedIncompleteBeta(1, 2, 3), 1);
});
