import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BadInputError } from '../../src/errors.ts';
import { assertModelArtifact } from '../../src/model/artifact.ts';
import { droppedFeatureWarning } from '../../src/model/dropped-feature-warning.ts';
import { fitModel } from '../../src/model/fit-model.ts';
import { cleanTableOf, oneWeekRows, syntheticTable, type FixtureRow } from './fixtures.ts';

const CREATED_AT = new Date('2026-01-02T03:04:05.678Z');

/** Rows for two sites, one a day from 2020-01-01, with varied features. */
function dailyRows(count: number, sites = ['Dakar', 'Banizoumbou']): FixtureRow[] {
  return Array.from({ length: count }, (_, i) => ({
    site: sites[i % sites.length]!,
    time: new Date(Date.UTC(2020, 0, 1 + i, 12)).toISOString(),
    aod550: 0.2 + 0.1 * ((i * 7) % 5) + 0.01 * i,
    precipitableWater: 1 + ((i * 3) % 11) / 4,
    angstrom: 0.2 + ((i * 5) % 13) / 10,
  }));
}

test('fit recovers known coefficients', () => {
  const { table, model } = syntheticTable({ sites: 6, rows: 600, noise: 0 });

  const { artifact } = fitModel(table, { createdAt: CREATED_AT });

  assert.ok(Math.abs(artifact.intercept - model.intercept) < 1e-9, `${artifact.intercept}`);
  assert.deepEqual(
    Object.keys(artifact.coefficients),
    Object.keys(model.coefficients).sort(byColumn),
  );
  for (const [name, expected] of Object.entries(model.coefficients)) {
    const got = artifact.coefficients[name]!;
    assert.ok(Math.abs(got - expected) < 1e-9, `${name}: expected ${expected}, got ${got}`);
  }
});

/** Site columns first (in name order), then the numeric features in design order. */
function byColumn(a: string, b: string): number {
  const order = ['doy_sin', 'doy_cos', 'precipitable_water', 'angstrom_440_870', 'latitude'];
  const rank = (name: string) => (name.startsWith('site_') ? -1 : order.indexOf(name));
  return rank(a) - rank(b) || a.localeCompare(b);
}

test('fit describes features and encoder', () => {
  const { table } = syntheticTable({ sites: 3, rows: 90, noise: 0.1 });

  const { artifact } = fitModel(table, { createdAt: CREATED_AT, dataVersion: 'v7' });

  assert.deepEqual(artifact.features, [
    { name: 'site_Site001', kind: 'one_hot' },
    { name: 'site_Site002', kind: 'one_hot' },
    { name: 'doy_sin', kind: 'derived' },
    { name: 'doy_cos', kind: 'derived' },
    { name: 'precipitable_water', kind: 'numeric' },
    { name: 'angstrom_440_870', kind: 'numeric' },
  ]);
  assert.deepEqual(artifact.encoder, {
    column: 'site',
    categories: ['Site000', 'Site001', 'Site002'],
    dropped: 'Site000',
  });
  assert.equal(artifact.target, 'log_aod_550');
  assert.equal(artifact.wavelengthNm, 550);
  assert.equal(artifact.createdAt, '2026-01-02T03:04:05.678Z');
  assert.match(artifact.modelVersion, /^aod-ols-20260102T030405Z-[0-9a-f]{8}$/);
  assert.equal(artifact.modelVersion.slice(-8), artifact.data.fingerprint.slice(0, 8));
  assert.equal(artifact.data.dataVersion, 'v7');
  assert.equal(artifact.data.rows, 90);
  assert.equal(artifact.data.sites, 3);
  assert.equal(artifact.data.from, '2015-01-01T00:00:00.000Z');
  assert.equal(artifact.siteCoordinates, undefined);
  assert.doesNotThrow(() => assertModelArtifact(artifact, 'fit'));
});

test('fit orders sites by code point', () => {
  const sites = ['zeta', '\u{1D538}x', 'Alpha', '\uFB01x', 'alpha'];
  const table = cleanTableOf(dailyRows(60, sites));

  const { artifact } = fitModel(table, { createdAt: CREATED_AT });

  assert.deepEqual(artifact.encoder.categories, [
    'Alpha',
    'alpha',
    'zeta',
    '\uFB01x',
    '\u{1D538}x',
  ]);
  assert.equal(artifact.encoder.dropped, 'Alpha');
});

