import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { isoTime, type ObservationTable } from '../../src/observation.ts';
import { readAeronetFile, type ReadResult } from '../../src/ingest/read-aeronet-file.ts';
import { REAL_DATA_DIR, realDataAvailable } from '../support/paths.ts';
import { ALL_POINTS_COLUMNS } from './aeronet-fixtures.ts';
import { columnsOf } from './table-columns.ts';

const SAO_PAULO = '20190101_20191231_Sao_Paulo.lev20';
const SP_EACH = '20190101_20191231_SP-EACH.lev20';
const TURLOCK = '20230101_20241231_Turlock_CA_USA.lev15';
const MAUNA_LOA = 'aeronet-AOD15-example.txt';
const RETRIEVED_AT = '2026-01-02T03:04:05.000Z';

function realFile(name: string): string {
  return join(REAL_DATA_DIR, name);
}

async function readReal(name: string, options = {}): Promise<ReadResult> {
  return readAeronetFile(realFile(name), { retrievedAt: RETRIEVED_AT, ...options });
}

function rowAt(table: ObservationTable, i: number) {
  return {
    site: table.siteNames[table.site[i]!],
    time: isoTime(table.time[i]!),
    level: table.level[i],
    latitude: table.latitude[i],
    longitude: table.longitude[i],
    elevation: table.elevation[i],
    instrument: table.instrument[i],
    line: table.line[i],
    aod_1640: table.values.aod_1640[i],
    aod_870: table.values.aod_870[i],
    aod_500: table.values.aod_500[i],
    aod_440: table.values.aod_440[i],
    precipitable_water: table.values.precipitable_water[i],
    angstrom_440_870: table.values.angstrom_440_870[i],
    solar_zenith_angle: table.values.solar_zenith_angle[i],
  };
}

describe('readAeronetFile on the real AERONET files', () => {
  test('row counts of each file', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const counts: Record<string, number> = {};
    for (const name of [SAO_PAULO, SP_EACH, TURLOCK, MAUNA_LOA]) {
      const result = await readReal(name);
      assert.equal(result.quarantine.length, 0, name);
      assert.equal(result.rowsRead, result.table.length, name);
      counts[name] = result.table.length;
    }

    assert.deepEqual(counts, {
      [SAO_PAULO]: 722,
      [SP_EACH]: 144,
      [TURLOCK]: 446,
      [MAUNA_LOA]: 562,
    });
    assert.equal(
      Object.values(counts).reduce((sum, rows) => sum + rows, 0),
      1874,
    );
  });

  test('Sao Paulo cells and header', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { table, header, warnings } = await readReal(SAO_PAULO);

    assert.deepEqual(
      { ...header, columnNames: header.columnNames.length },
      {
        version: 3,
        level: 20,
        product: 'all_points',
        headerLine: 7,
        columns: 113,
        webService: false,
        siteFromPreamble: 'Sao_Paulo',
        html: false,
        columnNames: 113,
      },
    );
    assert.deepEqual(header.columnNames, ALL_POINTS_COLUMNS);
    assert.deepEqual(warnings, []);
    assert.deepEqual(table.siteNames, ['Sao_Paulo']);
    assert.deepEqual(rowAt(table, 0), {
      site: 'Sao_Paulo',
      time: '2019-01-01T09:40:09.000Z',
      level: 20,
      latitude: -23.5615,
      longitude: -46.734983,
      elevation: 786,
      instrument: 196,
      line: 8,
      aod_1640: NaN,
      aod_870: 0.095154,
      aod_500: 0.217702,
      aod_440: 0.252863,
      precipitable_water: 2.307398,
      angstrom_440_870: 1.450629,
      solar_zenith_angle: 74.53542,
    });
    assert.equal(isoTime(table.time[721]!), '2019-05-31T10:48:40.000Z');
    assert.equal(table.line[721], 729);
  });

  test('lineage of the file', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { table } = await readReal(SP_EACH);

    assert.deepEqual(table.sources, [
      {
        uri: realFile(SP_EACH),
        kind: 'file',
        // `xxhsum -H3` of the file prints 43bd6e20e884e573.
        contentHash: 'xxh3:43bd6e20e884e573',
        retrievedAt: RETRIEVED_AT,
        product: 'all_points',
        level: 20,
      },
    ]);
    assert.deepEqual([...new Set(table.source)], [0]);
  });

  test('Daily Averages file of Turlock', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { table, header } = await readReal(TURLOCK);

    assert.equal(header.product, 'daily');
    assert.equal(header.level, 15);
    assert.equal(header.columns, 81);
    assert.equal(header.siteFromPreamble, 'Turlock_CA_USA');
    assert.deepEqual(rowAt(table, 0), {
      site: 'Turlock_CA_USA',
      time: '2023-05-31T12:00:00.000Z',
      level: 15,
      latitude: 37.52387,
      longitude: -120.85586,
      elevation: 40,
      instrument: 967,
      line: 8,
      aod_1640: 0.057693,
      aod_870: 0.087336,
      aod_500: 0.136788,
      aod_440: 0.157536,
      precipitable_water: 2.210916,
      angstrom_440_870: 0.872144,
      solar_zenith_angle: NaN,
    });
    assert.ok(table.values.solar_zenith_angle.every(Number.isNaN));
    assert.ok(table.time.every((seconds) => seconds % 86400 === 43200));
  });

  test('web-service response of Mauna Loa', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { table, header } = await readReal(MAUNA_LOA);

    assert.equal(header.webService, true);
    assert.equal(header.headerLine, 6);
    assert.equal(header.columns, 114);
    assert.equal(header.siteFromPreamble, null);
    assert.equal(header.level, 15);
    assert.deepEqual(table.siteNames, ['Mauna_Loa']);
    assert.deepEqual(rowAt(table, 0), {
      site: 'Mauna_Loa',
      time: '2000-06-01T16:25:37.000Z',
      level: 15,
      latitude: 19.536006,
      longitude: -155.576755,
      elevation: 3402,
      instrument: 37,
      line: 7,
      aod_1640: NaN,
      aod_870: 0.008133,
      aod_500: 0.011728,
      aod_440: 0.013175,
      precipitable_water: 0.149333,
      angstrom_440_870: 0.695596,
      solar_zenith_angle: 81.458076,
    });
  });

  test('small negative AODs kept as values', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { table } = await readReal(MAUNA_LOA);
    const negatives = [];
    for (const name of ['aod_870', 'aod_675'] as const) {
      for (let i = 0; i < table.length; i++) {
        if (table.values[name][i]! < 0)
          negatives.push([table.line[i], name, table.values[name][i]]);
      }
    }

    assert.deepEqual(negatives, [
      [112, 'aod_870', -0.00283],
      [113, 'aod_870', -0.003879],
      [373, 'aod_870', -0.004297],
      [112, 'aod_675', -0.002679],
      [113, 'aod_675', -0.000136],
      [373, 'aod_675', -0.001709],
    ]);
  });
});

