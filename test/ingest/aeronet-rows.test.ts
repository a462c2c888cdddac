import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';

import { isoTime } from '../../src/observation.ts';
import {
  parseAeronetBytes,
  readAeronetFile,
  type ReadResult,
} from '../../src/ingest/read-aeronet-file.ts';
import {
  allPointsRow,
  downloadToolHeader,
  webServiceHeader,
  writeFixture,
  removeFixtures,
} from './aeronet-fixtures.ts';
import { columnsOf } from './table-columns.ts';

// Reads a fixture with the simple path and with worker threads, checks both agree, and returns
// the simple result.
async function readBoth(
  name: string,
  content: string | Uint8Array,
): Promise<ReadResult & { path: string }> {
  const path = await writeFixture(name, content);
  const simple = await readAeronetFile(path, { workers: 0 });
  const threaded = await readAeronetFile(path, { workers: 2, workerMinBytes: 0, chunkBytes: 512 });

  assert.deepEqual(columnsOf(threaded.table), columnsOf(simple.table));
  assert.deepEqual(threaded.quarantine, simple.quarantine);
  assert.deepEqual(threaded.warnings, simple.warnings);
  return { ...simple, path };
}

function lines(...rows: string[]): string {
  return rows.map((row) => `${row}\n`).join('');
}

after(removeFixtures);
describe('AERONET row values', () => {
  test('missing-value spellings become NaN', async () => {
    const spellings = ['-999', '-999.', '-999.000000', '-999.0', '-9999.000000'];
    const rows = spellings.map((value, i) =>
      allPointsRow({ time: `10:00:0${i}`, columns: { AOD_500nm: value, AOD_870nm: '-998.5' } }),
    );

    const { table } = await readBoth('missing.lev20', lines(...downloadToolHeader(), ...rows));

    assert.deepEqual([...table.values.aod_500], [NaN, NaN, NaN, NaN, NaN]);
    assert.deepEqual([...table.values.aod_870], [-998.5, -998.5, -998.5, -998.5, -998.5]);
  });

  test('number forms equal parseFloat', async () => {
    const texts = [
      '0.073690',
      '-0.000136',
      '12',
      '3.',
      '.5',
      '-.25',
      '1e-3',
      '+0.5',
      '0.1234567890123456789',
    ];
    const rows = texts.map((value, i) =>
      allPointsRow({ time: `10:00:${String(i).padStart(2, '0')}`, columns: { AOD_500nm: value } }),
    );

    const { table } = await readBoth('numbers.lev20', lines(...downloadToolHeader(), ...rows));

    assert.deepEqual([...table.values.aod_500], texts.map(Number.parseFloat));
  });

  test('dates with dashes and UTC times', async () => {
    const rows = [
      allPointsRow({ date: '29-02-2020', time: '23:59:59' }),
      allPointsRow({ date: '01:03:2020', time: '00:00:00' }),
    ];

    const { table } = await readBoth('dashes.lev20', lines(...downloadToolHeader(), ...rows));

    assert.deepEqual([...table.time].map(isoTime), [
      '2020-02-29T23:59:59.000Z',
      '2020-03-01T00:00:00.000Z',
    ]);
  });

  test('CRLF line ends and a BOM', async () => {
    const text = [...downloadToolHeader(), allPointsRow(), allPointsRow({ time: '10:00:00' })]
      .map((line) => `${line}\r\n`)
      .join('');

    const result = await readBoth('crlf.lev20', `\uFEFF${text}`);

    assert.equal(result.table.length, 2);
    assert.equal(result.quarantine.length, 0);
    assert.equal(result.header.headerLine, 7);
    assert.equal(result.header.siteFromPreamble, 'Dakar');
    assert.deepEqual([...result.table.line], [8, 9]);
    assert.deepEqual([...result.table.values.solar_zenith_angle], [74.53542, 74.53542]);
  });

  test('blank lines skipped, numbering kept', async () => {
    const text = lines(...downloadToolHeader(), '', allPointsRow(), '   ', allPointsRow(), '');

    const result = await readBoth('blank.lev20', text);

    assert.deepEqual([...result.table.line], [9, 11]);
    assert.equal(result.rowsRead, 2);
  });

  test('web-service response with several sites', async () => {
    const row = (site: string, time: string) =>
      `${site},${allPointsRow({ site, time, level: 'lev15' })}`;
    const text = lines(
      ...webServiceHeader(),
      row('Dakar', '08:00:00'),
      row('Banizoumbou', '08:05:00'),
      row('Dakar', '08:10:00'),
    );

    const { table, header } = await readBoth('multi.txt', text);

    assert.equal(header.webService, true);
    assert.equal(header.columns, 114);
    assert.deepEqual(table.siteNames, ['Dakar', 'Banizoumbou']);
    assert.deepEqual([...table.site], [0, 1, 0]);
    assert.deepEqual([...table.level], [15, 15, 15]);
    assert.deepEqual([...table.line], [7, 8, 9]);
  });

  test('HTML-wrapped web-service response', async () => {
    const text = [
      '<html><body>',
      ...webServiceHeader(),
      `Dakar,${allPointsRow({ level: 'lev15' })}`,
      `Dakar,${allPointsRow({ level: 'lev15', time: '10:00:00' })}`,
    ]
      .map((line) => `${line}<br>\n`)
      .join('')
      .concat('</body></html>\n');

    const result = parseAeronetBytes(new TextEncoder().encode(text), 'https://example.org/q');

    assert.equal(result.header.html, true);
    assert.equal(result.header.headerLine, 7);
    assert.equal(result.table.length, 2);
    assert.deepEqual(result.quarantine, []);
    assert.equal(result.table.sources[0]!.kind, 'request');
    assert.equal(result.table.sources[0]!.uri, 'https://example.org/q');
  });

  test('HTML file with br and no newlines', async () => {
    const text = `<html><body><pre>${[...downloadToolHeader(), allPointsRow()].join('<br>')}</pre></body></html>`;

    const path = await writeFixture('one-line.html', text);
    const result = await readAeronetFile(path);

    assert.equal(result.header.headerLine, 7);
    assert.equal(result.table.length, 1);
    assert.deepEqual([...result.table.line], [8]);
  });
});