test('split rounds half to even', () => {
  // 45 * 0.5 = 22.5 rounds to 22 and 47 * 0.5 = 23.5 to 24; Math.round would give 23 and 24.
  const even = fitModel(cleanTableOf(dailyRows(45)), { testFraction: 0.5 });
  const odd = fitModel(cleanTableOf(dailyRows(47)), { testFraction: 0.5 });

  assert.deepEqual([even.rows.train, even.rows.test], [22, 23]);
  assert.deepEqual([odd.rows.train, odd.rows.test], [24, 23]);
  assert.equal(even.artifact.metrics.rowsTrain, 22);
  assert.equal(even.artifact.diagnostics.nObservations, 22);
});

test('fit drops rows without target or feature', () => {
  const rows = dailyRows(40);
  rows[3]!.aod550 = 0;
  rows[4]!.aod550 = -0.01;
  rows[5]!.aod550 = NaN;
  rows[6]!.precipitableWater = NaN;
  rows[7]!.angstrom = NaN;

  const fit = fitModel(cleanTableOf(rows));

  assert.deepEqual(fit.rows, { input: 40, targetMissing: 3, missingValue: 2, train: 28, test: 7 });
  assert.equal(fit.artifact.data.rows, 35);
});

test('fit falls back to aod_500', () => {
  const rows = dailyRows(30).map((row, i) => ({ ...row, aod550: NaN, aod500: 0.1 + i / 100 }));

  const { artifact } = fitModel(cleanTableOf(rows));

  assert.equal(artifact.target, 'aod_500');
  assert.equal(artifact.wavelengthNm, 500);
  assert.equal(artifact.metrics.rowsTrain, 24);
});

test('fit uses latitude varying within a site', () => {
  const { table, model } = syntheticTable({ sites: 4, rows: 400, noise: 0, varyingLatitude: true });

  const { artifact } = fitModel(table);

  assert.deepEqual(artifact.features.slice(-1), [{ name: 'latitude', kind: 'numeric' }]);
  assert.ok(Math.abs(artifact.coefficients.latitude! - model.coefficients.latitude!) < 1e-9);
  assert.deepEqual(Object.keys(artifact.siteCoordinates ?? {}), [
    'Site000',
    'Site001',
    'Site002',
    'Site003',
  ]);
  assert.equal(artifact.siteCoordinates?.Site002?.longitude, 10.4);
});

test('fit leaves out latitude fixed per site', () => {
  const rows = dailyRows(30).map((row, i) => ({ ...row, latitude: i % 2 === 0 ? 14.7 : 13.5 }));

  const { artifact } = fitModel(cleanTableOf(rows));

  assert.equal(artifact.coefficients.latitude, undefined);
  assert.equal(artifact.features.length, 5);
});

test('fit scores unknown test sites', () => {
  const rows = dailyRows(50);
  for (const row of rows.slice(45)) row.site = 'Ilorin';

  const { artifact } = fitModel(cleanTableOf(rows), { testFraction: 0.1 });

  assert.deepEqual(artifact.encoder.categories, ['Banizoumbou', 'Dakar']);
  assert.equal(artifact.metrics.rowsTest, 5);
  assert.equal(typeof artifact.metrics.rmse, 'number');
  assert.equal(artifact.data.sites, 3);
});

test('one-week data drops doy_cos', () => {
  const { artifact } = fitModel(cleanTableOf(oneWeekRows()), { createdAt: CREATED_AT });

  const [dropped, ...others] = artifact.droppedFeatures ?? [];
  assert.deepEqual(others, []);
  assert.deepEqual(
    { ...dropped, conditionNumber: null },
    { feature: 'doy_cos', reason: 'collinear', collinearWith: ['doy_sin'], conditionNumber: null },
  );
  // Rounding leaves the two-valued columns exactly singular or just short of it.
  const conditionNumber = dropped!.conditionNumber;
  assert.ok(conditionNumber === null || conditionNumber > 1e6, `${conditionNumber}`);
  assert.deepEqual(
    artifact.features.map((feature) => feature.name),
    ['doy_sin', 'precipitable_water', 'angstrom_440_870'],
  );
  assert.deepEqual(
    artifact.diagnostics.terms.map((term) => term.name),
    ['intercept', 'doy_sin', 'precipitable_water', 'angstrom_440_870'],
  );
  assert.equal(artifact.diagnostics.dfModel, 3);
  assert.equal(artifact.diagnostics.dfResidual, 20 - 3 - 1);
  assert.deepEqual([artifact.metrics.rowsTrain, artifact.metrics.rowsTest], [20, 5]);
  assert.doesNotThrow(() => assertModelArtifact(artifact, 'fit'));
});

