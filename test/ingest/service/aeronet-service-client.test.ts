import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';

import { BadInputError, NotFoundError, TransientError } from '../../../src/errors.ts';
import { contentHashOf } from '../../../src/ingest/content-hash.ts';
import type { ObservationRequest } from '../../../src/ingest/service/observation-request.ts';
import {
  startAeronetStandIn,
  type AeronetStandIn,
  type FaultPlan,
} from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import {
  FAKE_START_MS,
  SAMPLE_FROM,
  SAMPLE_TO,
  fakeTime,
  fileTimes,
  rejection,
  standInClient,
  writeSampleDir,
} from './service-fixtures.ts';

const SKUKUZA: ObservationRequest = {
  site: 'Skukuza',
  from: SAMPLE_FROM,
  to: SAMPLE_TO,
  level: '2.0',
  daily: false,
};
const QUERY =
  'year=2024&month=1&day=1&hour=0&year2=2024&month2=1&day2=10&hour2=23&AOD20=1&AVG=10' +
  '&site=Skukuza&if_no_html=1';
/** Backoff delays of SERVICE_RETRY_POLICY with the jitter draw fixed at 0.5. */
const BACKOFF_MS = [1800, 3600, 7200];

let dir: string;
let standIn: AeronetStandIn;
let skukuzaTimes: number[];
let url: string;

before(async () => {
  dir = await writeSampleDir();
  standIn = await startAeronetStandIn({ files: dir });
  skukuzaTimes = await fileTimes(dir, 'Skukuza');
  url = `${standIn.url}?${QUERY}`;
});

after(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

/** Clears the recorded requests and installs a fault plan for the next test. */
function withFaults(plan: FaultPlan): void {
  standIn.requests.length = 0;
  standIn.setFaults(plan);
}

describe('AeronetServiceClient responses', () => {
  test('site response matches its file', async () => {
    withFaults([]);
    const time = fakeTime();

    const result = await standInClient(standIn, time).fetchObservations(SKUKUZA);

    assert.equal(result.url, url);
    assert.equal(result.attempts, 1);
    assert.equal(result.retrievedAt, new Date(FAKE_START_MS).toISOString());
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
    assert.deepEqual(result.table.siteNames, ['Skukuza']);
    assert.equal(result.quarantine.length, 0);
    assert.equal(result.header.webService, true);
    assert.equal(result.header.columns, 114);
    assert.equal(result.table.sources[0]!.contentHash, result.contentHash);
    assert.equal(result.table.sources[0]!.uri, url);
    assert.equal(result.table.sources[0]!.kind, 'request');
    assert.deepEqual(time.sleeps, []);
    const body = await plainResponse(url);
    assert.equal(result.contentHash, contentHashOf(new TextEncoder().encode(body)));
  });

  test('URL parameters as the service names them', async () => {
    withFaults([]);

    await standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA);

    assert.equal(standIn.requests.length, 1);
    assert.equal(standIn.requests[0]!.url, `/cgi-bin/print_web_data_v3?${QUERY}`);
    assert.deepEqual(standIn.requests[0]!.params, {
      year: '2024',
      month: '1',
      day: '1',
      hour: '0',
      year2: '2024',
      month2: '1',
      day2: '10',
      hour2: '23',
      AOD20: '1',
      AVG: '10',
      site: 'Skukuza',
      if_no_html: '1',
    });
  });

  test('bounding box selects sites inside', async () => {
    withFaults([]);
    const southernAfrica = { south: -30, west: 20, north: -10, east: 35 };

    const result = await standInClient(standIn, fakeTime()).fetchObservations({
      bbox: southernAfrica,
      from: SAMPLE_FROM,
      to: SAMPLE_TO,
      level: '2.0',
      daily: false,
    });

    const mongu = await fileTimes(dir, 'Mongu');
    assert.deepEqual(result.table.siteNames, ['Mongu', 'Skukuza']);
    assert.equal(result.table.length, mongu.length + skukuzaTimes.length);
    assert.deepEqual(standIn.requests[0]!.params, {
      year: '2024',
      month: '1',
      day: '1',
      hour: '0',
      year2: '2024',
      month2: '1',
      day2: '10',
      hour2: '23',
      AOD20: '1',
      AVG: '10',
      lat1: '-30',
      lon1: '20',
      lat2: '-10',
      lon2: '35',
      if_no_html: '1',
    });
  });

  test('date range keeps its days only', async () => {
    withFaults([]);

    const result = await standInClient(standIn, fakeTime()).fetchObservations({
      ...SKUKUZA,
      from: '2024-01-03',
      to: '2024-01-04',
    });

    const first = Date.UTC(2024, 0, 3) / 1000;
    const last = Date.UTC(2024, 0, 5) / 1000;
    const expected = skukuzaTimes.filter((time) => time >= first && time < last);
    assert.ok(expected.length > 0);
    assert.deepEqual(Array.from(result.table.time), expected);
  });
});

