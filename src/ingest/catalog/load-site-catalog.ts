/**
 * Loads the AERONET site list: from a fresh cached copy, else by download (kept in the cache
 * with its download time), else from a stale cached copy, else from the bundled sample sites.
 * Every fallback is reported in `notice`, so a caller can say which list it is using. A site
 * list given to `aodflow run` is installed as the cached copy (`installSiteList`).
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import { BadInputError, describeError } from '../../errors.ts';
import { silentLogger, type Logger } from '../../logger.ts';
import { tempPathFor, writeFileAtomic } from '../../store/atomic-file.ts';
import { SAMPLE_SITES } from '../sample/index.ts';
import { SITE_LIST_BANNER, readSiteCatalog, type SiteCatalog } from '../site-catalog.ts';
import { SiteCatalogIndex } from './site-catalog-index.ts';

/** URL of the current AERONET site list. */
export const DEFAULT_SITE_LIST_URL = 'https://aeronet.gsfc.nasa.gov/aeronet_locations_v3.txt';
/** Path of the site list on the AERONET server, the same on a mirror of it. */
const SITE_LIST_PATH = '/aeronet_locations_v3.txt';
/** File name of the cached site list inside the cache folder. */
export const CACHED_SITE_LIST = 'aeronet_locations_v3.txt';
const CACHE_META = 'aeronet_locations_v3.meta.json';
const DAY_MS = 86_400_000;

export interface LoadSiteCatalogOptions {
  /** Folder of the cached site list; created when missing. */
  cacheDir: string;
  /** Site list URL. @default https://aeronet.gsfc.nasa.gov/aeronet_locations_v3.txt */
  url?: string;
  /** Age in days below which the cached list is used without a download. @default 7 */
  maxAgeDays?: number;
  /** Never download: use the cached list of any age, else the sample sites. @default false */
  offline?: boolean;
  /** Time limit of the download, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** HTTP client, injected by tests. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Current time in milliseconds since the epoch, injected by tests. @default Date.now */
  clock?: () => number;
  logger?: Logger;
}

export interface LoadedSiteCatalog {
  index: SiteCatalogIndex;
  catalog: SiteCatalog;
  /** `download`: fetched now; `cache`: the cached copy; `sample`: the bundled sample sites. */
  origin: 'download' | 'cache' | 'sample';
  /** ISO 8601 time the list was downloaded; null for the sample sites. */
  downloadedAt: string | null;
  /** Path of the cached list; null for the sample sites. */
  path: string | null;
  /** A sentence for a person when a stale copy or the sample sites stand in; else null. */
  notice: string | null;
}

interface CacheMeta {
  url: string;
  downloadedAt: string;
  generatedOn: string;
  sites: number;
}

interface CachedList {
  catalog: SiteCatalog;
  meta: CacheMeta;
  ageDays: number;
}

/**
 * Returns the site list URL: $AODFLOW_SITE_LIST_URL, else the site list path on the server of
 * a chosen web service URL (`serviceUrl`, else $AODFLOW_AERONET_URL), so that a mirror or a
 * local stand-in serves both, else the NASA GSFC list.
 * @throws BadInputError (AOD_CONFIG_INVALID) when the URL is not http or https.
 */
