import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { BadInputError } from '../../src/errors.ts';
import {
  SAMPLE_NOTICE,
  SAMPLE_SITES,
  writeSampleFiles,
  type SampleResult,
} from '../../src/ingest/sample/index.ts';
import { ALL_POINTS_COLUMNS } from '../../src/ingest/sample/all-points-layout.ts';
import { angstromExponent } from '../../src/ingest/sample/spectral-aod.ts';
import { opticalAirMass, solarZenithAngle } from '../../src/ingest/sample/solar-geometry.ts';
import { REAL_DATA_DIR, realDataAvailable, tempDir } from '../support/paths.ts';

const HEADER_LINES = [
  'AERONET Version 3; ',
  'Version 3: AOD Level 2.0',
  'The following data are automatically cloud cleared and quality assured with pre-field ' +
    'and post-field calibration applied.',
  'Contact: PI=Synthetic_sample_generated_by_aodflow_not_AERONET_measurements; PI Email=none',
  'All Points,UNITS can be found at,,, https://aeronet.gsfc.nasa.gov/new_web/units.html',
];
const REAL_ALL_POINTS = '20190101_20191231_Sao_Paulo.lev20';

/** Column positions of an All Points file (0-based), as laid out in the column header. */
const COLUMN = {
  date: 0,
  time: 1,
  dayOfYear: 2,
  dayFraction: 3,
  aod: { 1640: 4, 1020: 5, 870: 6, 675: 9, 500: 18, 440: 21, 380: 24, 340: 25 },
  water: 26,
  angstrom440to870: 64,
  angstromPolar: 69,
  quality: 70,
  instrument: 71,
  site: 72,
  latitude: 73,
  longitude: 74,
  elevation: 75,
  zenith: 76,
  airMass: 77,
  wavelengthCount: 82,
  exact: { 1640: 83, 1020: 84, 870: 85, 675: 88, 500: 97, 440: 100, 380: 103, 340: 104 },
  exactWater: 105,
} as const;
const NOMINAL_NM = [1640, 1020, 870, 675, 500, 440, 380, 340] as const;
const ANGSTROM_RANGES = [
  [440, 870],
  [380, 500],
  [440, 675],
  [500, 870],
  [340, 440],
] as const;

/** Temporary folders made by this file, removed when it finishes. */
const createdDirs: string[] = [];

async function freshDir(): Promise<string> {
  const dir = await tempDir('aodflow-sample-');
  createdDirs.push(dir);
  return dir;
}

