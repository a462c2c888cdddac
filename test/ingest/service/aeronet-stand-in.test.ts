import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { parseAeronetBytes } from '../../../src/ingest/read-aeronet-file.ts';
import {
  TITLE_LINE,
  startAeronetStandIn,
  type AeronetStandIn,
} from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import { fileTimes, writeSampleDir } from './service-fixtures.ts';

const DATES = 'year=2024&month=1&day=1&year2=2024&month2=1&day2=10';

let dir: string;
let standIn: AeronetStandIn;

before(async () => {
  dir = await writeSampleDir();
  standIn = await startAeronetStandIn({
    files: dir,
    knownSites: ['Dakar'],
    siteList: join(dir, 'aeronet_locations_v3_sample.txt'),
  });
});

after(async () => {
  await standIn.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(query: string) {
  const response = await fetch(`${standIn.url}?${query}`);
  return { status: response.status, body: await response.text() };
}

function sitesOf(body: string): string[] {
  const result = parseAeronetBytes(new TextEncoder().encode(body), 'stand-in');
  return result.table.siteNames;
}

describe('AERONET stand-in', () => {
  test('web-service layout of a site', async () => {
    const { status, body } = await get(`${DATES}&AOD20=1&AVG=10&site=Mongu&if_no_html=1`);

    const lines = body.split('\n');
    assert.equal(status, 200);
    assert.deepEqual(lines.slice(0, 3), [
      TITLE_LINE,
      'AERONET Version 3;',
      'Version 3: AOD Level 2.0',
    ]);
    assert.match(lines[4]!, /^Contact: /);
    assert.match(lines[5]!, /^AERONET_Site,Date\(dd:mm:yyyy\),Time\(hh:mm:ss\),/);
    assert.equal(lines[5]!.split(',').length, 114);
    assert.match(lines[6]!, /^Mongu,\d\d:01:2024,/);
    assert.equal(lines[6]!.split(',').length, 114);
    assert.equal(body.endsWith('\n'), true);
  });

  test('unknown site returns every site', async () => {
    const { body } = await get(`${DATES}&AOD20=1&AVG=10&site=Mongo&if_no_html=1`);

    assert.deepEqual(sitesOf(body), ['Banizoumbou', 'Mongu', 'Skukuza']);
  });

  test('known site without data', async () => {
    const { status, body } = await get(`${DATES}&AOD20=1&AVG=10&site=Dakar&if_no_html=1`);

    assert.equal(status, 200);
    assert.equal(body, `${TITLE_LINE}\n`);
  });

  test('other level has no data', async () => {
    const { body } = await get(`${DATES}&AOD15=1&AVG=10&site=Mongu&if_no_html=1`);

    assert.equal(body, `${TITLE_LINE}\n`);
  });

  test('site wins over box', async () => {
    const box = 'lat1=10&lon1=0&lat2=20&lon2=10';
    const { body } = await get(`${DATES}&AOD20=1&AVG=10&site=Mongu&${box}&if_no_html=1`);

    assert.deepEqual(sitesOf(body), ['Mongu']);
  });

  test('box selects Banizoumbou', async () => {
    const box = 'lat1=10&lon1=0&lat2=20&lon2=10';
    const { body } = await get(`${DATES}&AOD20=1&AVG=10&${box}&if_no_html=1`);

    assert.deepEqual(sitesOf(body), ['Banizoumbou']);
  });

  test('hours bound the range', async () => {
    // Two whole hours from the hour of the 10th observation of the file.
    const times = await fileTimes(dir, 'Skukuza');
    const first = new Date(times[10]! * 1000);
    const hour = first.getUTCHours();
    const day = first.getUTCDate();
    const query = `year=2024&month=1&day=${day}&hour=${hour}&year2=2024&month2=1&day2=${day}`;
    const { body } = await get(
      `${query}&hour2=${hour + 1}&AOD20=1&AVG=10&site=Skukuza&if_no_html=1`,
    );

    const start = Date.UTC(2024, 0, day, hour) / 1000;
    const expected = times.filter((time) => time >= start && time < start + 7200);
    const result = parseAeronetBytes(new TextEncoder().encode(body), 'stand-in');
    assert.ok(expected.length > 0);
    assert.deepEqual(Array.from(result.table.time), expected);
  });

  test('HTML wrapping reads the same', async () => {
    const plain = await get(`${DATES}&AOD20=1&AVG=10&site=Skukuza&if_no_html=1`);
    const html = await get(`${DATES}&AOD20=1&AVG=10&site=Skukuza`);

    const fromPlain = parseAeronetBytes(new TextEncoder().encode(plain.body), 'plain');
    const fromHtml = parseAeronetBytes(new TextEncoder().encode(html.body), 'html');
    assert.match(html.body, /^<html><body>\nAERONET Data Download \(Version 3 Direct Sun\)<br>\n/);
    assert.equal(fromHtml.header.html, true);
    assert.equal(fromHtml.table.length, fromPlain.table.length);
    assert.deepEqual(fromHtml.table.time, fromPlain.table.time);
  });

  test('daily without daily files', async () => {
    const { status, body } = await get(`${DATES}&AOD20=1&AVG=20&site=Skukuza&if_no_html=1`);

    assert.equal(status, 400);
    assert.equal(body, 'stand-in has no Daily Averages files\n');
  });

  test('invalid query gets HTML error', async () => {
    const { status, body } = await get('year=2024&AOD20=1&AVG=10&if_no_html=1');

    assert.equal(status, 200);
    assert.match(body, /^<html><head><title>AERONET Data Download Error<\/title>/);
    assert.match(body, /the date range is incomplete or invalid/);
  });

  test('requests recorded with parameters', async () => {
    standIn.requests.length = 0;

    await get(`${DATES}&AOD20=1&AVG=10&site=Mongu&if_no_html=1`);

    assert.equal(standIn.requests.length, 1);
    assert.equal(standIn.requests[0]!.number, 1);
    assert.equal(standIn.requests[0]!.path, '/cgi-bin/print_web_data_v3');
    assert.deepEqual(standIn.requests[0]!.params, {
      year: '2024',
      month: '1',
      day: '1',
      year2: '2024',
      month2: '1',
      day2: '10',
      AOD20: '1',
      AVG: '10',
      site: 'Mongu',
      if_no_html: '1',
    });
  });

  test('site list served', async () => {
    const response = await fetch(standIn.siteListUrl);

    const text = await response.text();
    assert.equal(response.status, 200);
    assert.match(text, /^AERONET_Database_Site_List,Num=2,Date_Generated=13:12:2024\n/);
  });
});
