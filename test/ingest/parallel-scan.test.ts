import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { after, describe, test } from 'node:test';

import { readFileHeader } from '../../src/ingest/file-header.ts';
import { scanAndHash } from '../../src/ingest/parallel-scan.ts';
import { readAeronetFile } from '../../src/ingest/read-aeronet-file.ts';
import { TextLineSplitter } from '../../src/ingest/text-lines.ts';
import {
  allPointsRow,
  downloadToolHeader,
  writeFixture,
  removeFixtures,
} from './aeronet-fixtures.ts';
import { columnsOf } from './table-columns.ts';

// Rows of several sites and days, with a few bad rows among them.
function manyRows(count: number): string[] {
  const sites = ['Dakar', 'Ilorin', 'Banizoumbou', 'Skukuza'];
  return Array.from({ length: count }, (_, i) => {
    const day = String((i % 28) + 1).padStart(2, '0');
    const second = String(i % 60).padStart(2, '0');
    const aod = (0.05 + (i % 997) / 1000).toFixed(6);
    const row = allPointsRow({
      date: `${day}:03:2021`,
      time: `10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${second}`,
      site: sites[Math.floor(i / 50) % sites.length],
      columns: { AOD_500nm: aod },
    });
    return i % 1000 === 999 ? row.replace(',lev20,', ',lev99,') : row;
  });
}

after(removeFixtures);
describe('scanAndHash', () => {
  test('spill columns when estimates fall short', async () => {
    const text = [...downloadToolHeader(), ...manyRows(3000)].join('\n') + '\n';
    const path = await writeFixture('spill.lev20', text);
    const bytes = new TextEncoder().encode(text);
    const { header, layout } = readFileHeader(new TextLineSplitter(false).push(bytes), path, false);
    const dataStart = text.indexOf('\n', text.indexOf('Date(')) + 1;

    // A huge mean row length gives each chunk room for 64 rows only.
    const { rows: scanned, hash } = await scanAndHash({
      path,
      dataStart,
      size: bytes.length,
      layout,
      headerLine: header.headerLine,
      workers: 3,
      chunkBytes: 100_000,
      rowBytes: 1e9,
    });
    const simple = await readAeronetFile(path, { workers: 0 });

    assert.equal(scanned.rows, 2997);
    assert.equal(hash, simple.table.sources[0]!.contentHash);
    assert.deepEqual(scanned.siteNames, simple.table.siteNames);
    assert.deepEqual([...scanned.columns.line], [...simple.table.line]);
    assert.deepEqual([...scanned.columns.time], [...simple.table.time]);
    assert.deepEqual([...scanned.columns.site], [...simple.table.site]);
    assert.deepEqual([...scanned.columns.numbers[4]!], [...simple.table.values.aod_500]);
    assert.deepEqual(
      scanned.quarantine.map((record) => record.line),
      [1007, 2007, 3007],
    );
  });

  test('large file read by workers by default', async () => {
    const text = [...downloadToolHeader(), ...manyRows(9000)].join('\n') + '\n';
    const path = await writeFixture('large.lev20', text);
    assert.ok((await stat(path)).size > 8 * 1024 * 1024);

    const threaded = await readAeronetFile(path);
    const simple = await readAeronetFile(path, { workers: 0 });

    assert.ok(threaded.table.time.buffer instanceof SharedArrayBuffer);
    assert.ok(!(simple.table.time.buffer instanceof SharedArrayBuffer));
    assert.equal(threaded.table.length, 8991);
    assert.equal(threaded.rowsRead, 9000);
    assert.deepEqual(columnsOf(threaded.table), columnsOf(simple.table));
    assert.deepEqual(threaded.quarantine, simple.quarantine);
  });

  test('line over 8 MiB quarantined unread', async () => {
    const header = downloadToolHeader();
    const text = `${[...header, allPointsRow(), 'x'.repeat(9 * 1024 * 1024), allPointsRow()].join('\n')}\n`;
    const path = await writeFixture('overlong.lev20', text);

    const simple = await readAeronetFile(path, { workers: 0 });
    const threaded = await readAeronetFile(path, { workers: 2, workerMinBytes: 0 });

    assert.deepEqual([...simple.table.line], [8, 10]);
    assert.deepEqual(columnsOf(threaded.table), columnsOf(simple.table));
    assert.deepEqual(threaded.quarantine, simple.quarantine);
    assert.deepEqual(
      simple.quarantine.map(({ line, reason, detail }) => ({ line, reason, detail })),
      [
        {
          line: 9,
          reason: 'malformed_row',
          detail: 'expected a line of at most 8388608 bytes, got a longer one',
        },
      ],
    );
  });

  test('number in the last column before CRLF', async () => {
    const columns = [
      'Date(dd:mm:yyyy)',
      'Time(hh:mm:ss)',
      'Data_Quality_Level',
      'AERONET_Site_Name',
      'Site_Latitude(Degrees)',
      'Site_Longitude(Degrees)',
      'Site_Elevation(m)',
      'AOD_500nm',
    ];
    const rows = [
      '01:02:2020,10:00:00,lev15,Dakar,14.394,-16.959,0,0.2',
      '01:02:2020,11:00:00,lev15,Dakar,14.394,-16.959,0,-999.',
    ];
    const text = ['AERONET Version 3;', columns.join(','), ...rows]
      .map((line) => `${line}\r\n`)
      .join('');
    const path = await writeFixture('minimal.lev15', text);

    const simple = await readAeronetFile(path, { workers: 0 });
    const threaded = await readAeronetFile(path, { workers: 2, workerMinBytes: 0, chunkBytes: 64 });

    assert.equal(simple.header.level, 15);
    assert.deepEqual([...simple.table.values.aod_500], [0.2, NaN]);
    assert.deepEqual([...simple.table.values.aod_440], [NaN, NaN]);
    assert.deepEqual(columnsOf(threaded.table), columnsOf(simple.table));
    assert.deepEqual(threaded.quarantine, []);
  });
});
