import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BadInputError, NotFoundError } from '../../../src/errors.ts';
import { SiteCatalogIndex } from '../../../src/ingest/catalog/site-catalog-index.ts';
import { readAeronetFile } from '../../../src/ingest/read-aeronet-file.ts';
import { AeronetServiceClient } from '../../../src/ingest/service/aeronet-service-client.ts';
import { readSiteCatalog } from '../../../src/ingest/site-catalog.ts';
import {
  startAeronetStandIn,
  type AeronetStandIn,
} from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import { REAL_DATA_DIR, realDataAvailable } from '../../support/paths.ts';
import { fakeTime, rejection } from './service-fixtures.ts';

const SKIP = `real AERONET files not found at ${REAL_DATA_DIR}`;

let standIn: AeronetStandIn | null = null;
let client: AeronetServiceClient;

before(async () => {
  if (!realDataAvailable()) return;

  standIn = await startAeronetStandIn({ files: REAL_DATA_DIR });
  const catalog = await readSiteCatalog(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'));
  const time = fakeTime();
  client = new AeronetServiceClient({
    catalog: new SiteCatalogIndex(catalog),
    baseUrl: standIn.url,
    clock: time.clock,
    sleep: time.sleep,
    env: {},
  });
});

after(() => standIn?.close());

async function fileTable(name: string) {
  const { table } = await readAeronetFile(join(REAL_DATA_DIR, name));
  return table;
}

describe('AeronetServiceClient on the real AERONET files', () => {
  test('Mauna Loa equals saved response', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const result = await client.fetchObservations({
      site: 'Mauna_Loa',
      from: '2000-06-01',
      to: '2000-06-13',
      level: '1.5',
      daily: false,
    });

    const saved = await fileTable('aeronet-AOD15-example.txt');
    assert.equal(result.table.length, 562);
    assert.deepEqual(result.table.time, saved.time);
    assert.deepEqual(result.table.values.aod_500, saved.values.aod_500);
    assert.deepEqual(result.table.values.angstrom_440_870, saved.values.angstrom_440_870);
    assert.equal(result.header.level, 15);
  });

  test('download-tool rows in web layout', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const result = await client.fetchObservations({
      site: 'Sao_Paulo',
      from: '2019-01-01',
      to: '2019-12-31',
      level: '2.0',
      daily: false,
    });

    const file = await fileTable('20190101_20191231_Sao_Paulo.lev20');
    assert.equal(result.table.length, 722);
    assert.equal(result.header.columns, 114);
    assert.equal(result.header.webService, true);
    assert.deepEqual(result.table.time, file.time);
    assert.deepEqual(result.table.values.aod_500, file.values.aod_500);
    assert.deepEqual(result.table.latitude, file.latitude);
  });

  test('daily averages of Turlock', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const result = await client.fetchObservations({
      site: 'Turlock_CA_USA',
      from: '2023-01-01',
      to: '2024-12-31',
      level: '1.5',
      daily: true,
    });

    const file = await fileTable('20230101_20241231_Turlock_CA_USA.lev15');
    assert.equal(result.table.length, 446);
    assert.equal(result.header.product, 'daily');
    assert.deepEqual(result.table.time, file.time);
    assert.deepEqual(result.table.values.aod_440, file.values.aod_440);
  });

  test('box over Sao Paulo', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const result = await client.fetchObservations({
      bbox: { south: -24, west: -47, north: -23, east: -46 },
      from: '2019-01-01',
      to: '2019-12-31',
      level: '2.0',
      daily: false,
    });

    assert.deepEqual(result.table.siteNames, ['SP-EACH', 'Sao_Paulo']);
    assert.equal(result.table.length, 144 + 722);
  });

  test('Turlock all points has no data', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const error = await rejection(
      client.fetchObservations({
        site: 'Turlock_CA_USA',
        from: '2023-01-01',
        to: '2024-12-31',
        level: '1.5',
        daily: false,
      }),
    );

    assert.ok(error instanceof NotFoundError);
    assert.match(
      error.message,
      /^no data for Turlock_CA_USA in 2023-01-01\.\.2024-12-31 \(level 1\.5\) \(/,
    );
  });

  test('site without files gets every site', async (t) => {
    if (standIn === null) return t.skip(SKIP);

    const error = await rejection(
      client.fetchObservations({
        site: 'Skukuza',
        from: '2019-01-01',
        to: '2019-12-31',
        level: '2.0',
        daily: false,
      }),
    );

    assert.ok(error instanceof BadInputError);
    assert.ok(
      error.message.startsWith(
        'AERONET web service: expected rows of site Skukuza only, got rows of 2 other sites ' +
          '(SP-EACH, Sao_Paulo);',
      ),
      error.message,
    );
  });
});