after(async () => {
  await Promise.all(createdDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A parsed data row: every field as text and as a number, missing values as NaN. */
interface Row {
  text: string[];
  value: number[];
}

/** Parses an All Points file with a deliberately tiny parser, independent of aodflow's reader. */
function parseAllPoints(content: string): { header: string[]; columns: string[]; rows: Row[] } {
  const lines = content.split('\n');
  assert.equal(lines.pop(), '', 'file ends with a newline');
  const columnLine = lines.findIndex((line) => line.startsWith('Date('));
  const rows = lines.slice(columnLine + 1).map((line) => {
    const text = line.split(',');
    const value = text.map((field) => (Number(field) <= -999 ? Number.NaN : Number(field)));
    return { text, value };
  });
  return { header: lines.slice(0, columnLine), columns: lines[columnLine]!.split(','), rows };
}

function field(row: Row, index: number): number {
  return row.value[index] ?? Number.NaN;
}

function monthOf(row: Row): number {
  return Number(row.text[COLUMN.date]!.slice(3, 5));
}

/** Mean of a column over the rows whose month is in `months` (1-12), skipping missing values. */
function seasonalMean(rows: Row[], column: number, months: number[]): number {
  const values = rows
    .filter((row) => months.includes(monthOf(row)))
    .map((row) => field(row, column))
    .filter((value) => !Number.isNaN(value));
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Least-squares Angstrom exponent, written out here independently of the generator. */
function refitAngstrom(row: Row, lowNm: number, highNm: number): number {
  const points = NOMINAL_NM.filter((nm) => nm >= lowNm && nm <= highNm)
    .map((nm) => [field(row, COLUMN.exact[nm]), field(row, COLUMN.aod[nm])] as const)
    .filter(([wavelength, aod]) => wavelength > 0 && aod > 0)
    .map(([wavelength, aod]) => [Math.log(wavelength), Math.log(aod)] as const);
  if (points.length < 2) return Number.NaN;

  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return -covariance / variance;
}

describe('sample data, default options', () => {
  let outDir = '';
  let result: SampleResult;
  let seconds = 0;
  const contents = new Map<string, string>();
  const parsed = new Map<string, ReturnType<typeof parseAllPoints>>();

  before(async () => {
    outDir = await freshDir();
    const started = performance.now();
    result = await writeSampleFiles(outDir);
    seconds = (performance.now() - started) / 1000;

    for (const file of result.files) {
      const content = await readFile(file, 'utf8');
      const site = content.split('\n')[1]!;
      contents.set(site, content);
      parsed.set(site, parseAllPoints(content));
    }
  });

  function rowsOf(site: string): Row[] {
    const rows = parsed.get(site)?.rows;
    assert.ok(rows, `no file for ${site}`);
    return rows;
  }

  test('writes one file per site', () => {
    assert.equal(result.files.length, SAMPLE_SITES.length);
    assert.deepEqual(
      result.files.map((file) => basename(file)),
      SAMPLE_SITES.map((site) => `20230101_20241231_${site.name}.lev20`),
    );
    assert.deepEqual(
      result.sites,
      SAMPLE_SITES.map((site) => site.name),
    );
  });

  test('row total is in range', (t) => {
    t.diagnostic(`sample data: ${result.rows} rows written in ${seconds.toFixed(2)} s`);
    const counted = [...parsed.values()].reduce((sum, file) => sum + file.rows.length, 0);
    assert.equal(result.rows, counted);
    assert.ok(result.rows >= 20_000, `got ${result.rows} rows`);
    assert.ok(result.rows <= 60_000, `got ${result.rows} rows`);
  });

  test('header lines are exact', () => {
    for (const [site, file] of parsed) {
      assert.deepEqual(file.header, [HEADER_LINES[0], site, ...HEADER_LINES.slice(1)]);
      assert.equal(file.columns.length, 113);
      assert.deepEqual(file.columns, ALL_POINTS_COLUMNS);
    }
  });

  test('column header matches real file', async (t) => {
    const real = join(REAL_DATA_DIR, REAL_ALL_POINTS);
    if (!existsSync(real)) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const realColumns = (await readFile(real, 'utf8')).split('\n')[6];
    for (const content of contents.values()) assert.equal(content.split('\n')[6], realColumns);
  });

  test('every line is well formed', () => {
    for (const [site, content] of contents) {
      assert.ok(!content.includes('\r'), `${site}: no CR`);
      assert.ok(content.endsWith('\n'), `${site}: trailing newline`);
      assert.ok(!content.includes('\n\n'), `${site}: no blank line`);
      assert.ok(!content.startsWith('\ufeff'), `${site}: no BOM`);
      for (const [index, row] of rowsOf(site).entries()) {
        assert.equal(row.text.length, 113, `${site} data row ${index + 1}`);
      }
    }
  });

  test('missing values use AERONET markers', () => {
    for (const site of parsed.keys()) {
      const rows = rowsOf(site);
      const first = rows[0]!.text;
      assert.equal(first[7], '-999.000000', `${site}: AOD_865nm`);
      assert.equal(first[COLUMN.angstromPolar], '-999.000000', `${site}: Polar Angstrom`);
      assert.equal(first[86], '-999.', `${site}: exact wavelength of 865 nm`);
      for (const row of rows) {
        const missingAod = row.text.slice(4, 83).filter((text) => text.startsWith('-999'));
        const missingExact = row.text.slice(83).filter((text) => text.startsWith('-999'));
        assert.ok(missingAod.every((text) => text === '-999.000000'));
        assert.ok(missingExact.every((text) => text === '-999.'));
      }
    }
  });

  test('numbers have six decimals', () => {
    const sixDecimals = /^-?\d+\.\d{6}$/;
    for (const site of parsed.keys()) {
      for (const row of rowsOf(site)) {
        const numeric = [
          ...row.text.slice(3, 70),
          ...row.text.slice(73, 81),
          ...row.text.slice(83),
        ];
        const odd = numeric.filter((text) => text !== '-999.' && !sixDecimals.test(text));
        assert.deepEqual(odd, [], `${site} ${row.text[0]} ${row.text[1]}`);
      }
    }
  });

  test('parsed rows are self-consistent', () => {
    for (const site of SAMPLE_SITES) {
      let previousMs = -Infinity;
      for (const row of rowsOf(site.name)) {
        const [day, month, year] = row.text[COLUMN.date]!.split(':').map(Number);
        const [hours, minutes, seconds] = row.text[COLUMN.time]!.split(':').map(Number);
        const timeMs = Date.UTC(year!, month! - 1, day!, hours, minutes, seconds);
        const dayOfYear = Math.floor((timeMs - Date.UTC(year!, 0, 1)) / 86_400_000) + 1;
        const secondsOfDay = hours! * 3600 + minutes! * 60 + seconds!;
        const where = `${site.name} ${row.text[0]} ${row.text[1]}`;

        assert.ok(timeMs > previousMs, `${where}: chronological`);
        previousMs = timeMs;
        assert.equal(field(row, COLUMN.dayOfYear), dayOfYear, where);
        assert.ok(
          Math.abs(field(row, COLUMN.dayFraction) - dayOfYear - secondsOfDay / 86_400) < 1e-6,
        );
        assert.equal(row.text[COLUMN.quality], 'lev20');
        assert.match(row.text[COLUMN.instrument]!, /^\d+$/);
        assert.equal(row.text[COLUMN.site], site.name);
        assert.equal(field(row, COLUMN.latitude), site.latitude);
        assert.equal(field(row, COLUMN.longitude), site.longitude);
        assert.equal(field(row, COLUMN.elevation), site.elevation);

        const zenith = field(row, COLUMN.zenith);
        assert.ok(zenith > 0, `${where}: zenith ${zenith}`);
        assert.ok(zenith < 75, `${where}: zenith ${zenith}`);
        assert.ok(Math.abs(field(row, COLUMN.airMass) - opticalAirMass(zenith)) < 2e-6, where);
      }
    }
  });

  test('wavelength count matches columns', () => {
    for (const site of parsed.keys()) {
      for (const row of rowsOf(site)) {
        const exact = row.value.slice(83).filter((value) => !Number.isNaN(value));
        assert.equal(field(row, COLUMN.wavelengthCount), exact.length);
        assert.ok(field(row, COLUMN.exactWater) > 0.93, `${site}: 935 nm channel`);
        assert.ok(field(row, COLUMN.exactWater) < 0.94, `${site}: 935 nm channel`);
        for (const nm of NOMINAL_NM) {
          const hasAod = !Number.isNaN(field(row, COLUMN.aod[nm]));
          const exactWavelength = field(row, COLUMN.exact[nm]);
          assert.equal(!Number.isNaN(exactWavelength), hasAod, `${site} ${nm} nm`);
          if (hasAod) assert.ok(Math.abs(exactWavelength * 1000 - nm) <= 1.5, `${site} ${nm} nm`);
        }
      }
    }
  });

  test('some channels are missing', () => {
    const rows = [...parsed.values()].flatMap((file) => file.rows);
    const missing = (nm: 1640 | 380 | 340) =>
      rows.filter((row) => Number.isNaN(field(row, COLUMN.aod[nm]))).length;
    assert.ok(missing(1640) > rows.length * 0.1, `1640 nm missing in ${missing(1640)} rows`);
    assert.ok(missing(380) > 0, 'some rows lack 380 nm');
    assert.ok(missing(340) > missing(380), '340 nm is lost more often than 380 nm');
    for (const nm of [1020, 870, 675, 500, 440] as const) {
      assert.equal(rows.filter((row) => Number.isNaN(field(row, COLUMN.aod[nm]))).length, 0);
    }
  });

  test('values are physically plausible', () => {
    for (const site of parsed.keys()) {
      for (const row of rowsOf(site)) {
        for (const nm of NOMINAL_NM) {
          const aod = field(row, COLUMN.aod[nm]);
          if (Number.isNaN(aod)) continue;
          assert.ok(aod > -0.01, `${site} AOD ${nm} nm = ${aod}`);
          assert.ok(aod < 5, `${site} AOD ${nm} nm = ${aod}`);
        }
        const water = field(row, COLUMN.water);
        assert.ok(water > 0, `${site} precipitable water ${water}`);
        assert.ok(water < 7, `${site} precipitable water ${water}`);
        const alpha = field(row, COLUMN.angstrom440to870);
        assert.ok(alpha > -0.5, `${site} alpha ${alpha}`);
        assert.ok(alpha < 2.6, `${site} alpha ${alpha}`);
      }
    }
  });

  test('Angstrom exponents fit written AODs', () => {
    for (const site of parsed.keys()) {
      for (const row of rowsOf(site)) {
        ANGSTROM_RANGES.forEach(([low, high], index) => {
          const written = field(row, COLUMN.angstrom440to870 + index);
          const refitted = refitAngstrom(row, low, high);
          if (Number.isNaN(refitted)) {
            assert.ok(Number.isNaN(written), `${site} ${low}-${high}: expected missing`);
            return;
          }
          assert.ok(Math.abs(written - refitted) < 2e-6, `${site} ${low}-${high} ${row.text[1]}`);
        });
      }
    }
  });

  test('Sahel dust peaks in spring', () => {
    const rows = rowsOf('Banizoumbou');
    const aod500 = COLUMN.aod[500];
    const spring = seasonalMean(rows, aod500, [3, 4, 5]);
    assert.ok(spring > seasonalMean(rows, aod500, [12, 1, 2]), 'spring above Dec-Feb');
    assert.ok(spring > seasonalMean(rows, aod500, [7, 8, 9]), 'spring above Jul-Sep');
    for (const site of ['Banizoumbou', 'Dakar', 'IER_Cinzana']) {
      const alpha = seasonalMean(rowsOf(site), COLUMN.angstrom440to870, [3, 4, 5]);
      assert.ok(alpha < 0.6, `${site} spring alpha ${alpha}`);
    }
  });

  test('southern burning peaks in September', () => {
    for (const site of ['Mongu', 'Skukuza']) {
      const rows = rowsOf(site);
      const september = seasonalMean(rows, COLUMN.aod[500], [9]);
      assert.ok(september > seasonalMean(rows, COLUMN.aod[500], [2]), `${site} Sep above Feb`);
      const alpha = seasonalMean(rows, COLUMN.angstrom440to870, [9]);
      assert.ok(alpha > 1.2, `${site} September alpha ${alpha}`);
    }
  });

  test('Harmattan season is hazier', () => {
    const rows = rowsOf('Ilorin');
    const harmattan = seasonalMean(rows, COLUMN.aod[500], [12, 1, 2]);
    assert.ok(harmattan > seasonalMean(rows, COLUMN.aod[500], [6, 7, 8]));
  });

  test('water vapour peaks in wet season', () => {
    const rows = rowsOf('Banizoumbou');
    const monsoon = seasonalMean(rows, COLUMN.water, [7, 8]);
    assert.ok(monsoon > 2 * seasonalMean(rows, COLUMN.water, [1, 2]));
  });

  test('wet season has fewer points', () => {
    const rows = rowsOf('Banizoumbou');
    const count = (months: number[]) => rows.filter((row) => months.includes(monthOf(row))).length;
    assert.ok(count([7, 8]) < count([1, 2]));
  });

  test('site list matches the sites', async () => {
    const lines = (await readFile(result.siteListFile, 'utf8')).split('\n');
    assert.equal(lines[0], 'AERONET_Database_Site_List,Num=2,Date_Generated=13:12:2024');
    assert.equal(
      lines[1],
      'Site_Name,Longitude(decimal_degrees),Latitude(decimal_degrees),Elevation(meters)',
    );
    assert.deepEqual(
      lines.slice(2, -1),
      SAMPLE_SITES.map(
        (site) =>
          `${site.name},${site.longitude.toFixed(6)},${site.latitude.toFixed(6)},` +
          `${site.elevation.toFixed(6)}`,
      ),
    );
    assert.equal(lines.at(-1), '');
  });

  test('real reader accepts the files', async (t) => {
    const readerPath = join(import.meta.dirname, '../../src/ingest/read-aeronet-file.ts');
    if (!existsSync(readerPath)) return t.skip('src/ingest/read-aeronet-file.ts not present');

    // Imported by path at run time because the reader is optional for this test.
    const reader = (await import(readerPath)) as {
      readAeronetFile: (
        file: string,
      ) => Promise<{ rowsRead: number; quarantine: unknown[]; warnings: string[] }>;
    };
    for (const file of result.files) {
      const site = basename(file).split('_').slice(2).join('_').replace('.lev20', '');
      const read = await reader.readAeronetFile(file);
      assert.equal(read.rowsRead, rowsOf(site).length, `${site}: rows read`);
      assert.deepEqual(read.quarantine, [], `${site}: quarantined rows`);
    }
  });

  test('real catalog reader accepts list', async (t) => {
    const catalogPath = join(import.meta.dirname, '../../src/ingest/site-catalog.ts');
    if (!existsSync(catalogPath)) return t.skip('src/ingest/site-catalog.ts not present');

    const catalogModule = (await import(catalogPath)) as {
      readSiteCatalog: (file: string) => Promise<{ sites: unknown[] }>;
    };
    const catalog = await catalogModule.readSiteCatalog(result.siteListFile);
    assert.equal(catalog.sites.length, SAMPLE_SITES.length);
  });
});

describe('sample data, options', () => {
  const shortRange = { from: '2023-03-01', to: '2023-04-15', sites: ['Mongu', 'Banizoumbou'] };

  test('same seed gives identical bytes', async () => {
    const first = await writeSampleFiles(await freshDir(), shortRange);
    const second = await writeSampleFiles(await freshDir(), shortRange);
    assert.deepEqual(first.sites, ['Banizoumbou', 'Mongu']);
    assert.ok(first.rows > 0);
    for (const [index, file] of first.files.entries()) {
      assert.deepEqual(await readFile(file), await readFile(second.files[index]!));
    }
    assert.deepEqual(await readFile(first.siteListFile), await readFile(second.siteListFile));
  });

  test('other seed gives other data', async () => {
    const first = await writeSampleFiles(await freshDir(), shortRange);
    const other = await writeSampleFiles(await freshDir(), {
      ...shortRange,
      seed: 7,
    });
    assert.notDeepEqual(await readFile(first.files[0]!), await readFile(other.files[0]!));
  });

  test('site data ignore other sites', async () => {
    const both = await writeSampleFiles(await freshDir(), shortRange);
    const alone = await writeSampleFiles(await freshDir(), {
      ...shortRange,
      sites: ['Mongu'],
    });
    assert.deepEqual(await readFile(both.files[1]!), await readFile(alone.files[0]!));
  });

  test('file name carries the range', async () => {
    const written = await writeSampleFiles(await freshDir(), shortRange);
    assert.equal(basename(written.files[0]!), '20230301_20230415_Banizoumbou.lev20');
  });

  test('rejects an unknown site', async () => {
    await assert.rejects(
      writeSampleFiles(await freshDir(), { sites: ['Timbuktu'] }),
      (error: unknown) => {
        assert.ok(error instanceof BadInputError);
        assert.equal(error.code, 'AOD_SITE_UNKNOWN');
        assert.match(error.message, /"Timbuktu" is not a sample site; expected one of Banizoumbou/);
        return true;
      },
    );
  });

  test('rejects malformed dates', async () => {
    const cases = [
      [
        { from: '2023-02-30' },
        'sample from date: expected a calendar date as YYYY-MM-DD, got "2023-02-30"',
      ],
      [
        { to: '31:12:2024' },
        'sample to date: expected a calendar date as YYYY-MM-DD, got "31:12:2024"',
      ],
      [
        { from: '2024-01-02', to: '2024-01-01' },
        'sample date range: expected from <= to, got from 2024-01-02 and to 2024-01-01',
      ],
      [{ seed: -1 }, 'sample seed: expected an integer from 0 to 4294967295, got -1'],
      [{ sites: [] }, 'sample sites: expected at least one site, got none'],
    ] as const;
    for (const [options, message] of cases) {
      await assert.rejects(writeSampleFiles(await freshDir(), options), {
        name: 'BadInputError',
        code: 'AOD_CONFIG_INVALID',
        message,
      });
    }
  });

  test('notice says the data are synthetic', () => {
    assert.match(SAMPLE_NOTICE, /^Synthetic data/);
    assert.match(SAMPLE_NOTICE, /not measurements/);
  });
});

describe('sample data against real AERONET files', () => {
  test('sample sites match the site list', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const list = await readFile(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'), 'utf8');
    const byName = new Map(
      list
        .split('\n')
        .slice(2)
        .map((line) => line.split(','))
        .map(([name, ...numbers]) => [name, numbers.map(Number)] as const),
    );
    assert.ok(SAMPLE_SITES.length >= 6, `${SAMPLE_SITES.length} sample sites`);
    assert.ok(SAMPLE_SITES.length <= 8, `${SAMPLE_SITES.length} sample sites`);
    for (const site of SAMPLE_SITES) {
      assert.deepEqual(byName.get(site.name), [site.longitude, site.latitude, site.elevation]);
    }
  });

  test('air mass formula matches real rows', async (t) => {
    const real = join(REAL_DATA_DIR, REAL_ALL_POINTS);
    if (!existsSync(real)) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { rows } = parseAllPoints(await readFile(real, 'utf8'));
    for (const row of rows) {
      const difference = Math.abs(
        field(row, COLUMN.airMass) - opticalAirMass(field(row, COLUMN.zenith)),
      );
      assert.ok(difference < 2e-4, `${row.text[0]} ${row.text[1]}: off by ${difference}`);
    }
  });

  test('zenith angle matches real rows', async (t) => {
    const real = join(REAL_DATA_DIR, REAL_ALL_POINTS);
    if (!existsSync(real)) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { rows } = parseAllPoints(await readFile(real, 'utf8'));
    for (const row of rows) {
      const [day, month, year] = row.text[COLUMN.date]!.split(':').map(Number);
      const [hours, minutes, seconds] = row.text[COLUMN.time]!.split(':').map(Number);
      const timeMs = Date.UTC(year!, month! - 1, day!, hours, minutes, seconds);
      const latitude = field(row, COLUMN.latitude);
      const longitude = field(row, COLUMN.longitude);
      const computed = solarZenithAngle(timeMs, latitude, longitude);
      const difference = Math.abs(computed - field(row, COLUMN.zenith));
      assert.ok(difference < 0.3, `${row.text[0]} ${row.text[1]}: off by ${difference}`);
    }
  });

  test('Angstrom fit matches real rows', async (t) => {
    const real = join(REAL_DATA_DIR, REAL_ALL_POINTS);
    if (!existsSync(real)) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const { rows } = parseAllPoints(await readFile(real, 'utf8'));
    for (const row of rows) {
      const aod = NOMINAL_NM.map((nm) => field(row, COLUMN.aod[nm]));
      const exact = NOMINAL_NM.map((nm) => field(row, COLUMN.exact[nm]));
      ANGSTROM_RANGES.forEach(([low, high], index) => {
        const written = field(row, COLUMN.angstrom440to870 + index);
        const fitted = angstromExponent(aod, exact, low, high);
        if (Number.isNaN(written)) return;
        assert.ok(
          Math.abs(written - fitted) < 1e-4,
          `${row.text[0]} ${row.text[1]} ${low}-${high}`,
        );
      });
    }
  });
});
