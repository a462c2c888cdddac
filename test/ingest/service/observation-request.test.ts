import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { BadInputError } from '../../../src/errors.ts';
import { AFRICA } from '../../../src/ingest/catalog/bounding-box.ts';
import {
  DEFAULT_SERVICE_URL,
  buildRequestUrl,
  describeTarget,
  resolveServiceUrl,
  validateRequest,
  type ObservationRequest,
} from '../../../src/ingest/service/observation-request.ts';

const BASE: ObservationRequest = {
  site: 'Banizoumbou',
  from: '2006-06-01',
  to: '2006-06-30',
  level: '1.5',
  daily: false,
};

function invalidMessage(request: ObservationRequest): string {
  const error = (() => {
    try {
      validateRequest(request);
    } catch (thrown) {
      return thrown;
    }
    return assert.fail('expected the request to be rejected');
  })();
  assert.ok(error instanceof BadInputError);
  assert.equal(error.code, 'AOD_CONFIG_INVALID');
  return error.message;
}

describe('buildRequestUrl', () => {
  test('site request, all points', () => {
    assert.equal(
      buildRequestUrl(DEFAULT_SERVICE_URL, BASE),
      'https://aeronet.gsfc.nasa.gov/cgi-bin/print_web_data_v3?year=2006&month=6&day=1&hour=0' +
        '&year2=2006&month2=6&day2=30&hour2=23&AOD15=1&AVG=10&site=Banizoumbou&if_no_html=1',
    );
  });

  test('daily averages at each level', () => {
    const levels = (['1.0', '1.5', '2.0'] as const).map(
      (level) =>
        new URL(buildRequestUrl(DEFAULT_SERVICE_URL, { ...BASE, level, daily: true })).search,
    );

    assert.deepEqual(
      levels.map((search) => [...new URLSearchParams(search).keys()].slice(8, 10)),
      [
        ['AOD10', 'AVG'],
        ['AOD15', 'AVG'],
        ['AOD20', 'AVG'],
      ],
    );
    assert.deepEqual(
      levels.map((search) => new URLSearchParams(search).get('AVG')),
      ['20', '20', '20'],
    );
  });

  test('Africa box as corners', () => {
    const url = buildRequestUrl(DEFAULT_SERVICE_URL, {
      from: '2024-12-31',
      to: '2025-01-01',
      level: '2.0',
      daily: false,
      bbox: AFRICA,
    });

    assert.equal(
      url,
      'https://aeronet.gsfc.nasa.gov/cgi-bin/print_web_data_v3?year=2024&month=12&day=31' +
        '&hour=0&year2=2025&month2=1&day2=1&hour2=23&AOD20=1&AVG=10' +
        '&lat1=-35&lon1=-26&lat2=38&lon2=52&if_no_html=1',
    );
  });

  test('base URL with its own query', () => {
    const url = buildRequestUrl('http://127.0.0.1:8080/print?key=1', BASE);

    assert.match(url, /^http:\/\/127\.0\.0\.1:8080\/print\?key=1&year=2006&/);
  });
});

describe('validateRequest', () => {
  test('valid request returned as given', () => {
    assert.deepEqual(validateRequest(BASE), BASE);
  });

  test('impossible date rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, to: '2006-02-30' }),
      'AERONET request to: expected a calendar date YYYY-MM-DD from 1990 on, got "2006-02-30"',
    );
  });

  test('day-first date rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, from: '01-06-2006' }),
      'AERONET request from: expected a calendar date YYYY-MM-DD from 1990 on, got "01-06-2006"',
    );
  });

  test('unknown level rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, level: '3.0' as '2.0' }),
      'AERONET request level: expected "1.0", "1.5" or "2.0", got "3.0"',
    );
  });

  test('site and box together rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, bbox: AFRICA }),
      'AERONET request sites: expected a site or a bounding box, got "both"',
    );
  });

  test('site with spaces rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, site: 'Sao Paulo' }),
      'AERONET request site: expected an AERONET site name (letters, digits, _ . -), ' +
        'got "Sao Paulo"',
    );
  });

  test('inverted box rejected', () => {
    assert.equal(
      invalidMessage({ ...BASE, site: undefined, bbox: { south: 10, west: 0, north: 5, east: 9 } }),
      'bounding box: expected south < north and west < east, got "10,0,5,9"',
    );
  });
});

describe('resolveServiceUrl', () => {
  test('option, then environment, then NASA', () => {
    const env = { AODFLOW_AERONET_URL: 'http://127.0.0.1:9/env' };

    assert.equal(resolveServiceUrl('http://127.0.0.1:9/option', env), 'http://127.0.0.1:9/option');
    assert.equal(resolveServiceUrl(undefined, env), 'http://127.0.0.1:9/env');
    assert.equal(resolveServiceUrl(undefined, { AODFLOW_AERONET_URL: ' ' }), DEFAULT_SERVICE_URL);
  });

  test('non-HTTP URL rejected', () => {
    assert.throws(() => resolveServiceUrl('ftp://aeronet.gsfc.nasa.gov/x', {}), {
      name: 'BadInputError',
      message:
        'AERONET service URL: expected an http or https URL, got "ftp://aeronet.gsfc.nasa.gov/x"',
    });
  });
});

describe('describeTarget', () => {
  test('site, box and all sites', () => {
    assert.equal(describeTarget(BASE), 'Banizoumbou');
    assert.equal(
      describeTarget({ ...BASE, site: undefined, bbox: AFRICA }),
      'sites in -35,-26,38,52',
    );
    assert.equal(describeTarget({ ...BASE, site: undefined }), 'all sites');
  });
});