test('one-week fit matches numpy lstsq', () => {
  // numpy.linalg.lstsq on the 20 training rows with columns 1, doy_sin, water, Angstrom.
  const expected: Record<string, number> = {
    intercept: -1.0105542795246352,
    doy_sin: -0.1499377705126692,
    precipitable_water: 0.0392861803968637,
    angstrom_440_870: -0.006134347982002283,
  };

  const { artifact } = fitModel(cleanTableOf(oneWeekRows()));

  const got: Record<string, number> = { intercept: artifact.intercept, ...artifact.coefficients };
  assert.deepEqual(Object.keys(got), Object.keys(expected));
  for (const [name, value] of Object.entries(expected)) {
    const error = Math.abs(got[name]! - value);
    assert.ok(error < 1e-12 * Math.abs(value), `${name}: expected ${value}, got ${got[name]}`);
  }
});

test('dropped feature warning names the partner', () => {
  const { artifact } = fitModel(cleanTableOf(oneWeekRows()));
  const dropped = { ...artifact.droppedFeatures![0]!, conditionNumber: 1.18e8 };

  assert.equal(
    droppedFeatureWarning(dropped),
    'feature doy_cos left out of the model: collinear with doy_sin (with it, the scaled ' +
      'design would have condition number 1.18e+8, above 1e6); add observations where they ' +
      'vary independently to fit it',
  );
  assert.equal(
    droppedFeatureWarning({ ...dropped, conditionNumber: null }),
    'feature doy_cos left out of the model: collinear with doy_sin (with it, the scaled ' +
      'design would be exactly singular); add observations where they vary independently to fit it',
  );
});

test('fit drops a duplicated feature', () => {
  const copies: Record<string, (water: number) => number> = {
    exact: (water) => water,
    affine: (water) => 0.37 * water - 0.11,
  };
  for (const [name, copy] of Object.entries(copies)) {
    const { table } = syntheticTable({ sites: 3, rows: 300, noise: 0.1 });
    const water = table.values.precipitable_water;
    for (let i = 0; i < table.length; i++) table.values.angstrom_440_870[i] = copy(water[i]!);

    const { artifact } = fitModel(table);

    const dropped = artifact.droppedFeatures ?? [];
    assert.deepEqual(
      dropped.map((entry) => [entry.feature, entry.reason, entry.collinearWith]),
      [['angstrom_440_870', 'collinear', ['precipitable_water']]],
      name,
    );
    assert.deepEqual(
      Object.keys(artifact.coefficients),
      ['site_Site001', 'site_Site002', 'doy_sin', 'doy_cos', 'precipitable_water'],
      name,
    );
  }
});

test('fit drops a constant feature', () => {
  const rows = dailyRows(30).map((row) => ({ ...row, angstrom: 0.4 }));

  const { artifact } = fitModel(cleanTableOf(rows));

  assert.deepEqual(artifact.droppedFeatures, [
    { feature: 'angstrom_440_870', reason: 'constant', collinearWith: [], conditionNumber: null },
  ]);
  assert.equal(artifact.coefficients.angstrom_440_870, undefined);
  assert.equal(
    droppedFeatureWarning(artifact.droppedFeatures![0]!),
    'feature angstrom_440_870 left out of the model: it is constant over the training rows; ' +
      'add observations where it varies to fit it',
  );
});