describe('AeronetServiceClient rejects before requesting', () => {
  test('misspelled site suggests exact name', async () => {
    withFaults([]);

    const error = await rejection(
      standInClient(standIn, fakeTime()).fetchObservations({ ...SKUKUZA, site: 'skukuza' }),
    );

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SITE_UNKNOWN');
    assert.equal(
      error.message,
      'site "skukuza" is not in the 8 bundled sample sites (8 sites); did you mean ' +
        '"Skukuza"? AERONET site names are case-sensitive',
    );
    assert.equal(standIn.requests.length, 0);
  });

  test('reversed dates rejected', async () => {
    withFaults([]);

    const error = await rejection(
      standInClient(standIn, fakeTime()).fetchObservations({
        ...SKUKUZA,
        from: '2024-02-01',
        to: '2024-01-01',
      }),
    );

    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.equal(
      error.message,
      'AERONET request date range: expected from <= to, got "from 2024-02-01 and to 2024-01-01"',
    );
    assert.equal(standIn.requests.length, 0);
  });
});

describe('AeronetServiceClient responses without data', () => {
  test('title line alone is no data', async () => {
    withFaults([]);
    const time = fakeTime();
    const request = { ...SKUKUZA, from: '2023-01-01', to: '2023-01-31' };

    const error = await rejection(standInClient(standIn, time).fetchObservations(request));

    const requestUrl =
      `${standIn.url}?year=2023&month=1&day=1&hour=0&year2=2023&month2=1&day2=31&hour2=23` +
      '&AOD20=1&AVG=10&site=Skukuza&if_no_html=1';
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.code, 'AOD_NO_DATA');
    assert.equal(
      error.message,
      `no data for Skukuza in 2023-01-01..2023-01-31 (level 2.0) (${requestUrl})`,
    );
    assert.equal(standIn.requests.length, 1);
    assert.deepEqual(time.sleeps, []);
  });

  test('header without rows is no data', async () => {
    const header = await headerOnlyResponse();
    withFaults([{ requests: [1], fault: { kind: 'body', body: header } }]);

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA));

    assert.ok(error instanceof NotFoundError);
    assert.equal(
      error.message,
      `no data for Skukuza in 2024-01-01..2024-01-10 (level 2.0) (${url})`,
    );
    assert.equal(standIn.requests.length, 1);
  });

  test('no data is asked again', async () => {
    withFaults([]);
    const client = standInClient(standIn, fakeTime());
    const request = { ...SKUKUZA, from: '2023-01-01', to: '2023-01-31' };

    await rejection(client.fetchObservations(request));
    await rejection(client.fetchObservations(request));

    assert.equal(standIn.requests.length, 2);
  });

  test('single unknown line rejected', async () => {
    withFaults([{ requests: [1], fault: { kind: 'body', body: 'Service down for upgrade\n' } }]);

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      'AERONET web service: expected AERONET data or the title line "AERONET Data Download ..." ' +
        `of a response without data, got one line "Service down for upgrade" (${url})`,
    );
  });
});

