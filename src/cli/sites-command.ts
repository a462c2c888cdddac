import type { Command } from 'commander';

import { BadInputError } from '../errors.ts';
import { parseBoundingBox } from '../ingest/catalog/bounding-box.ts';
import { countriesInRegion, findCountry } from '../ingest/catalog/countries.ts';
import { loadSiteCatalog, resolveSiteListUrl } from '../ingest/catalog/load-site-catalog.ts';
import { SiteCatalogIndex } from '../ingest/catalog/site-catalog-index.ts';
import { readSiteCatalog, type CatalogSite } from '../ingest/site-catalog.ts';
import { dataDirLayout, resolveDataDir } from '../store/data-dir.ts';
import { forOption } from './parse-options.ts';

export interface SitesOptions {
  bbox?: string;
  country?: string;
  region?: string;
  name?: string;
  catalog?: string;
  offline?: boolean;
  serviceUrl?: string;
  dataDir?: string;
  maxAgeDays: string;
  json?: boolean;
}

/** One line of the site listing. */
export interface SiteListing {
  name: string;
  /** English short name of the country; null outside Africa and its neighbours. */
  country: string | null;
  /** ISO 3166-1 alpha-2 code. */
  countryCode: string | null;
  /** UN M49 sub-region. */
  region: string | null;
  latitude: number;
  longitude: number;
  /** Metres above sea level. */
  elevation: number;
}

/** Output streams of the command; tests pass their own. */
export interface CommandOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const PROCESS_OUTPUT: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function registerSitesCommand(program: Command, output = PROCESS_OUTPUT): void {
  program
    .command('sites')
    .description('list AERONET sites with their country, coordinates and elevation')
    .option('--bbox <box>', 'sites inside S,W,N,E (decimal degrees) or a named box: AFRICA')
    .option('--country <name>', 'sites of a country, by English name or ISO 3166 code')
    .option('--region <name>', 'sites of a UN M49 region, e.g. "Western Africa", or Africa')
    .option('--name <pattern>', 'sites whose name contains PATTERN, or matches it with * and ?')
    .option('--catalog <file>', 'read this AERONET site list file instead of the cached one')
    .option('--offline', 'never download the site list: use the cached copy or the sample sites')
    .option(
      '--service-url <url>',
      'AERONET server to download the site list from (default: $AODFLOW_AERONET_URL or NASA ' +
        'GSFC); $AODFLOW_SITE_LIST_URL names the list itself',
    )
    .option('-d, --data-dir <dir>', 'store folder with the cached list (default ./.aodflow)')
    .option('--max-age-days <n>', 'days before the cached site list is downloaded again', '7')
    .option('--json', 'print JSON')
    .action(async (options: SitesOptions) => {
      const { sites, notice } = await listSites(options);
      if (notice !== null) output.stderr(`aodflow: note: ${notice}\n`);
      output.stdout(options.json ? `${JSON.stringify(sites, null, 2)}\n` : formatSites(sites));
    });
}

/** Selects the sites the options ask for; filters given together must all match. */
export async function listSites(
  options: SitesOptions,
): Promise<{ sites: SiteListing[]; notice: string | null }> {
  // The filters are checked before the site list is read or downloaded.
  const box =
    options.bbox === undefined
      ? undefined
      : forOption('--bbox', () => parseBoundingBox(options.bbox!));
  if (options.country !== undefined) forOption('--country', () => findCountry(options.country!));
  if (options.region !== undefined) {
    forOption('--region', () => countriesInRegion(options.region!));
  }

  const { index, notice } = await openCatalog(options);
  const selections: CatalogSite[][] = [];
  if (box !== undefined) selections.push(index.inBox(box));
  if (options.country !== undefined) selections.push(index.inCountry(options.country));
  if (options.region !== undefined) selections.push(index.inRegion(options.region));
  if (options.name !== undefined) selections.push(index.matching(options.name));

  const chosen = selections.reduce<readonly CatalogSite[]>((remaining, selection) => {
    const members = new Set(selection);
    return remaining.filter((site) => members.has(site));
  }, index.sites);
  return { sites: chosen.map((site) => toListing(index, site)), notice };
}

/** Formats sites as an aligned table with a count line. */
export function formatSites(sites: SiteListing[]): string {
  if (sites.length === 0) return 'no site matches; widen the filters or drop one\n';

  const rows = sites.map((site) => [
    site.name,
    site.country ?? '-',
    site.latitude.toFixed(4),
    site.longitude.toFixed(4),
    site.elevation.toFixed(0),
  ]);
  const header = ['name', 'country', 'lat', 'lon', 'elevation_m'];
  const widths = header.map((title, c) =>
    Math.max(title.length, ...rows.map((row) => row[c]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  const count = `${sites.length} site${sites.length === 1 ? '' : 's'}`;
  return `${[line(header), ...rows.map(line), count].join('\n')}\n`;
}

async function openCatalog(options: SitesOptions) {
  if (options.catalog !== undefined) {
    return { index: new SiteCatalogIndex(await readSiteCatalog(options.catalog)), notice: null };
  }

  const maxAgeDays = Number(options.maxAgeDays);
  if (!(maxAgeDays >= 0)) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `--max-age-days: expected a number of days of at least 0, got "${options.maxAgeDays}"`,
    );
  }
  const url = resolveSiteListUrl(options.serviceUrl);
  // Fallbacks reach the user as the notice, so the loader's own log stays off.
  const dataDir = await resolveDataDir(options.dataDir);
  return loadSiteCatalog({
    cacheDir: dataDirLayout(dataDir).catalog,
    url,
    offline: options.offline === true,
    maxAgeDays,
  });
}

function toListing(index: SiteCatalogIndex, site: CatalogSite): SiteListing {
  const found = index.countryOf(site);
  return {
    name: site.name,
    country: found?.country.name ?? null,
    countryCode: found?.country.code ?? null,
    region: found?.country.region ?? null,
    latitude: site.latitude,
    longitude: site.longitude,
    elevation: site.elevation,
  };
}
