import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { predictOne } from '../../src/model/predict.ts';
import { cleanTableOf, oneWeekRows } from '../model/fixtures.ts';
import { postJson, startServedModel, type ServedModel } from './fixtures.ts';

let served: ServedModel;

before(async () => {
  served = await startServedModel();
});

after(async () => {
  await served.close();
});

const VALID = {
  site: 'Site002',
  date: '2019-03-15T10:30:00Z',
  precipitable_water: 2.1,
  angstrom_440_870: 0.35,
};

/** Returns the response body expected for `observation`, computed with predictOne. */
function expectedPrediction(observation: typeof VALID) {
  const prediction = predictOne(served.artifact, observation);
  return {
    site: observation.site,
    date: prediction.date,
    wavelength_nm: 550,
    aod: prediction.aod,
    log_aod: prediction.logAod,
    known_site: prediction.knownSite,
    season_covered: prediction.seasonCovered,
    model_version: served.artifact.modelVersion,
  };
}

/** Returns the 400 body expected for `fields`, given as [field, message] pairs. */
function invalid(fields: Array<[string, string]>) {
  const names = fields.map(([field]) => field);
  const listed =
    names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return {
    error: {
      code: 'AOD_REQUEST_INVALID',
      message: `invalid request body: ${fields.length} bad field${fields.length === 1 ? '' : 's'} (${listed})`,
      fields: fields.map(([field, message]) => ({ field, message })),
    },
  };
}

const BARE = (token: string) =>
  `expected a number, got bare ${token}, which JSON does not allow (send a finite number)`;

test('predict returns the AOD', async () => {
  const response = await postJson(`${served.baseUrl}/predict`, VALID);

  assert.equal(response.status, 200);
  assert.deepEqual(response.body, expectedPrediction(VALID));
  assert.deepEqual((response.body as { date: string }).date, '2019-03-15T10:30:00.000Z');
});

test('predict flags an unknown site', async () => {
  const observation = { ...VALID, site: 'Tamanrasset', date: '2019-03-15' };

  const response = await postJson(`${served.baseUrl}/predict`, observation);

  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { ...expectedPrediction(observation), known_site: false });
});

test('predict names a missing field', async () => {
  const withoutDate: Partial<typeof VALID> = { ...VALID };
  delete withoutDate.date;

  const response = await postJson(`${served.baseUrl}/predict`, withoutDate);

  assert.equal(response.status, 400);
  assert.deepEqual(response.body, invalid([['date', 'required field is missing']]));
});

test('predict rejects a numeric string', async () => {
  const response = await postJson(`${served.baseUrl}/predict`, {
    ...VALID,
    precipitable_water: '2.1',
    angstrom_440_870: 'NaN',
  });

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      ['precipitable_water', 'expected a number, got string "2.1"'],
      ['angstrom_440_870', 'expected a number, got string "NaN"'],
    ]),
  );
});

test('predict names bare non-finite numbers', async () => {
  const body =
    '{"site": "Site002", "date": "2019-03-15", "precipitable_water": NaN, ' +
    '"angstrom_440_870": -Infinity, "latitude": Infinity}';

  const response = await postJson(`${served.baseUrl}/predict`, body);

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      ['precipitable_water', BARE('NaN')],
      ['angstrom_440_870', BARE('-Infinity')],
      ['latitude', BARE('Infinity')],
    ]),
  );
});

test('predict leaves NaN inside strings', async () => {
  const response = await postJson(
    `${served.baseUrl}/predict`,
    '{"site": "NaN \\" Infinity", "date": "x", "precipitable_water": NaN, "angstrom_440_870": 1}',
  );

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      [
        'date',
        'expected an ISO 8601 date (2019-03-15) or date-time (2019-03-15T10:30:00Z), got string "x"',
      ],
      ['precipitable_water', BARE('NaN')],
    ]),
  );
});

test('predict rejects out-of-range values', async () => {
  const response = await postJson(`${served.baseUrl}/predict`, {
    ...VALID,
    precipitable_water: 10.5,
    angstrom_440_870: -1.2,
    elevation: 9001,
    date: '2019-02-29T10:00:00Z',
  });

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      [
        'date',
        'expected an ISO 8601 date (2019-03-15) or date-time (2019-03-15T10:30:00Z), got string "2019-02-29T10:00:00Z"',
      ],
      ['precipitable_water', 'out of range: expected a number from 0 to 10, got number 10.5'],
      ['angstrom_440_870', 'out of range: expected a number from -1 to 5, got number -1.2'],
      ['elevation', 'out of range: expected a number from -500 to 9000, got number 9001'],
    ]),
  );
});

test('predict rejects unknown fields', async () => {
  const response = await postJson(`${served.baseUrl}/predict`, { ...VALID, precipitable_watr: 2 });

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      [
        'precipitable_watr',
        'unknown field; expected only site, date, precipitable_water, angstrom_440_870, latitude, longitude, elevation',
      ],
    ]),
  );
});