export function resolveSiteListUrl(serviceUrl?: string, env = process.env): string {
  const explicit = nonBlank(env.AODFLOW_SITE_LIST_URL);
  if (explicit !== undefined) return requireHttpUrl('AODFLOW_SITE_LIST_URL', explicit);

  const service = nonBlank(serviceUrl) ?? nonBlank(env.AODFLOW_AERONET_URL);
  if (service === undefined) return DEFAULT_SITE_LIST_URL;
  return new URL(SITE_LIST_PATH, requireHttpUrl('AERONET service URL', service)).href;
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function requireHttpUrl(label: string, url: string): string {
  if (URL.canParse(url) && /^https?:$/.test(new URL(url).protocol)) return url;
  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${label}: expected an http or https URL, got "${url}"`,
  );
}

/** Returns the AERONET site list with its origin; see the file comment for the order tried. */
export async function loadSiteCatalog(options: LoadSiteCatalogOptions): Promise<LoadedSiteCatalog> {
  const clock = options.clock ?? Date.now;
  const maxAgeDays = options.maxAgeDays ?? 7;
  const logger = options.logger ?? silentLogger;
  const path = join(options.cacheDir, CACHED_SITE_LIST);

  const cached = await readCache(options.cacheDir, clock(), logger);
  if (cached !== null && (options.offline === true || cached.ageDays < maxAgeDays)) {
    const stale = cached.ageDays >= maxAgeDays;
    const notice = stale ? `offline: ${describeCache(cached)} is used as it is` : null;
    return fromCache(cached, path, notice);
  }
  if (options.offline === true) {
    return fromSample(`offline and no cached AERONET site list in ${options.cacheDir}`);
  }

  const url = options.url ?? DEFAULT_SITE_LIST_URL;
  try {
    const catalog = await downloadSiteList(url, options, clock);
    const downloadedAt = new Date(clock()).toISOString();
    logger.info({ url, sites: catalog.sites.length, downloadedAt }, 'site list downloaded');
    return {
      index: new SiteCatalogIndex(catalog),
      catalog,
      origin: 'download',
      downloadedAt,
      path,
      notice: null,
    };
  } catch (error) {
    logger.warn({ url, err: describeError(error) }, 'site list download failed');
    const reason = `downloading ${url} failed (${describeError(error)})`;
    if (cached !== null)
      return fromCache(cached, path, `${reason}; ${describeCache(cached)} is used`);
    return fromSample(reason);
  }
}

/** Returns the bundled sample sites as a site list, dated like the AERONET list they come from. */
export function sampleSiteCatalog(): SiteCatalog {
  return {
    generatedOn: '2024-12-13',
    sites: SAMPLE_SITES.map(({ name, latitude, longitude, elevation }) => ({
      name,
      latitude,
      longitude,
      elevation,
    })),
  };
}

/** Returns an index of the bundled sample sites that messages call `the 8 bundled sample sites`. */
export function sampleSiteIndex(): SiteCatalogIndex {
  const catalog = sampleSiteCatalog();
  return new SiteCatalogIndex(catalog, `the ${catalog.sites.length} bundled sample sites`);
}

async function downloadSiteList(
  url: string,
  options: LoadSiteCatalogOptions,
  clock: () => number,
): Promise<SiteCatalog> {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const response = await fetchFn(url, {
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  if (!response.ok) {
    throw new Error(`expected HTTP 200, got ${response.status} ${response.statusText}`.trim());
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  const head = new TextDecoder().decode(bytes.subarray(0, 200)).replace(/^\uFEFF/, '');
  if (!head.startsWith(SITE_LIST_BANNER)) {
    const firstLine = head.split('\n')[0]!;
    const excerpt = firstLine.length > 80 ? `${firstLine.slice(0, 80)}...` : firstLine;
    throw new Error(`expected a site list starting "${SITE_LIST_BANNER}", got "${excerpt}"`);
  }

  // The list is parsed before it replaces the cached copy, so a broken download never does.
  await mkdir(options.cacheDir, { recursive: true });
  const temp = tempPathFor(join(options.cacheDir, CACHED_SITE_LIST));
  try {
    await writeFile(temp, bytes);
    const catalog = await readSiteCatalog(temp);
    await writeCache(options.cacheDir, bytes, catalog, { url, downloadedAt: clock() });
    return catalog;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Makes the site list file `file` the cached list of `cacheDir`, dated `now`, so later commands
 * use it for the usual maximum age instead of downloading one. The file is parsed first, so a
 * broken file never replaces the cached list. Returns the parsed list.
 */
export async function installSiteList(
  file: string,
  cacheDir: string,
  now = Date.now(),
): Promise<SiteCatalog> {
  const catalog = await readSiteCatalog(file);
  const bytes = await readFile(file);

  await mkdir(cacheDir, { recursive: true });
  await writeCache(cacheDir, bytes, catalog, {
    url: pathToFileURL(resolve(file)).href,
    downloadedAt: now,
  });
  return catalog;
}

/** Returns the generation date of the cached list in `cacheDir`, or null without a usable one. */
export async function cachedSiteListDate(cacheDir: string): Promise<string | null> {
  const cached = await readCache(cacheDir, Date.now(), silentLogger);
  return cached?.meta.generatedOn ?? null;
}

/** Replaces the cached list and its metadata, each file atomically. */
async function writeCache(
  cacheDir: string,
  bytes: Uint8Array,
  catalog: SiteCatalog,
  origin: { url: string; downloadedAt: number },
): Promise<void> {
  const meta: CacheMeta = {
    url: origin.url,
    downloadedAt: new Date(origin.downloadedAt).toISOString(),
    generatedOn: catalog.generatedOn,
    sites: catalog.sites.length,
  };
  await writeFileAtomic(join(cacheDir, CACHED_SITE_LIST), bytes);
  await writeFileAtomic(join(cacheDir, CACHE_META), `${JSON.stringify(meta, null, 2)}\n`);
}

async function readCache(
  cacheDir: string,
  now: number,
  logger: Logger,
): Promise<CachedList | null> {
  let metaText: string;
  try {
    metaText = await readFile(join(cacheDir, CACHE_META), 'utf8');
  } catch {
    return null;
  }

  try {
    const meta = JSON.parse(metaText) as CacheMeta;
    const downloadedMs = Date.parse(meta.downloadedAt);
    if (Number.isNaN(downloadedMs)) throw new Error(`invalid downloadedAt "${meta.downloadedAt}"`);
    const catalog = await readSiteCatalog(join(cacheDir, CACHED_SITE_LIST));
    return { catalog, meta, ageDays: (now - downloadedMs) / DAY_MS };
  } catch (error) {
    logger.warn({ cacheDir, err: describeError(error) }, 'cached site list unreadable, ignored');
    return null;
  }
}

function fromCache(cached: CachedList, path: string, notice: string | null): LoadedSiteCatalog {
  return {
    index: new SiteCatalogIndex(cached.catalog),
    catalog: cached.catalog,
    origin: 'cache',
    downloadedAt: cached.meta.downloadedAt,
    path,
    notice,
  };
}

function fromSample(reason: string): LoadedSiteCatalog {
  const index = sampleSiteIndex();
  const catalog = index.catalog;
  const names = catalog.sites.map((site) => site.name).join(', ');
  return {
    index,
    catalog,
    origin: 'sample',
    downloadedAt: null,
    path: null,
    notice:
      `${reason}; using ${index.description} (${names}), ` +
      'so other AERONET site names are reported as unknown',
  };
}

function describeCache({ meta, ageDays }: CachedList): string {
  const days = Math.floor(ageDays);
  return (
    `the cached site list downloaded ${meta.downloadedAt.slice(0, 10)} ` +
    `(${days} day${days === 1 ? '' : 's'} old, generated ${meta.generatedOn})`
  );
}
