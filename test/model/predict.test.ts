import assert from 'node:assert/strict';
import { test } from 'node:test';

import { fitModel } from '../../src/model/fit-model.ts';
import { predictOne } from '../../src/model/predict.ts';
import { cleanTableOf, oneWeekRows, syntheticTable } from './fixtures.ts';

const { table, model } = syntheticTable({ sites: 3, rows: 300, noise: 0 });
const { artifact } = fitModel(table);

/** log(aod550) of the generating model, for a known site. */
function truth(site: string, dayOfYear: number, water: number, angstrom: number): number {
  const angle = (2 * Math.PI * (dayOfYear - 1)) / 365.25;
  const c = model.coefficients;
  return (
    model.intercept +
    (c[`site_${site}`] ?? 0) +
    c.doy_sin! * Math.sin(angle) +
    c.doy_cos! * Math.cos(angle) +
    c.precipitable_water! * water +
    c.angstrom_440_870! * angstrom
  );
}

test('prediction follows fitted model', () => {
  const prediction = predictOne(artifact, {
    site: 'Site002',
    date: '2019-03-15T10:30:00Z',
    precipitable_water: 2.1,
    angstrom_440_870: 0.35,
  });

  const expected = truth('Site002', 74, 2.1, 0.35);
  assert.ok(Math.abs(prediction.logAod! - expected) < 1e-9, `${prediction.logAod}`);
  assert.equal(prediction.aod, Math.exp(prediction.logAod!));
  assert.equal(prediction.knownSite, true);
  assert.equal(prediction.wavelengthNm, 550);
  assert.equal(prediction.modelVersion, artifact.modelVersion);
});

test('baseline site is known', () => {
  const input = {
    date: new Date('2019-07-01T00:00:00Z'),
    precipitable_water: 1,
    angstrom_440_870: 1,
  };

  const baseline = predictOne(artifact, { ...input, site: 'Site000' });
  const unknown = predictOne(artifact, { ...input, site: 'Ouagadougou' });

  assert.equal(baseline.knownSite, true);
  assert.equal(unknown.knownSite, false);
  assert.equal(unknown.logAod, baseline.logAod);
});

test('date offset shifts the day', () => {
  const input = { site: 'Site001', precipitable_water: 1, angstrom_440_870: 1 };

  const lateUtc = predictOne(artifact, { ...input, date: '2019-12-31T23:30:00-02:00' });
  const newYear = predictOne(artifact, { ...input, date: '2020-01-01' });

  assert.equal(lateUtc.logAod, newYear.logAod);
});

test('prediction rejects bad inputs', () => {
  const input = {
    site: 'Site001',
    date: '2019-03-15',
    precipitable_water: 1,
    angstrom_440_870: 1,
  };

  assert.throws(() => predictOne(artifact, { ...input, date: '2019-02-30' }), {
    name: 'InvalidPredictionInput',
    code: 'AOD_REQUEST_INVALID',
    message:
      'date: expected an ISO 8601 date or date-time such as 2019-03-15T10:30:00Z, got "2019-02-30"',
  });
  assert.throws(() => predictOne(artifact, { ...input, precipitable_water: NaN }), {
    message: 'precipitable_water: expected a finite number, got NaN',
  });
  assert.throws(
    () => predictOne(artifact, { ...input, angstrom_440_870: '1' as unknown as number }),
    { message: 'angstrom_440_870: expected a finite number, got string' },
  );
});

test('coordinates default to the site', () => {
  const jittered = syntheticTable({ sites: 3, rows: 300, noise: 0, varyingLatitude: true });
  const withLatitude = fitModel(jittered.table).artifact;
  const input = { date: '2019-03-15', precipitable_water: 1, angstrom_440_870: 1 };
  const stored = withLatitude.siteCoordinates!.Site001!.latitude!;

  const byDefault = predictOne(withLatitude, { ...input, site: 'Site001' });
  const explicit = predictOne(withLatitude, { ...input, site: 'Site001', latitude: stored });

  assert.equal(byDefault.logAod, explicit.logAod);
  assert.throws(() => predictOne(withLatitude, { ...input, site: 'Mongu' }), {
    code: 'AOD_REQUEST_INVALID',
    message:
      'latitude: required, because the model uses it and site "Mongu" has no latitude on record',
  });
});

