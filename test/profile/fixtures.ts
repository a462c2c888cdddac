/** Synthetic clean tables for profile tests: seeded, sorted by time, with gaps and seasons. */
import type { CleanTable } from '../../src/clean/clean-table.ts';
import { createObservationTable } from '../../src/observation.ts';

export interface SyntheticTableOptions {
  rows: number;
  /** Number of sites, up to the 12 named below. @default 3 */
  sites?: number;
  /** Seed of the pseudo-random generator. @default 1 */
  seed?: number;
  /** Days the observations span, starting 2018-01-01. @default 730 */
  days?: number;
  /** Share of rows without AOD at 1020 nm, the most often missing wavelength here. @default 0.08 */
  missing1020?: number;
}

const SITES = [
  { name: 'Banizoumbou', latitude: 13.541, longitude: 2.665, elevation: 250 },
  { name: 'Dakar', latitude: 14.68, longitude: -17.44, elevation: 20 },
  { name: 'Ilorin', latitude: 8.32, longitude: 4.34, elevation: 350 },
  { name: 'Skukuza', latitude: -24.992, longitude: 31.587, elevation: 150 },
  { name: 'Mongu', latitude: -15.254, longitude: 23.151, elevation: 1107 },
  { name: 'Cairo_EMA_2', latitude: 30.081, longitude: 31.29, elevation: 70 },
  { name: 'Tamanrasset_INM', latitude: 22.79, longitude: 5.53, elevation: 1377 },
  { name: 'Nairobi', latitude: -1.27, longitude: 36.8, elevation: 1650 },
  { name: 'Cinzana', latitude: 13.278, longitude: -5.934, elevation: 285 },
  { name: 'Pretoria_CSIR-DPSS', latitude: -25.757, longitude: 28.28, elevation: 1449 },
  { name: 'Zinder_Airport', latitude: 13.777, longitude: 8.99, elevation: 456 },
  { name: 'Mbour', latitude: 14.394, longitude: -16.959, elevation: 7 },
];

const START = Date.UTC(2018, 0, 1) / 1000;

/** Returns a seeded Mulberry32 generator, so a fixture is the same on every run. */
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

function normal(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Makes a CleanTable whose AOD follows a seasonal log-normal law per site and the Ångström
 * power law across wavelengths. AOD at 440 and 1020 nm are missing in some rows, AOD at
 * 550 nm is derived from 500 nm, and the measurements not generated here stay NaN.
 */
export function makeSyntheticCleanTable(options: SyntheticTableOptions): CleanTable {
  const random = seededRandom(options.seed ?? 1);
  const siteCount = Math.min(options.sites ?? 3, SITES.length);
  const spanSeconds = (options.days ?? 730) * 86_400;
  const missing1020 = options.missing1020 ?? 0.08;

  const base = createObservationTable(options.rows);
  base.length = options.rows;
  base.siteNames = SITES.slice(0, siteCount).map((s) => s.name);
  for (const name of Object.keys(base.values) as (keyof typeof base.values)[]) {
    base.values[name].fill(NaN);
  }
  const table: CleanTable = {
    ...base,
    aod550: new Float64Array(options.rows),
    aod550SourceNm: new Uint16Array(options.rows),
  };

  for (let i = 0; i < options.rows; i++) {
    const site = i % siteCount;
    const place = SITES[site]!;
    const time = START + Math.floor((i / options.rows) * spanSeconds);
    const season = Math.sin((2 * Math.PI * (time - START)) / (365.25 * 86_400) + site);

    table.site[i] = site;
    table.time[i] = time;
    table.level[i] = 20;
    table.latitude[i] = place.latitude;
    table.longitude[i] = place.longitude;
    table.elevation[i] = place.elevation;
    table.instrument[i] = 300 + site;
    table.line[i] = i + 1;

    const aod500 = Math.exp(Math.log(0.25 + 0.05 * site) + 0.5 * season + 0.45 * normal(random));
    const alpha = Math.min(2.2, Math.max(-0.1, 0.9 - 0.4 * season + 0.3 * normal(random)));
    const aodAt = (nm: number) => aod500 * (nm / 500) ** -alpha * (1 + 0.01 * normal(random));
    const v = table.values;
    v.aod_500[i] = aod500;
    v.aod_440[i] = random() < 0.02 ? NaN : aodAt(440);
    v.aod_675[i] = aodAt(675);
    v.aod_870[i] = aodAt(870);
    v.aod_1020[i] = random() < missing1020 ? NaN : aodAt(1020);
    v.angstrom_440_870[i] = alpha + 0.02 * normal(random);
    v.precipitable_water[i] = Math.max(0.05, 2 + 1.2 * season + 0.4 * normal(random));
    v.solar_zenith_angle[i] = 15 + 60 * random();

    // Angstrom power law from 500 nm, as the clean stage derives it.
    table.aod550[i] = aod500 * (550 / 500) ** -alpha;
    table.aod550SourceNm[i] = 500;
  }
  return table;
}

/**
 * Columns of `rows` values (at least 8) that probe the corner cases of pandas' statistics: values
 * far from zero, a constant, too few values for std, skewness or kurtosis, none at all, ties,
 * and a column whose values lie on a line with another.
 */
export function edgeCaseColumns(rows: number, seed = 7): Record<string, Float64Array> {
  const random = seededRandom(seed);
  const column = (fill: (i: number) => number) =>
    Float64Array.from({ length: rows }, (_, i) => fill(i));

  return {
    far_from_zero: column(() => 1e6 + normal(random) * 1e-3),
    constant: column((i) => (i % 5 === 0 ? NaN : 0.25)),
    one_value: column((i) => (i === 3 ? 0.7 : NaN)),
    two_values: column((i) => (i < 2 ? 0.1 * (i + 1) : NaN)),
    three_values: column((i) => (i < 3 ? [0.2, 0.9, 0.4][i]! : NaN)),
    four_values: column((i) => (i < 4 ? [0.2, 0.9, 0.4, 0.35][i]! : NaN)),
    no_values: column(() => NaN),
    ties: column(() => Math.floor(random() * 4)),
    linear: column((i) => (i % 3 === 0 ? NaN : 3 - 2 * i)),
    heavy_tail: column(() => Math.exp(2 * normal(random))),
  };
}