describe('AeronetServiceClient rejects wrong responses', () => {
  test('HTML page not retried', async () => {
    withFaults([{ match: () => true, fault: { kind: 'html-error' } }]);
    const time = fakeTime();

    const error = await rejection(standInClient(standIn, time).fetchObservations(SKUKUZA));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      'AERONET web service: expected plain-text AERONET data (the request sets if_no_html=1), ' +
        'got an HTML page "AERONET Data Download Error"; open the URL in a browser to read ' +
        `the service's message (${url})`,
    );
    assert.equal(standIn.requests.length, 1);
    assert.deepEqual(time.sleeps, []);
  });

  test('rows of other sites rejected', async () => {
    withFaults([]);
    // Dakar is in the catalog but has no file here, so the stand-in, like the real service,
    // does not know the name and returns every site.
    const request = { ...SKUKUZA, site: 'Dakar' };

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(request));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      'AERONET web service: expected rows of site Dakar only, got rows of 3 other sites ' +
        '(Banizoumbou, Mongu, Skukuza); the service returns every site for a site name it ' +
        `does not know, so the response is rejected (${url.replace('Skukuza', 'Dakar')})`,
    );
    assert.equal(standIn.requests.length, 1);
  });

  test('rows outside the box rejected', async () => {
    // The rows of every site, as a response that ignored the box would contain.
    const body = await plainResponse(url.replace('Skukuza', 'Dakar'));
    withFaults([{ requests: [1], fault: { kind: 'body', body } }]);
    const request = {
      ...SKUKUZA,
      site: undefined,
      bbox: { south: -30, west: 20, north: -10, east: 35 },
    };

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(request));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.match(
      error.message,
      /^AERONET web service: expected rows of sites inside the box -30,20,-10,35, got rows of 1 site outside it \(Banizoumbou\); the service did not apply the box, so the response is rejected \(http:/,
    );
  });

  test('other level rejected', async () => {
    const body = (await plainResponse(url)).replace('AOD Level 2.0', 'AOD Level 1.5');
    withFaults([{ requests: [1], fault: { kind: 'body', body } }]);

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA));

    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      `AERONET web service: expected Level 2.0 data, got Level 1.5 (${url})`,
    );
  });

  test('blocked port not retried', async () => {
    const time = fakeTime();
    const client = standInClient(standIn, time, {
      baseUrl: 'http://127.0.0.1:9/cgi-bin/print_web_data_v3',
    });

    const error = await rejection(client.fetchObservations(SKUKUZA));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_CONFIG_INVALID');
    assert.match(
      error.message,
      /^AERONET web service: fetch refuses port 9 of the service URL, one of the ports the Fetch standard blocks; serve the mirror on another port \(http:\/\/127\.0\.0\.1:9\//,
    );
    assert.deepEqual(time.sleeps, []);
  });

  test('client error not retried', async () => {
    withFaults([{ match: () => true, fault: { kind: 'status', status: 404 } }]);
    const time = fakeTime();

    const error = await rejection(standInClient(standIn, time).fetchObservations(SKUKUZA));

    assert.ok(error instanceof BadInputError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      'AERONET web service rejected the request: expected HTTP 200, got 404 Not Found ("404"); ' +
        'check the service URL (option baseUrl or AODFLOW_AERONET_URL) and the request ' +
        `(${url})`,
    );
    assert.equal(standIn.requests.length, 1);
    assert.deepEqual(time.sleeps, []);
  });
});

