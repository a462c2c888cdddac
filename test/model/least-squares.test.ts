import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fitLeastSquares } from '../../src/model/least-squares.ts';
import { arrayDesign, type Design } from '../../src/model/normal-equations.ts';
import { NO_COLUMN } from '../../src/model/site-encoder.ts';
import { seededRandom } from './fixtures.ts';

/** `rows` rows over `sites` sites (site 0 the baseline) with numeric columns from `numeric`. */
function designOf(
  rows: number,
  sites: number,
  numeric: (site: number, random: () => number) => number[],
  y: (site: number, values: number[], random: () => number) => number,
): Design & { y: Float64Array } {
  const random = seededRandom(4);
  const width = numeric(0, random).length;
  const columns = {
    rows,
    siteColumns: sites - 1,
    siteColumn: new Int32Array(rows),
    numericColumns: width,
    numeric: new Float64Array(rows * width),
    y: new Float64Array(rows),
  };
  for (let i = 0; i < rows; i++) {
    const site = i % sites;
    const values = numeric(site, random);
    columns.siteColumn[i] = site === 0 ? NO_COLUMN : site - 1;
    columns.numeric.set(values, i * width);
    columns.y[i] = y(site, values, random);
  }
  return { ...arrayDesign(columns), y: columns.y };
}

test('solution keeps precision at large offsets', () => {
  // Elevation-like values of 1e6 +- 1: the normal equations of the raw values would lose
  // twelve digits to cancellation; centering keeps them.
  const design = designOf(
    2000,
    3,
    (site, random) => [1e6 + random() * 2 - 1, random()],
    (site, [a, b]) => 5 + site * 0.25 + 0.5 * (a! - 1e6) - 2 * b!,
  );

  const fit = fitLeastSquares(design, ['site_b', 'site_c', 'elevation', 'x']);

  const expected = [0.25, 0.5, 0.5, -2];
  expected.forEach((value, i) => {
    assert.ok(Math.abs(fit.coefficients[i]! - value) < 1e-9, `${i}: ${fit.coefficients[i]}`);
  });
  assert.ok(Math.abs(fit.intercept - (5 - 0.5 * 1e6)) < 1e-6, `${fit.intercept}`);
  assert.ok(fit.residualSumOfSquares < 1e-15);
});

test('site-fixed latitude is dropped', () => {
  // Latitude constant within each site equals a combination of the site columns.
  const latitude = [14.7, 13.5, -15.3, 6.2];
  const design = designOf(
    400,
    4,
    (site, random) => [random(), latitude[site]!],
    (site, [x], random) => x! + random(),
  );
  const withoutLatitude = designOf(
    400,
    4,
    (site, random) => [random()],
    (site, [x], random) => x! + random(),
  );
  const names = ['site_B', 'site_C', 'site_D', 'precipitable_water', 'latitude'];

  const fit = fitLeastSquares(design, names);
  const reduced = fitLeastSquares(withoutLatitude, names.slice(0, 4));

  assert.deepEqual(fit.columns, [0, 1, 2, 3]);
  assert.deepEqual(
    fit.dropped.map(({ column, reason, collinearWith }) => ({ column, reason, collinearWith })),
    [{ column: 4, reason: 'collinear', collinearWith: [0, 1, 2] }],
  );
  assert.ok(fit.dropped[0]!.conditionNumber > 1e6, `${fit.dropped[0]!.conditionNumber}`);
  // The dropped column enters the refinement with a slope of exactly 0.
  assert.deepEqual(fit.coefficients, reduced.coefficients);
  assert.equal(fit.intercept, reduced.intercept);
  assert.deepEqual(fit.inverse, reduced.inverse);
  assert.equal(fit.residualSumOfSquares, reduced.residualSumOfSquares);
  assert.equal(fit.conditionNumber, reduced.conditionNumber);
});

test('constant column is dropped', () => {
  const design = designOf(
    50,
    2,
    (site, random) => [2.5, random()],
    (site, [, x]) => 1 + 3 * x!,
  );

  const fit = fitLeastSquares(design, ['site_B', 'elevation', 'x']);

  assert.deepEqual(fit.columns, [0, 2]);
  assert.deepEqual(fit.dropped, [
    { column: 1, reason: 'constant', collinearWith: [], conditionNumber: Infinity },
  ]);
  assert.ok(Math.abs(fit.coefficients[1]! - 3) < 1e-12, `${fit.coefficients[1]}`);
  assert.ok(Math.abs(fit.intercept - 1) < 1e-12, `${fit.intercept}`);
});

test('intercept-only design fits the mean', () => {
  const design = designOf(
    10,
    1,
    () => [],
    (_, __, random) => random(),
  );

  const fit = fitLeastSquares(design, []);

  const mean = design.y.reduce((sum, value) => sum + value, 0) / 10;
  assert.ok(Math.abs(fit.intercept - mean) < 1e-15);
  assert.equal(fit.conditionNumber, 1);
});