describe('worker threads and the simple path', () => {
  for (const workers of [1, 2, 5]) {
    test(`same tables with ${workers} workers`, async (t) => {
      if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

      for (const name of [SAO_PAULO, SP_EACH, TURLOCK, MAUNA_LOA]) {
        const simple = await readReal(name, { workers: 0 });
        // Small chunks put many line ends on chunk and range boundaries.
        const threaded = await readReal(name, { workers, workerMinBytes: 0, chunkBytes: 1000 });

        assert.deepEqual(columnsOf(threaded.table), columnsOf(simple.table), name);
        assert.deepEqual(threaded.quarantine, simple.quarantine, name);
        assert.deepEqual(threaded.header, simple.header, name);
        assert.equal(threaded.table.sources[0]!.contentHash, simple.table.sources[0]!.contentHash);
      }
    });
  }

  test('numbers equal parseFloat of their text', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    for (const name of [SAO_PAULO, SP_EACH, TURLOCK, MAUNA_LOA]) {
      const { table, header } = await readReal(name, { workers: 2, workerMinBytes: 0 });
      const text = await readFile(realFile(name), 'utf8');
      const rows = text.trimEnd().split('\n').slice(header.headerLine);
      const index = (column: string) => header.columnNames.indexOf(column);
      const checks = [
        [table.values.aod_500, index('AOD_500nm')],
        [table.values.aod_870, index('AOD_870nm')],
        [table.values.angstrom_440_870, index('440-870_Angstrom_Exponent')],
        [table.latitude, index('Site_Latitude(Degrees)')],
        [table.elevation, index('Site_Elevation(m)')],
      ] as const;

      rows.forEach((row, i) => {
        const fields = row.split(',');
        for (const [column, at] of checks) {
          const expected = Number.parseFloat(fields[at]!);
          assert.equal(column[i], expected <= -999 ? NaN : expected, `${name} line ${i + 8}`);
        }
      });
    }
  });
});
