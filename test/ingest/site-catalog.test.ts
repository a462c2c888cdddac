import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { BadInputError } from '../../src/errors.ts';
import { readSiteCatalog } from '../../src/ingest/site-catalog.ts';
import { REAL_DATA_DIR, realDataAvailable } from '../support/paths.ts';
import { writeFixture, removeFixtures } from './aeronet-fixtures.ts';

after(removeFixtures);
const BANNER = 'AERONET_Database_Site_List,Num=2,Date_Generated=13:12:2024';
const HEADER = 'Site_Name,Longitude(decimal_degrees),Latitude(decimal_degrees),Elevation(meters)';
const ADVICE =
  'pass an AERONET site list such as aeronet_locations_v3.txt from aeronet.gsfc.nasa.gov';

async function catalogError(content: string) {
  const path = await writeFixture('sites.txt', content);
  const error = await readSiteCatalog(path).then(
    () => assert.fail('expected the read to fail'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof BadInputError);
  assert.equal(error.code, 'AOD_CATALOG_FORMAT');
  return { path, error };
}

describe('readSiteCatalog', () => {
  test('real 2024 and 2013 site lists', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const current = await readSiteCatalog(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'));
    const old = await readSiteCatalog(join(REAL_DATA_DIR, 'aeronet_locations_2013.txt'));

    assert.equal(current.generatedOn, '2024-12-13');
    assert.equal(current.sites.length, 1624);
    assert.deepEqual(current.sites[0], {
      name: 'Cuiaba',
      latitude: -15.555244,
      longitude: -56.070214,
      elevation: 234,
    });
    assert.equal(old.generatedOn, '2013-03-29');
    assert.equal(old.sites.length, 1064);
    assert.deepEqual(old.sites[0], {
      name: 'Cuiaba',
      latitude: -15.5,
      longitude: -56,
      elevation: 250,
    });
  });

  test('longitude before latitude, CRLF and BOM', async () => {
    const text = `\uFEFF${BANNER}\r\n${HEADER}\r\nDakar,-16.959000,14.394000,0.000000\r\n\r\n`;
    const path = await writeFixture('sites.txt', text);

    const catalog = await readSiteCatalog(path);

    assert.deepEqual(catalog, {
      generatedOn: '2024-12-13',
      sites: [{ name: 'Dakar', latitude: 14.394, longitude: -16.959, elevation: 0 }],
    });
  });

  test('wrong banner names file and line', async () => {
    const { path, error } = await catalogError(`${HEADER}\nDakar,-16.959,14.394,0\n`);

    assert.equal(
      error.message,
      'expected a banner "AERONET_Database_Site_List,Num=2,Date_Generated=dd:mm:yyyy", got ' +
        `"${HEADER}"; ${ADVICE} (${path} line 1)`,
    );
  });

  test('impossible banner date rejected', async () => {
    const { error } = await catalogError(`${BANNER.replace('13:12', '31:02')}\n${HEADER}\n`);

    assert.equal(error.line, 1);
  });

  test('latitude out of range', async () => {
    const { path, error } = await catalogError(`${BANNER}\n${HEADER}\nDakar,14.394,-116.959,0\n`);

    assert.equal(
      error.message,
      `expected a latitude between -90 and 90 degrees, got "-116.959"; ${ADVICE} (${path} line 3)`,
    );
  });

  test('row with three fields', async () => {
    const { path, error } = await catalogError(`${BANNER}\n${HEADER}\nDakar,-16.959,14.394\n`);

    assert.equal(
      error.message,
      'expected a row "name,longitude,latitude,elevation", got "Dakar,-16.959,14.394"; ' +
        `${ADVICE} (${path} line 3)`,
    );
  });

  test('site named twice', async () => {
    const row = 'Dakar,-16.959,14.394,0';
    const { path, error } = await catalogError(`${BANNER}\n${HEADER}\n${row}\n\n${row}\n`);

    assert.equal(
      error.message,
      `expected a site name not used before (line 3), got "Dakar"; ${ADVICE} (${path} line 5)`,
    );
  });

  test('empty file and missing header', async () => {
    const empty = await catalogError('');
    const headless = await catalogError(`${BANNER}\n`);

    assert.equal(
      empty.error.message,
      `expected a banner line, got an empty file; ${ADVICE} (${empty.path} line 1)`,
    );
    assert.equal(
      headless.error.message,
      `expected the column header "${HEADER}", got the end of the file; ${ADVICE} ` +
        `(${headless.path} line 2)`,
    );
  });
});
