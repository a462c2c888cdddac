import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { BadInputError, NotFoundError } from '../../src/errors.ts';
import { parseAeronetBytes, readAeronetFile } from '../../src/ingest/read-aeronet-file.ts';
import {
  ALL_POINTS_COLUMNS,
  allPointsRow,
  downloadToolHeader,
  writeFixture,
  fixtureFolder,
  removeFixtures,
} from './aeronet-fixtures.ts';

after(removeFixtures);
const ADVICE = 'from the AERONET download tool or print_web_data_v3';

// Version 2 layout as third-party readers document it (no real sample was available).
const VERSION2 = [
  'Level 2.0. Quality Assured Data.<p>The following data are pre and post field calibrated, automatically cloud cleared and manually inspected.',
  'Version 2 Direct Sun Algorithm',
  'Location=Zvenigorod,long=36.775,lat=55.695,elev=200,Nmeas=11,PI=Test_Person,Email=test@example.org',
  'AOD Level 2.0,All Points,UNITS can be found at,,, http://aeronet.gsfc.nasa.gov/data_menu.html',
  'Date(dd-mm-yy),Time(hh:mm:ss),Julian_Day,AOT_1640,AOT_1020,AOT_870,AOT_675,AOT_500',
  '01:06:2010,10:00:00,152.416667,N/A,0.1,0.12,0.15,0.2',
];

async function rejection(name: string, content: string) {
  const path = await writeFixture(name, content);
  const error = await readAeronetFile(path).then(
    () => assert.fail('expected the read to fail'),
    (thrown: unknown) => thrown,
  );
  assert.ok(error instanceof BadInputError);
  return { path, error };
}

describe('AERONET files rejected', () => {
  test('Version 2 file', async () => {
    const { path, error } = await rejection('v2.lev20', VERSION2.join('\n'));

    assert.equal(error.code, 'AOD_FILE_VERSION2');
    assert.equal(error.line, 1);
    assert.equal(
      error.message,
      'expected an AERONET Version 3 file, got a Version 2 file ("Level 2.0. Quality Assured ' +
        'Data.<p>The following data are pre and post field cal..."); ' +
        `download the Version 3 file of the same site ${ADVICE} (${path} line 1)`,
    );
  });

  test('Version 2 column names', async () => {
    const { path, error } = await rejection('v2-columns.txt', VERSION2.slice(4).join('\n'));

    assert.equal(error.code, 'AOD_FILE_VERSION2');
    assert.equal(
      error.message,
      'expected an AERONET Version 3 file, got a Version 2 file ("column Julian_Day"); ' +
        `download the Version 3 file of the same site ${ADVICE} (${path} line 1)`,
    );
  });

  test('Monthly Averages file', async () => {
    const header = downloadToolHeader();
    header[5] =
      'Monthly Averages,UNITS can be found at,,, https://aeronet.gsfc.nasa.gov/new_web/units.html';
    const { path, error } = await rejection('monthly.lev20', header.join('\n'));

    assert.equal(error.code, 'AOD_FILE_MONTHLY');
    assert.equal(
      error.message,
      'expected All Points or Daily Averages, got Monthly Averages; download the All Points ' +
        `or Daily Averages file of the same site ${ADVICE} (${path} line 6)`,
    );
  });

  test('HTML error page', async () => {
    const page =
      '<!DOCTYPE html>\n<html><head><title>Error</title></head>\n' +
      '<body><p>No data for the requested site and dates.</p></body></html>\n';
    const { path, error } = await rejection('response.txt', page);

    assert.equal(error.code, 'AOD_FILE_HTML');
    assert.equal(
      error.message,
      'expected AERONET data, got an HTML page without an AERONET column header (the web ' +
        'service returns such a page on errors); check the request, or download the ' +
        `Version 3 file ${ADVICE} (${path})`,
    );
  });

  test('HTML error page in memory', () => {
    const page = new TextEncoder().encode('<html><body>Error: bad site</body></html>');

    assert.throws(() => parseAeronetBytes(page, 'https://example.org/q'), {
      name: 'BadInputError',
      code: 'AOD_FILE_HTML',
    });
  });

  test('empty file', async () => {
    for (const content of ['', '\n\n  \r\n']) {
      const { path, error } = await rejection('empty.lev20', content);

      assert.equal(error.code, 'AOD_FILE_EMPTY');
      assert.equal(
        error.message,
        'expected an AERONET Version 3 AOD file, got an empty file; download the file ' +
          `again ${ADVICE} (${path})`,
      );
    }
  });

  test('file without column header', async () => {
    const { path, error } = await rejection('notes.txt', 'site,aod\nDakar,0.2\n');

    assert.equal(error.code, 'AOD_FILE_NO_HEADER');
    assert.equal(
      error.message,
      'expected a column-header line starting "Date(" or "AERONET_Site,", got none in 2 ' +
        'lines; pass an AERONET Version 3 AOD file (All Points or Daily Averages) ' +
        `(${path})`,
    );
  });

  test('header without AOD_500nm', async () => {
    const header = downloadToolHeader();
    header[6] = ALL_POINTS_COLUMNS.map((name) => (name === 'AOD_500nm' ? 'AOD_501nm' : name)).join(
      ',',
    );
    const { path, error } = await rejection(
      'columns.lev20',
      [...header, allPointsRow()].join('\n'),
    );

    assert.equal(error.code, 'AOD_FILE_COLUMNS');
    assert.equal(
      error.message,
      'expected a column "AOD_500nm" in the column header, got none; pass an unmodified ' +
        `AERONET Version 3 AOD file (All Points or Daily Averages) (${path} line 7)`,
    );
  });

  test('header without site name', async () => {
    const header = downloadToolHeader();
    header[6] = ALL_POINTS_COLUMNS.filter((name) => name !== 'AERONET_Site_Name').join(',');
    const { error } = await rejection('no-site.lev20', header.join('\n'));

    assert.equal(error.code, 'AOD_FILE_COLUMNS');
    assert.match(error.message, /^expected a column "AERONET_Site_Name" in the column header/);
  });

  test('path that does not exist', async () => {
    const path = join(await fixtureFolder(), 'missing.lev20');

    await assert.rejects(readAeronetFile(path), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.code, 'AOD_INPUT_NOT_FOUND');
      assert.equal(
        error.message,
        `expected an AERONET file, got a path that does not exist; check the path (${path})`,
      );
      return true;
    });
  });
});
