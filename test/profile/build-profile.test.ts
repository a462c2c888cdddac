import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AodflowError } from '../../src/errors.ts';
import { buildProfile, type ProfileSummary } from '../../src/profile/build-profile.ts';
import { describe } from '../../src/profile/describe.ts';
import { makeSyntheticCleanTable } from './fixtures.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let root: string;
let outDir: string;
let summary: ProfileSummary;
const table = makeSyntheticCleanTable({ rows: 4000, sites: 3, seed: 5 });
// One repeated (site, time) pair, which the overview must count.
table.time[1] = table.time[0]!;
table.site[1] = table.site[0]!;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'aodflow-profile-'));
  outDir = join(root, 'profile');
  summary = await buildProfile(table, {
    outDir,
    title: 'Sahel sample profile',
    runId: 'run-42',
    synthetic: true,
    cleaning: { rowsRead: 4010, negativeAodRemoved: 10 },
    dataVersion: '0f3a9c',
  });
});

after(() => rmSync(root, { recursive: true, force: true }));

/** Returns the width and height from a PNG's IHDR chunk after checking its signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  assert.equal(bytes.toString('latin1', bytes.length - 8, bytes.length - 4), 'IEND');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('profile writes report, summary and charts', () => {
  assert.ok(existsSync(join(outDir, 'report.html')));
  assert.ok(existsSync(join(outDir, 'summary.json')));
  assert.deepEqual(
    summary.charts.map((chart) => chart.file),
    [
      'charts/histogram-aod_440.png',
      'charts/histogram-aod_500.png',
      'charts/histogram-aod_550.png',
      'charts/histogram-aod_675.png',
      'charts/histogram-aod_870.png',
      'charts/histogram-aod_1020.png',
      'charts/histogram-angstrom_440_870.png',
      'charts/histogram-precipitable_water.png',
      'charts/histogram-solar_zenith_angle.png',
      'charts/correlation.png',
      'charts/time-series-aod_550.png',
      'charts/climatology-aod_550.png',
    ],
  );
});

test('chart files are valid PNGs', () => {
  for (const chart of summary.charts) {
    const bytes = readFileSync(join(outDir, chart.file));
    const size = pngSize(bytes);

    assert.ok(bytes.length > 1000, `${chart.file}: ${bytes.length} bytes`);
    assert.equal(size.width, 2 * chart.width, `${chart.file} width`);
    assert.equal(size.height, 2 * chart.height, `${chart.file} height`);
  }
});

test('report references no external resources', () => {
  const html = readFileSync(join(outDir, 'report.html'), 'utf8');
  const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]!);

  assert.equal(references.filter((ref) => ref.startsWith('data:image/png;base64,')).length, 12);
  assert.deepEqual(
    references.filter((ref) => !ref.startsWith('data:') && !ref.startsWith('#')),
    [],
  );
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /<script|<link|@import|url\(/i);
});

test('report shows overview facts', () => {
  const html = readFileSync(join(outDir, 'report.html'), 'utf8');

  assert.match(html, /<title>Sahel sample profile<\/title>/);
  assert.match(html, /Run run-42/);
  assert.match(html, /Synthetic sample data: these observations were generated/);
  assert.match(html, /<td>rowsRead<\/td><td class="num">4,010<\/td>/);
  assert.match(html, /<td>negativeAodRemoved<\/td><td class="num">10<\/td>/);
  assert.match(html, /<th scope="row">Data version \(fingerprint\)<\/th><td>0f3a9c<\/td>/);
  assert.match(html, /The table has 1 duplicate \(site, time\) row \(0\.0 %\)/);
});

test('summary.json holds the returned statistics', () => {
  const written = JSON.parse(readFileSync(join(outDir, 'summary.json'), 'utf8')) as ProfileSummary;

  assert.deepEqual(written, JSON.parse(JSON.stringify(summary)));
  assert.equal(written.overview.rows, 4000);
  assert.equal(written.overview.duplicateRows, 1);
  assert.equal(written.synthetic, true);
  assert.deepEqual(written.cleaning, { rowsRead: 4010, negativeAodRemoved: 10 });
  assert.deepEqual(Object.keys(written.variables), [
    'aod_440',
    'aod_500',
    'aod_550',
    'aod_675',
    'aod_870',
    'aod_1020',
    'angstrom_440_870',
    'precipitable_water',
    'solar_zenith_angle',
  ]);
  assert.deepEqual(written.variables.aod_550, {
    label: 'AOD at 550 nm (derived)',
    ...describe(table.aod550),
  });
  assert.equal(written.emptyMeasurements.length, 7);
});

test('report without options has no banner', async () => {
  const plainDir = join(root, 'plain');
  const plain = await buildProfile(makeSyntheticCleanTable({ rows: 200, sites: 1 }), {
    outDir: plainDir,
  });
  const html = readFileSync(join(plainDir, 'report.html'), 'utf8');

  assert.equal(plain.title, 'AERONET AOD profile');
  assert.equal(plain.synthetic, false);
  assert.equal(plain.cleaning, null);
  assert.doesNotMatch(html, /class="banner"/);
  assert.doesNotMatch(html, /<h3>Cleaning<\/h3>/);
});

test('profile rejects an empty table', async () => {
  const empty = makeSyntheticCleanTable({ rows: 0 });

  await assert.rejects(buildProfile(empty, { outDir: join(root, 'empty') }), (error: unknown) => {
    assert.ok(error instanceof AodflowError);
    assert.equal(error.code, 'AOD_NO_ROWS');
    assert.equal(error.message, 'profile: expected at least one observation, got 0 rows');
    return true;
  });
  assert.equal(existsSync(join(root, 'empty')), false);
});

test('many sites split into chart pages', async () => {
  const manySites = makeSyntheticCleanTable({ rows: 3000, sites: 3, seed: 7 });
  manySites.siteNames = Array.from(
    { length: 30 },
    (_, i) => `Site${String(i + 1).padStart(2, '0')}`,
  );
  for (let i = 0; i < manySites.length; i++) manySites.site[i] = i % 30;

  const paged = await buildProfile(manySites, { outDir: join(root, 'paged') });
  const siteCharts = paged.charts
    .filter((chart) => chart.section === 'time-series' || chart.section === 'climatology')
    .map((chart) => [chart.file, chart.title]);

  assert.deepEqual(siteCharts, [
    [
      'charts/time-series-aod_550-1.png',
      'AOD at 550 nm (derived) per site over time (sites 1 to 15 of 30)',
    ],
    [
      'charts/time-series-aod_550-2.png',
      'AOD at 550 nm (derived) per site over time (sites 16 to 30 of 30)',
    ],
    [
      'charts/climatology-aod_550-1.png',
      'AOD at 550 nm (derived) by calendar month per site (sites 1 to 15 of 30)',
    ],
    [
      'charts/climatology-aod_550-2.png',
      'AOD at 550 nm (derived) by calendar month per site (sites 16 to 30 of 30)',
    ],
  ]);
  assert.equal(existsSync(join(root, 'paged', 'charts', 'time-series-aod_550-2.png')), true);
});