describe('AeronetServiceClient retries transient faults', () => {
  test('server error then success', async () => {
    withFaults([{ requests: [1], fault: { kind: 'status', status: 503 } }]);
    const time = fakeTime();

    const result = await standInClient(standIn, time).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
    assert.equal(standIn.requests.length, 2);
    assert.deepEqual(time.sleeps, [BACKOFF_MS[0]]);
    assert.equal(result.retrievedAt, new Date(FAKE_START_MS + BACKOFF_MS[0]!).toISOString());
  });

  test('server errors exhaust the retries', async () => {
    withFaults([{ match: () => true, fault: { kind: 'status', status: 503 } }]);
    const time = fakeTime();

    const error = await rejection(standInClient(standIn, time).fetchObservations(SKUKUZA));

    assert.ok(error instanceof TransientError);
    assert.equal(error.code, 'AOD_SERVICE_UNAVAILABLE');
    assert.equal(
      error.message,
      'AERONET web service: expected HTTP 200, got 503 Service Unavailable; gave up after ' +
        `4 attempts, try again later (${url})`,
    );
    assert.equal(standIn.requests.length, 4);
    assert.deepEqual(time.sleeps, BACKOFF_MS);
  });

  test('retry waits as long as Retry-After', async () => {
    withFaults([{ requests: [1], fault: { kind: 'status', status: 429, retryAfter: '7' } }]);
    const time = fakeTime();

    const result = await standInClient(standIn, time).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(time.sleeps, [7000]);
  });

  test('Retry-After is capped at five minutes', async () => {
    withFaults([{ requests: [1], fault: { kind: 'status', status: 503, retryAfter: '86400' } }]);
    const time = fakeTime();

    await standInClient(standIn, time).fetchObservations(SKUKUZA);

    assert.deepEqual(time.sleeps, [300_000]);
  });

  test('too many requests retried', async () => {
    withFaults([{ requests: [1], fault: { kind: 'status', status: 429 } }]);

    const result = await standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
  });

  test('empty body retried', async () => {
    withFaults([{ requests: [1, 2], fault: { kind: 'empty' } }]);

    const result = await standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 3);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
  });

  test('empty body every time', async () => {
    withFaults([{ match: () => true, fault: { kind: 'empty' } }]);

    const error = await rejection(standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA));

    assert.ok(error instanceof TransientError);
    assert.equal(
      error.message,
      'AERONET web service: expected AERONET data, got an empty body; gave up after 4 ' +
        `attempts, try again later (${url})`,
    );
  });

  test('cut connection retried whole', async () => {
    withFaults([
      { requests: [1], fault: { kind: 'truncate', mode: 'close-socket', keepBytes: 30_000 } },
    ]);

    const result = await standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
    assert.equal(result.quarantine.length, 0);
  });

  test('cut connection names the bytes', async () => {
    withFaults([
      { match: () => true, fault: { kind: 'truncate', mode: 'close-socket', keepBytes: 30_000 } },
    ]);
    const client = standInClient(standIn, fakeTime(), { retry: noRetries() });

    const error = await rejection(client.fetchObservations(SKUKUZA));

    assert.ok(error instanceof TransientError);
    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    const cut =
      'AERONET web service: the response was cut short, the connection closed after 30000';
    assert.ok(error.message.startsWith(`${cut} bytes of the body (`), error.message);
    assert.ok(error.message.endsWith(`; gave up after 1 attempt, try again later (${url})`));
  });

  test('body ending mid-row retried', async () => {
    withFaults([
      { requests: [1], fault: { kind: 'truncate', mode: 'end-early', keepBytes: 30_000 } },
    ]);
    const time = fakeTime();

    const result = await standInClient(standIn, time).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
    assert.deepEqual(time.sleeps, [BACKOFF_MS[0]]);
  });

  test('body ending mid-row every time', async () => {
    withFaults([
      { match: () => true, fault: { kind: 'truncate', mode: 'end-early', keepBytes: 30_000 } },
    ]);
    const client = standInClient(standIn, fakeTime(), { retry: noRetries() });

    const error = await rejection(client.fetchObservations(SKUKUZA));

    assert.equal(error.code, 'AOD_SERVICE_BAD_ANSWER');
    assert.equal(
      error.message,
      'AERONET web service: the response was cut short, its last line ends without a line end ' +
        `after 30000 bytes; gave up after 1 attempt, try again later (${url})`,
    );
  });

  test('connection reset retried', async () => {
    withFaults([{ requests: [1], fault: { kind: 'reset' } }]);

    const result = await standInClient(standIn, fakeTime()).fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
  });

  test('connection reset every time', async () => {
    withFaults([{ match: () => true, fault: { kind: 'reset' } }]);
    const time = fakeTime();

    const error = await rejection(standInClient(standIn, time).fetchObservations(SKUKUZA));

    assert.ok(error instanceof TransientError);
    assert.equal(error.code, 'AOD_SERVICE_UNAVAILABLE');
    assert.ok(error.message.startsWith('AERONET web service: the connection failed ('));
    assert.ok(error.message.endsWith(`; gave up after 4 attempts, try again later (${url})`));
    assert.equal(standIn.requests.length, 4);
    assert.deepEqual(time.sleeps, BACKOFF_MS);
  });

  test('slow response times out', async () => {
    withFaults([{ match: () => true, fault: { kind: 'delay', ms: 5000 } }]);
    const client = standInClient(standIn, fakeTime(), {
      timeoutMs: 100,
      retry: { ...noRetries(), retries: 1 },
    });

    const error = await rejection(client.fetchObservations(SKUKUZA));

    assert.ok(error instanceof TransientError);
    assert.equal(error.code, 'AOD_SERVICE_TIMEOUT');
    assert.equal(
      error.message,
      'AERONET web service: expected a complete response within 100 ms, got no response; gave up ' +
        `after 2 attempts, try again later (${url})`,
    );
    assert.equal(standIn.requests.length, 2);
  });

  test('slow response then success', async () => {
    withFaults([{ requests: [1], fault: { kind: 'delay', ms: 5000 } }]);
    const client = standInClient(standIn, fakeTime(), { timeoutMs: 1000 });

    const result = await client.fetchObservations(SKUKUZA);

    assert.equal(result.attempts, 2);
    assert.deepEqual(Array.from(result.table.time), skukuzaTimes);
  });
});