test('fit drops latitude fixed per training site', () => {
  // Latitude varies within Dakar in the test rows only, so it enters the design but is an
  // exact combination of the site columns over the training rows.
  const rows = dailyRows(50, ['Dakar', 'Banizoumbou', 'Ilorin']).map((row, i) => ({
    ...row,
    latitude: { Dakar: 14.7, Banizoumbou: 13.5, Ilorin: 8.3 }[row.site]! + (i >= 45 ? 0.01 : 0),
  }));

  const { artifact } = fitModel(cleanTableOf(rows), { testFraction: 0.1 });

  assert.deepEqual(
    (artifact.droppedFeatures ?? []).map((entry) => [entry.feature, entry.collinearWith]),
    [['latitude', ['site_Dakar', 'site_Ilorin']]],
  );
  assert.deepEqual(artifact.encoder.categories, ['Banizoumbou', 'Dakar', 'Ilorin']);
  assert.equal(artifact.siteCoordinates, undefined);
});

test('fit rejects all-constant features', () => {
  const rows = dailyRows(12, ['Dakar']).map((row, i) => ({
    ...row,
    time: `2019-01-02T${String(8 + i).padStart(2, '0')}:00:00.000Z`,
    precipitableWater: 1.5,
    angstrom: 0.4,
  }));

  assert.throws(() => fitModel(cleanTableOf(rows)), {
    name: 'BadInputError',
    code: 'AOD_MODEL_SINGULAR',
    message:
      'no feature left to fit: doy_sin, doy_cos, precipitable_water, angstrom_440_870 are ' +
      'constant over the 10 training rows, which come from one site; add observations from ' +
      'other days or sites',
  });
});

test('fit rejects too few rows', () => {
  assert.throws(() => fitModel(cleanTableOf(dailyRows(7))), {
    name: 'BadInputError',
    code: 'AOD_NO_ROWS',
    message:
      'too few training rows: expected more than 6 (one per coefficient and the intercept), got 6 of 7 rows modelled; add observations, because the training part is the earliest 80 % of the rows modelled',
  });
  const empty = dailyRows(5).map((row) => ({ ...row, precipitableWater: NaN }));
  assert.throws(() => fitModel(cleanTableOf(empty)), {
    code: 'AOD_NO_ROWS',
    message:
      'no rows to model: 0 rows lack a positive AOD at 550 nm and 5 lack a feature (doy_sin, doy_cos, precipitable_water, angstrom_440_870)',
  });
});

test('fit rejects a bad test fraction', () => {
  const table = cleanTableOf(dailyRows(20));

  assert.throws(() => fitModel(table, { testFraction: 1 }), BadInputError);
  assert.throws(() => fitModel(table, { testFraction: -0.1 }), {
    code: 'AOD_CONFIG_INVALID',
    message: 'testFraction: expected a number from 0 (inclusive) to 1 (exclusive), got -0.1',
  });
});

test('fingerprint follows the training rows', () => {
  const first = fitModel(cleanTableOf(dailyRows(40)), { createdAt: CREATED_AT });
  const again = fitModel(cleanTableOf(dailyRows(40)), { createdAt: CREATED_AT });
  const changedTest = dailyRows(40);
  changedTest[39]!.angstrom = 1.9;
  const changedTrain = dailyRows(40);
  changedTrain[0]!.angstrom = 1.9;

  const fingerprint = first.artifact.data.fingerprint;
  assert.equal(again.artifact.data.fingerprint, fingerprint);
  assert.equal(fitModel(cleanTableOf(changedTest)).artifact.data.fingerprint, fingerprint);
  assert.notEqual(fitModel(cleanTableOf(changedTrain)).artifact.data.fingerprint, fingerprint);
});

test('noiseless fit survives JSON', () => {
  const { table } = syntheticTable({ sites: 2, rows: 50, noise: 0 });

  const { artifact } = fitModel(table);
  const copy: unknown = JSON.parse(JSON.stringify(artifact));

  assert.doesNotThrow(() => assertModelArtifact(copy, 'copy'));
  assert.deepEqual(copy, artifact);
  assert.equal(artifact.diagnostics.dfResidual, 40 - 5 - 1);
  assert.deepEqual(
    artifact.diagnostics.terms.map((term) => term.name),
    ['intercept', 'site_Site001', 'doy_sin', 'doy_cos', 'precipitable_water', 'angstrom_440_870'],
  );
});
