/**
 * Writes aodflow's bundled sample data: SYNTHETIC AERONET Version 3 Level 2.0 All Points files
 * for a handful of real African AERONET sites, plus a matching site list.
 *
 * The values are generated, not measured. They follow published monthly climatologies of AOD,
 * Angstrom exponent and water vapour at each site, with day-to-day log-normal variability,
 * real solar geometry, cloud gaps and instrument swaps. They exist so aodflow can be tried
 * offline, end to end, on files in exactly the real format. They are not for science.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { BadInputError } from '../../errors.ts';
import { allPointsHeaderLines, formatAllPointsRow } from './all-points-layout.ts';
import { SAMPLE_SITES, type SampleSite } from './sample-sites.ts';
import { simulateSite } from './simulate-site.ts';
import { SITE_CLIMATOLOGY } from './site-climatology.ts';

/** The statement that goes with every copy of the sample data. */
export const SAMPLE_NOTICE =
  'Synthetic data: aodflow generated these AERONET-format files from published AOD ' +
  'climatologies of African AERONET sites, for trying aodflow offline. They are not ' +
  'measurements and must not be used for science.';

export interface SampleOptions {
  /** Seed of the random generator, an integer in [0, 2^32). Default 1. */
  seed?: number;
  /** First day, `YYYY-MM-DD` (UTC). Default `2023-01-01`. */
  from?: string;
  /** Last day, `YYYY-MM-DD` (UTC), included. Default `2024-12-31`. */
  to?: string;
  /** AERONET names of the sites to write, each one of `SAMPLE_SITES`. Default all of them. */
  sites?: readonly string[];
}

export interface SampleResult {
  /** Paths of the `.lev20` files written, one per site, in `SAMPLE_SITES` order. */
  files: string[];
  /** Path of the site list written next to them. */
  siteListFile: string;
  /** Data rows written over all files. */
  rows: number;
  /** Names of the sites written. */
  sites: string[];
}

/** Name of the site list file, laid out like AERONET's aeronet_locations_v3.txt. */
export const SAMPLE_SITE_LIST_NAME = 'aeronet_locations_v3_sample.txt';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Writes one `YYYYMMDD_YYYYMMDD_<Site>.lev20` file per site and the site list into `outDir`,
 * creating it if needed. The same options always give byte-identical files.
 *
 * @throws BadInputError (AOD_CONFIG_INVALID) for a malformed date, seed or empty site list,
 *   and (AOD_SITE_UNKNOWN) for a site that is not a sample site.
 */
export async function writeSampleFiles(
  outDir: string,
  options: SampleOptions = {},
): Promise<SampleResult> {
  const seed = validSeed(options.seed ?? 1);
  const from = options.from ?? '2023-01-01';
  const to = options.to ?? '2024-12-31';
  const firstDayMs = parseDay('from', from);
  const lastDayMs = parseDay('to', to);
  if (lastDayMs < firstDayMs) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `sample date range: expected from <= to, got from ${from} and to ${to}`,
    );
  }
  const sites = selectSites(options.sites);

  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  let rows = 0;
  const rangeLabel = `${compactDay(firstDayMs)}_${compactDay(lastDayMs)}`;
  for (const site of sites) {
    const climatology = SITE_CLIMATOLOGY[site.name];
    if (climatology === undefined) throw new Error(`no climatology for sample site ${site.name}`);

    const observations = simulateSite(site, climatology, firstDayMs, lastDayMs, seed);
    const lines = allPointsHeaderLines(site.name);
    for (const observation of observations) lines.push(formatAllPointsRow(site, observation));

    const file = join(outDir, `${rangeLabel}_${site.name}.lev20`);
    await writeFile(file, `${lines.join('\n')}\n`);
    files.push(file);
    rows += observations.length;
  }

  const siteListFile = join(outDir, SAMPLE_SITE_LIST_NAME);
  await writeFile(siteListFile, formatSiteList(sites));
  return { files, siteListFile, rows, sites: sites.map((site) => site.name) };
}

/**
 * Formats sites in the layout of aeronet_locations_v3.txt: a banner line, a header, then
 * `name,longitude,latitude,elevation` rows (longitude first). The banner carries the generation
 * date of the AERONET list the coordinates were copied from (13 Dec 2024), not today's date,
 * so the file stays byte-identical between runs.
 */
export function formatSiteList(sites: readonly SampleSite[]): string {
  const lines = [
    'AERONET_Database_Site_List,Num=2,Date_Generated=13:12:2024',
    'Site_Name,Longitude(decimal_degrees),Latitude(decimal_degrees),Elevation(meters)',
    ...sites.map((site) =>
      [site.name, site.longitude, site.latitude, site.elevation]
        .map((value) => (typeof value === 'number' ? value.toFixed(6) : value))
        .join(','),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function selectSites(names: readonly string[] | undefined): SampleSite[] {
  if (names === undefined) return [...SAMPLE_SITES];
  if (names.length === 0) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      'sample sites: expected at least one site, got none',
    );
  }

  for (const name of names) {
    if (SAMPLE_SITES.some((site) => site.name === name)) continue;
    const known = SAMPLE_SITES.map((site) => site.name).join(', ');
    throw new BadInputError(
      'AOD_SITE_UNKNOWN',
      `sample sites: "${name}" is not a sample site; expected one of ${known}`,
    );
  }
  return SAMPLE_SITES.filter((site) => names.includes(site.name));
}

function validSeed(seed: number): number {
  if (Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32) return seed;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `sample seed: expected an integer from 0 to 4294967295, got ${seed}`,
  );
}

function parseDay(option: string, text: string): number {
  const match = DATE_PATTERN.exec(text);
  const [year, month, day] = (match?.slice(1) ?? []).map(Number);
  if (year !== undefined && month !== undefined && day !== undefined) {
    const date = new Date(Date.UTC(year, month - 1, day));
    date.setUTCFullYear(year); // Date.UTC maps years 0-99 to 1900-1999.
    const sameDay = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    if (sameDay) return date.getTime();
  }

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `sample ${option} date: expected a calendar date as YYYY-MM-DD, got "${text}"`,
  );
}

function compactDay(dayMs: number): string {
  return new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '');
}