test('predict rejects prototype keys', async () => {
  const body = `${JSON.stringify(VALID).slice(0, -1)}, "__proto__": {"polluted": 1}}`;

  const response = await postJson(`${served.baseUrl}/predict`, body);

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      [
        '__proto__',
        'unknown field; expected only site, date, precipitable_water, angstrom_440_870, latitude, longitude, elevation',
      ],
    ]),
  );
  assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
});

test('predict rejects bodies that are not objects', async () => {
  const array = await postJson(`${served.baseUrl}/predict`, [VALID]);
  const empty = await postJson(`${served.baseUrl}/predict`, '');
  const broken = await postJson(`${served.baseUrl}/predict`, '{"site": ');

  assert.deepEqual(array, {
    status: 400,
    body: invalid([['body', 'expected an object, got an array']]),
  });
  assert.deepEqual(empty, {
    status: 400,
    body: {
      error: {
        code: 'AOD_REQUEST_INVALID',
        message: 'request body is empty; expected a JSON object',
        fields: [],
      },
    },
  });
  assert.equal(broken.status, 400);
  assert.match(
    (broken.body as { error: { message: string } }).error.message,
    /^request body is not valid JSON: /,
  );
});

test('batch predicts every observation', async () => {
  const second = { ...VALID, site: 'Site000', date: '2019-08-01T00:00:00+02:00' };

  const response = await postJson(`${served.baseUrl}/predict/batch`, {
    observations: [VALID, second],
  });

  assert.equal(response.status, 200);
  assert.deepEqual(response.body, {
    model_version: served.artifact.modelVersion,
    predictions: [expectedPrediction(VALID), expectedPrediction(second)],
  });
});

test('batch names fields by index', async () => {
  const body = `{"observations": [${JSON.stringify(VALID)}, {"site": "Site001", "date": "2019-03-15", "precipitable_water": NaN}]}`;

  const response = await postJson(`${served.baseUrl}/predict/batch`, body);

  assert.equal(response.status, 400);
  assert.deepEqual(
    response.body,
    invalid([
      ['observations[1].angstrom_440_870', 'required field is missing'],
      ['observations[1].precipitable_water', BARE('NaN')],
    ]),
  );
});

test('batch limits its size', async () => {
  const tooMany = Array.from({ length: 10_001 }, () => VALID);

  const empty = await postJson(`${served.baseUrl}/predict/batch`, { observations: [] });
  const full = await postJson(`${served.baseUrl}/predict/batch`, { observations: tooMany });

  assert.deepEqual(empty, {
    status: 400,
    body: invalid([['observations', 'expected 1 to 10000 observations, got 0']]),
  });
  assert.deepEqual(full, {
    status: 400,
    body: invalid([['observations', 'expected 1 to 10000 observations, got 10001']]),
  });
});

test('batch lists at most 100 fields', async () => {
  const bad = Array.from({ length: 300 }, () => ({ ...VALID, precipitable_water: -1 }));

  const response = await postJson(`${served.baseUrl}/predict/batch`, { observations: bad });

  const body = response.body as { error: { message: string; fields: unknown[] } };
  assert.equal(response.status, 400);
  assert.equal(body.error.fields.length, 100);
  assert.equal(
    body.error.message,
    'invalid request body: 300 bad fields (observations[0].precipitable_water, observations[1].precipitable_water, observations[2].precipitable_water, observations[3].precipitable_water, observations[4].precipitable_water and 295 more)',
  );
});

test('served model ignores a dropped feature', async () => {
  const week = await startServedModel(cleanTableOf(oneWeekRows()));
  try {
    const observation = { ...VALID, site: 'Dakar', date: '2019-01-05T12:00:00Z' };
    const prediction = predictOne(week.artifact, observation);

    const response = await postJson(`${week.baseUrl}/predict`, observation);
    const model = await fetch(`${week.baseUrl}/model`);
    const body = (await model.json()) as typeof week.artifact;

    assert.equal(response.status, 200);
    assert.deepEqual(response.body, {
      site: 'Dakar',
      date: '2019-01-05T12:00:00.000Z',
      wavelength_nm: 550,
      aod: prediction.aod,
      log_aod: prediction.logAod,
      known_site: true,
      season_covered: true,
      model_version: week.artifact.modelVersion,
    });
    assert.deepEqual(
      body.droppedFeatures?.map((entry) => entry.feature),
      ['doy_cos'],
    );
    assert.deepEqual(body, week.artifact);
    const july = await postJson(`${week.baseUrl}/predict`, { ...observation, date: '2019-07-05' });
    assert.equal((july.body as { season_covered: boolean }).season_covered, false);
  } finally {
    await week.close();
  }
});