describe('AeronetServiceClient politeness', () => {
  test('request starts spaced apart', async () => {
    withFaults([]);
    const time = fakeTime();
    const starts: number[] = [];
    const client = standInClient(standIn, time, {
      minIntervalMs: 1000,
      maxConcurrent: 2,
      fetch: (input, init) => {
        starts.push(time.clock() - FAKE_START_MS);
        return fetch(input, init);
      },
    });

    await Promise.all([1, 2, 3, 4].map(() => client.fetchObservations(SKUKUZA)));

    assert.deepEqual(starts, [0, 1000, 2000, 3000]);
    assert.deepEqual(time.sleeps, [1000, 1000, 2000]);
  });

  test('requests in flight limited', async () => {
    withFaults([{ match: () => true, fault: { kind: 'delay', ms: 50 } }]);
    const client = standInClient(standIn, fakeTime(), { maxConcurrent: 2, minIntervalMs: 0 });

    const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.fetchObservations(SKUKUZA)));

    assert.equal(results.length, 5);
    assert.equal(standIn.requests.length, 5);
    assert.equal(standIn.maxOpenRequests(), 2);
  });

  test('service URL from the environment', () => {
    const client = standInClient(standIn, fakeTime(), {
      baseUrl: undefined,
      env: { AODFLOW_AERONET_URL: 'http://127.0.0.1:9/cgi-bin/print_web_data_v3' },
    });

    assert.equal(
      client.requestUrl(SKUKUZA),
      `http://127.0.0.1:9/cgi-bin/print_web_data_v3?${QUERY}`,
    );
  });
});

function noRetries() {
  return { retries: 0, baseDelayMs: 0, factor: 2, maxDelayMs: 0, jitter: 0 };
}

// Fetches a response directly from the stand-in, with no fault injected.
async function plainResponse(requestUrl: string): Promise<string> {
  standIn.setFaults([]);
  const response = await fetch(requestUrl);
  return response.text();
}

async function headerOnlyResponse(): Promise<string> {
  const lines = (await plainResponse(url)).split('\n');
  const headerAt = lines.findIndex((line) => line.startsWith('AERONET_Site,'));
  return `${lines.slice(0, headerAt + 1).join('\n')}\n`;
}