describe('AERONET rows set aside', () => {
  test('truncated last line quarantined with warning', async () => {
    const cut = allPointsRow({ time: '11:00:00' }).split(',').slice(0, 80).join(',');
    const text = lines(...downloadToolHeader(), allPointsRow()) + cut;

    const result = await readBoth('cut.lev20', text);

    assert.equal(result.table.length, 1);
    assert.equal(result.rowsRead, 2);
    assert.deepEqual(result.quarantine, [
      {
        reason: 'truncated_row',
        source: result.path,
        line: 9,
        site: 'Dakar',
        time: '2019-01-01T11:00:00.000Z',
        field: null,
        value: null,
        detail: 'expected 113 fields, got 80: the last line is cut short',
      },
    ]);
    assert.deepEqual(result.warnings, [
      `${result.path} line 9: expected 113 fields, got 80: the last line is cut short; ` +
        'the row is quarantined as truncated_row',
    ]);
  });

  test('complete last line without newline kept', async () => {
    const text = lines(...downloadToolHeader()) + allPointsRow();

    const result = await readBoth('no-newline.lev20', text);

    assert.equal(result.table.length, 1);
    assert.deepEqual(result.quarantine, []);
  });

  test('malformed rows quarantined with lines', async () => {
    const good = allPointsRow();
    const text = lines(
      ...downloadToolHeader(),
      good,
      `${good},extra`,
      good.split(',').slice(0, 112).join(','),
      allPointsRow({ columns: { AOD_500nm: '1;2' } }),
      allPointsRow({ date: '31:02:2019' }),
      allPointsRow({ time: '24:00:00' }),
      allPointsRow({ level: 'lev25' }),
      allPointsRow({ site: '' }),
      allPointsRow({ columns: { 'Site_Latitude(Degrees)': 'N/A' } }),
      good,
    );

    const result = await readBoth('bad.lev20', text);
    const summary = result.quarantine.map(({ line, reason, field, value, detail, site, time }) => ({
      line,
      reason,
      field,
      value,
      detail,
      site,
      time,
    }));

    assert.equal(result.table.length, 2);
    assert.equal(result.rowsRead, 10);
    assert.deepEqual([...result.table.line], [8, 17]);
    const at = '2019-01-01T09:40:09.000Z';
    assert.deepEqual(summary, [
      { line: 9, reason: 'malformed_row', field: null, value: null, detail: 'expected 113 fields, got 114', site: 'Dakar', time: at },
      { line: 10, reason: 'malformed_row', field: null, value: null, detail: 'expected 113 fields, got 112', site: 'Dakar', time: at },
      { line: 11, reason: 'malformed_row', field: 'AOD_500nm', value: '1;2', detail: 'AOD_500nm: expected a number or -999, got "1;2"', site: null, time: at },
      { line: 12, reason: 'malformed_row', field: 'Date(dd:mm:yyyy)', value: '31:02:2019', detail: 'Date(dd:mm:yyyy): expected a date dd:mm:yyyy, got "31:02:2019"', site: null, time: null },
      { line: 13, reason: 'malformed_row', field: 'Time(hh:mm:ss)', value: '24:00:00', detail: 'Time(hh:mm:ss): expected a time hh:mm:ss, got "24:00:00"', site: null, time: null },
      { line: 14, reason: 'malformed_row', field: 'Data_Quality_Level', value: 'lev25', detail: 'Data_Quality_Level: expected lev10, lev15 or lev20, got "lev25"', site: null, time: at },
      { line: 15, reason: 'malformed_row', field: 'AERONET_Site_Name', value: '', detail: 'AERONET_Site_Name: expected a site name, got ""', site: null, time: at },
      { line: 16, reason: 'malformed_row', field: 'Site_Latitude(Degrees)', value: 'N/A', detail: 'Site_Latitude(Degrees): expected a number or -999, got "N/A"', site: 'Dakar', time: at },
    ]); // prettier-ignore
    assert.ok(result.quarantine.every((record) => record.source === result.path));
  });

  test('site of quarantined rows not listed', async () => {
    const text = lines(
      ...downloadToolHeader(),
      allPointsRow({ site: 'Dakar' }),
      allPointsRow({ site: 'Ilorin', columns: { AOD_500nm: 'x' } }),
    );

    const result = await readBoth('sites.lev20', text);

    assert.deepEqual(result.table.siteNames, ['Dakar']);
  });
});
