/**
 * Clean tables for model tests: built from literal rows, or synthetic with known
 * coefficients, plus a CSV writer for comparisons with scikit-learn.
 */
import { writeFile } from 'node:fs/promises';

import type { CleanTable } from '../../src/clean/clean-table.ts';
import { createObservationTable, internName, isoTime } from '../../src/observation.ts';
import { seasonalAngle, dayOfYearUtc } from '../../src/model/day-of-year.ts';

export interface FixtureRow {
  site: string;
  /** ISO 8601 UTC time. */
  time: string;
  aod550: number;
  aod500?: number;
  precipitableWater: number;
  angstrom: number;
  latitude?: number;
  longitude?: number;
  elevation?: number;
}

/** Builds a CleanTable from rows, which must be in time order. */
export function cleanTableOf(rows: FixtureRow[]): CleanTable {
  const table = createObservationTable(rows.length);
  const siteIndex = new Map<string, number>();
  rows.forEach((row, i) => {
    table.site[i] = internName(siteIndex, table.siteNames, row.site);
    table.time[i] = Date.parse(row.time) / 1000;
    table.level[i] = 20;
    table.latitude[i] = row.latitude ?? 13.5;
    table.longitude[i] = row.longitude ?? 2.6;
    table.elevation[i] = row.elevation ?? 220;
    for (const values of Object.values(table.values)) values[i] = NaN;
    table.values.aod_500[i] = row.aod500 ?? row.aod550 * 1.1;
    table.values.precipitable_water[i] = row.precipitableWater;
    table.values.angstrom_440_870[i] = row.angstrom;
    table.line[i] = i + 1;
  });
  table.length = rows.length;
  return {
    ...table,
    aod550: Float64Array.from(rows, (row) => row.aod550),
    aod550SourceNm: new Uint16Array(rows.length).fill(500),
  };
}

/**
 * 25 rows of one site over one week of January 2019: ten a day on 2 and 3 January, then one a
 * day to the 8th. The 20 training rows (the earliest 80 %) fall on two days, so doy_sin and
 * doy_cos take two values each and are collinear there.
 */
export function oneWeekRows(): FixtureRow[] {
  return Array.from({ length: 25 }, (_, i) => {
    let day = i - 16;
    if (i < 20) day = 3;
    if (i < 10) day = 2;
    return {
      site: 'Dakar',
      time: new Date(Date.UTC(2019, 0, day, 8 + (i % 10))).toISOString(),
      aod550: 0.3 + 0.05 * ((i * 7) % 5),
      precipitableWater: 1 + ((i * 3) % 11) / 4,
      angstrom: 0.2 + ((i * 5) % 13) / 10,
    };
  });
}

/** Small deterministic generator (mulberry32), so fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  sites: number;
  rows: number;
  /** Standard deviation of the Gaussian noise added to log(aod550); 0 for an exact fit. */
  noise: number;
  seed?: number;
  /** When true, each row's latitude is jittered, so latitude becomes a feature. */
  varyingLatitude?: boolean;
}

export interface SyntheticModel {
  intercept: number;
  /** By feature name: `site_<name>` and the numeric features. */
  coefficients: Record<string, number>;
}

/**
 * Builds a synthetic clean table whose log(aod550) follows `model` exactly (plus noise). Site names
 * are `Site000`, `Site001`, ...; Site000 is the baseline and appears in the first rows.
 */
export function syntheticTable(options: SyntheticOptions): {
  table: CleanTable;
  model: SyntheticModel;
} {
  const random = seededRandom(options.seed ?? 1);
  const names = Array.from(
    { length: options.sites },
    (_, i) => `Site${String(i).padStart(3, '0')}`,
  );
  const coefficients: Record<string, number> = {
    doy_sin: 0.3,
    doy_cos: -0.2,
    precipitable_water: 0.15,
    angstrom_440_870: -0.6,
  };
  if (options.varyingLatitude) coefficients.latitude = 0.02;
  names.slice(1).forEach((name, i) => (coefficients[`site_${name}`] = ((i % 7) - 3) * 0.1));
  const model = { intercept: -1.4, coefficients };

  const table = createObservationTable(options.rows);
  table.siteNames = names.slice();
  const start = Date.parse('2015-01-01T00:00:00Z') / 1000;
  const step = (3 * 365 * 86_400) / options.rows;
  const aod550 = new Float64Array(options.rows);
  for (let i = 0; i < options.rows; i++) {
    const site = i < options.sites ? i : Math.floor(random() * options.sites);
    const time = start + Math.floor(i * step);
    const latitude = -30 + site * 0.3 + (options.varyingLatitude ? random() - 0.5 : 0);
    const water = 0.2 + 4 * random();
    const angstrom = -0.2 + 2 * random();
    const angle = seasonalAngle(dayOfYearUtc(time));

    let log = model.intercept + (coefficients[`site_${names[site]}`] ?? 0);
    log += coefficients.doy_sin! * Math.sin(angle) + coefficients.doy_cos! * Math.cos(angle);
    log += coefficients.precipitable_water! * water + coefficients.angstrom_440_870! * angstrom;
    if (options.varyingLatitude) log += coefficients.latitude! * latitude;
    log += options.noise * gaussian(random);

    table.site[i] = site;
    table.time[i] = time;
    table.level[i] = 20;
    table.latitude[i] = latitude;
    table.longitude[i] = 10 + site * 0.2;
    table.elevation[i] = 100 + site * 7;
    for (const values of Object.values(table.values)) values[i] = NaN;
    aod550[i] = Math.exp(log);
    table.values.aod_500[i] = aod550[i]! * 1.1;
    table.values.precipitable_water[i] = water;
    table.values.angstrom_440_870[i] = angstrom;
    table.line[i] = i + 1;
  }
  table.length = options.rows;
  const clean = { ...table, aod550, aod550SourceNm: new Uint16Array(options.rows).fill(500) };
  return { table: clean, model };
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Writes the columns the model reads as CSV; NaN is written as an empty cell. */
export async function writeTableCsv(path: string, table: CleanTable): Promise<void> {
  const cell = (value: number) => (Number.isNaN(value) ? '' : String(value));
  const lines = [
    'site,time,aod_550,aod_500,precipitable_water,angstrom_440_870,latitude,longitude,elevation',
  ];
  for (let i = 0; i < table.length; i++) {
    lines.push(
      [
        table.siteNames[table.site[i]!],
        isoTime(table.time[i]!),
        cell(table.aod550[i]!),
        cell(table.values.aod_500[i]!),
        cell(table.values.precipitable_water[i]!),
        cell(table.values.angstrom_440_870[i]!),
        cell(table.latitude[i]!),
        cell(table.longitude[i]!),
        cell(table.elevation[i]!),
      ].join(','),
    );
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}