test('aod_500 model predicts AOD directly', () => {
  const linear = { ...artifact, target: 'aod_500' as const, wavelengthNm: 500 as const };
  const input = { site: 'Site001', date: '2019-03-15' };

  const positive = predictOne(linear, { ...input, precipitable_water: 15, angstrom_440_870: -0.5 });
  const negative = predictOne(linear, { ...input, precipitable_water: 1, angstrom_440_870: 3 });

  assert.equal(positive.wavelengthNm, 500);
  assert.equal(positive.logAod, Math.log(positive.aod));
  assert.ok(positive.aod > 0, `${positive.aod}`);
  assert.ok(negative.aod < 0, `${negative.aod}`);
  assert.equal(negative.logAod, null);
});

test('prediction ignores a dropped feature', () => {
  const week = fitModel(cleanTableOf(oneWeekRows())).artifact;
  const input = { site: 'Dakar', precipitable_water: 2, angstrom_440_870: 0.5 };
  const c = week.coefficients;
  const expected = (dayOfYear: number) =>
    week.intercept +
    c.doy_sin! * Math.sin((2 * Math.PI * (dayOfYear - 1)) / 365.25) +
    c.precipitable_water! * 2 +
    c.angstrom_440_870! * 0.5;

  const january = predictOne(week, { ...input, date: '2019-01-05' });
  const july = predictOne(week, { ...input, date: '2019-07-05' });

  assert.equal(c.doy_cos, undefined);
  assert.ok(Math.abs(january.logAod! - expected(5)) < 1e-12, `${january.logAod}`);
  assert.ok(Math.abs(july.logAod! - expected(186)) < 1e-12, `${july.logAod}`);
  assert.equal(january.knownSite, true);
});

test('season coverage follows the modelled days', () => {
  const week = fitModel(cleanTableOf(oneWeekRows())).artifact;
  const input = { site: 'Dakar', precipitable_water: 2, angstrom_440_870: 0.5 };
  const covered = (date: string) => predictOne(week, { ...input, date }).seasonCovered;
  const wrapping = {
    ...week,
    data: { ...week.data, from: '2018-12-20T00:00:00Z', to: '2019-01-10T00:00:00Z' },
  };
  const wrapped = (date: string) => predictOne(wrapping, { ...input, date }).seasonCovered;

  assert.equal(week.data.from.slice(0, 10), '2019-01-02');
  assert.equal(covered('2019-01-05'), true);
  assert.equal(covered('2031-01-02'), true);
  assert.equal(covered('2019-07-05'), false);
  assert.equal(wrapped('2025-12-25'), true);
  assert.equal(wrapped('2025-01-05'), true);
  assert.equal(wrapped('2025-02-01'), false);
  assert.equal(
    predictOne(artifact, { ...input, site: 'Site002', date: '2019-07-05' }).seasonCovered,
    true,
  );
});

test('dropped latitude is not required', () => {
  // Latitude varies within sites in the last 10 rows only, all test rows, so the fit drops it.
  const { table } = syntheticTable({ sites: 3, rows: 300, noise: 0.1 });
  for (let i = 290; i < 300; i++) table.latitude[i] = table.latitude[i]! + 0.01;
  const withoutLatitude = fitModel(table).artifact;
  const input = { date: '2019-03-15', precipitable_water: 1, angstrom_440_870: 1 };

  const unknown = predictOne(withoutLatitude, { ...input, site: 'Mongu' });
  const explicit = predictOne(withoutLatitude, { ...input, site: 'Mongu', latitude: 40 });

  assert.deepEqual(
    withoutLatitude.droppedFeatures?.map((entry) => entry.feature),
    ['latitude'],
  );
  assert.equal(withoutLatitude.siteCoordinates, undefined);
  assert.equal(unknown.logAod, explicit.logAod);
  assert.equal(unknown.knownSite, false);
});
