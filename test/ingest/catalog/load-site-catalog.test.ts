import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, test } from 'node:test';

import {
  CACHED_SITE_LIST,
  DEFAULT_SITE_LIST_URL,
  installSiteList,
  loadSiteCatalog,
  resolveSiteListUrl,
  type LoadSiteCatalogOptions,
} from '../../../src/ingest/catalog/load-site-catalog.ts';
import { SAMPLE_SITES, formatSiteList } from '../../../src/ingest/sample/index.ts';
import {
  startAeronetStandIn,
  type AeronetStandIn,
} from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';
import { REAL_DATA_DIR, realDataAvailable, tempDir } from '../../support/paths.ts';

const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-01-02T03:04:05.000Z');
const META = 'aeronet_locations_v3.meta.json';
const SAMPLE_NAMES =
  'Banizoumbou, Dakar, IER_Cinzana, Tamanrasset_INM, Ilorin, Mongu, Skukuza, Nairobi';

let listDir: string;
let standIn: AeronetStandIn;
let cacheDir: string;
let now: number;

before(async () => {
  listDir = await tempDir('aodflow-site-list-');
  const listFile = join(listDir, 'sites.txt');
  await writeFile(listFile, formatSiteList(SAMPLE_SITES.slice(0, 3)));
  standIn = await startAeronetStandIn({ files: [], siteList: listFile });
});

after(async () => {
  await standIn.close();
  await rm(listDir, { recursive: true, force: true });
});

beforeEach(async () => {
  cacheDir = join(await tempDir('aodflow-catalog-'), 'catalog');
  now = START_MS;
  standIn.requests.length = 0;
  standIn.setFaults([]);
});

function load(options: Partial<LoadSiteCatalogOptions> = {}) {
  return loadSiteCatalog({ cacheDir, url: standIn.siteListUrl, clock: () => now, ...options });
}

describe('loadSiteCatalog', () => {
  test('downloads and caches the list', async () => {
    const loaded = await load();

    assert.equal(loaded.origin, 'download');
    assert.equal(loaded.notice, null);
    assert.equal(loaded.downloadedAt, '2026-01-02T03:04:05.000Z');
    assert.equal(loaded.path, join(cacheDir, CACHED_SITE_LIST));
    assert.deepEqual(
      loaded.catalog.sites.map((site) => site.name),
      ['Banizoumbou', 'Dakar', 'IER_Cinzana'],
    );
    assert.equal(loaded.index.description, 'the AERONET site list generated 2024-12-13');
    assert.deepEqual(JSON.parse(await readFile(join(cacheDir, META), 'utf8')), {
      url: standIn.siteListUrl,
      downloadedAt: '2026-01-02T03:04:05.000Z',
      generatedOn: '2024-12-13',
      sites: 3,
    });
    assert.equal(
      await readFile(join(cacheDir, CACHED_SITE_LIST), 'utf8'),
      formatSiteList(SAMPLE_SITES.slice(0, 3)),
    );
    assert.equal(standIn.requests.length, 1);
  });

  test('fresh cache reused', async () => {
    await load();
    now += 6 * DAY_MS;

    const loaded = await load();

    assert.equal(loaded.origin, 'cache');
    assert.equal(loaded.notice, null);
    assert.equal(loaded.downloadedAt, '2026-01-02T03:04:05.000Z');
    assert.equal(loaded.catalog.sites.length, 3);
    assert.equal(standIn.requests.length, 1);
  });

  test('stale cache downloaded again', async () => {
    await load();
    now += 8 * DAY_MS;

    const loaded = await load();

    assert.equal(loaded.origin, 'download');
    assert.equal(loaded.downloadedAt, '2026-01-10T03:04:05.000Z');
    assert.equal(standIn.requests.length, 2);
  });

  test('failed download falls back to stale cache', async () => {
    await load();
    now += 10 * DAY_MS;
    standIn.setFaults([{ match: () => true, fault: { kind: 'status', status: 503 } }]);

    const loaded = await load();

    assert.equal(loaded.origin, 'cache');
    assert.equal(
      loaded.notice,
      `downloading ${standIn.siteListUrl} failed (expected HTTP 200, got 503 Service ` +
        'Unavailable); the cached site list downloaded 2026-01-02 (10 days old, generated ' +
        '2024-12-13) is used',
    );
  });

  test('broken download keeps the cache', async () => {
    await load();
    const cached = await readFile(join(cacheDir, CACHED_SITE_LIST), 'utf8');
    now += 10 * DAY_MS;
    standIn.setFaults([{ match: () => true, fault: { kind: 'html-error' } }]);

    const loaded = await load();

    assert.equal(loaded.origin, 'cache');
    assert.equal(
      loaded.notice,
      `downloading ${standIn.siteListUrl} failed (expected a site list starting ` +
        '"AERONET_Database_Site_List", got "<html><head><title>AERONET Data Download Error' +
        '</title></head><body><h2>Error</h2..."); the cached site list downloaded 2026-01-02 ' +
        '(10 days old, generated 2024-12-13) is used',
    );
    assert.equal(await readFile(join(cacheDir, CACHED_SITE_LIST), 'utf8'), cached);
  });

  test('offline without cache uses sample sites', async () => {
    const loaded = await load({ offline: true });

    assert.equal(loaded.origin, 'sample');
    assert.equal(loaded.path, null);
    assert.equal(loaded.downloadedAt, null);
    assert.equal(loaded.catalog.sites.length, 8);
    assert.equal(loaded.index.description, 'the 8 bundled sample sites');
    assert.equal(
      loaded.notice,
      `offline and no cached AERONET site list in ${cacheDir}; using the 8 bundled sample ` +
        `sites (${SAMPLE_NAMES}), so other AERONET site names are reported as unknown`,
    );
    assert.equal(standIn.requests.length, 0);
  });

  test('offline uses stale cache as it is', async () => {
    await load();
    now += 30 * DAY_MS;

    const loaded = await load({ offline: true });

    assert.equal(loaded.origin, 'cache');
    assert.equal(
      loaded.notice,
      'offline: the cached site list downloaded 2026-01-02 (30 days old, generated ' +
        '2024-12-13) is used as it is',
    );
    assert.equal(standIn.requests.length, 1);
  });

  test('unreachable without cache uses sample sites', async () => {
    standIn.setFaults([{ match: () => true, fault: { kind: 'reset' } }]);

    const loaded = await load();

    assert.equal(loaded.origin, 'sample');
    assert.match(
      loaded.notice!,
      /^downloading .+ failed \(fetch failed: [^)]+\); using the 8 bundled/,
    );
  });

  test('unreadable cache metadata ignored', async () => {
    await load();
    await writeFile(join(cacheDir, META), '{ not json');

    const loaded = await load();

    assert.equal(loaded.origin, 'download');
    assert.equal(standIn.requests.length, 2);
  });

  test('real 2024 list through HTTP', async (t) => {
    if (!realDataAvailable()) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);
    const realStandIn = await startAeronetStandIn({
      files: [],
      siteList: join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'),
    });
    try {
      const loaded = await load({ url: realStandIn.siteListUrl });

      assert.equal(loaded.catalog.generatedOn, '2024-12-13');
      assert.equal(loaded.catalog.sites.length, 1624);
      assert.equal(loaded.index.requireSite('Skukuza').elevation, 265);
    } finally {
      await realStandIn.close();
    }
  });
});

describe('installSiteList', () => {
  test('installed list serves without download', async () => {
    const file = join(listDir, 'sites.txt');

    const installed = await installSiteList(file, cacheDir, now);
    const loaded = await load();

    assert.equal(installed.sites.length, 3);
    assert.equal(loaded.origin, 'cache');
    assert.equal(loaded.downloadedAt, '2026-01-02T03:04:05.000Z');
    assert.deepEqual(JSON.parse(await readFile(join(cacheDir, META), 'utf8')), {
      url: pathToFileURL(file).href,
      downloadedAt: '2026-01-02T03:04:05.000Z',
      generatedOn: '2024-12-13',
      sites: 3,
    });
    assert.equal(standIn.requests.length, 0);
  });

  test('broken list leaves cache intact', async () => {
    await load();
    const broken = join(listDir, 'broken.txt');
    await writeFile(broken, '<html>not a site list</html>\n');

    await assert.rejects(installSiteList(broken, cacheDir, now), /broken\.txt/);
    assert.equal(
      await readFile(join(cacheDir, CACHED_SITE_LIST), 'utf8'),
      formatSiteList(SAMPLE_SITES.slice(0, 3)),
    );
  });
});

describe('resolveSiteListUrl', () => {
  test('site list URL variable wins', () => {
    const env = { AODFLOW_SITE_LIST_URL: 'http://127.0.0.1:8080/list.txt' };

    assert.equal(
      resolveSiteListUrl('http://mirror.test/cgi-bin/x', env),
      env.AODFLOW_SITE_LIST_URL,
    );
  });

  test('service URL server serves the list', () => {
    assert.equal(
      resolveSiteListUrl('http://127.0.0.1:9/cgi-bin/print_web_data_v3', {}),
      'http://127.0.0.1:9/aeronet_locations_v3.txt',
    );
    assert.equal(
      resolveSiteListUrl(undefined, { AODFLOW_AERONET_URL: 'https://mirror.test/v3/data' }),
      'https://mirror.test/aeronet_locations_v3.txt',
    );
  });

  test('default is the NASA list', () => {
    assert.equal(
      resolveSiteListUrl(undefined, { AODFLOW_AERONET_URL: ' ' }),
      DEFAULT_SITE_LIST_URL,
    );
  });

  test('rejects a URL that is not http', () => {
    assert.throws(() => resolveSiteListUrl(undefined, { AODFLOW_SITE_LIST_URL: 'ftp://x/y' }), {
      code: 'AOD_CONFIG_INVALID',
      message: 'AODFLOW_SITE_LIST_URL: expected an http or https URL, got "ftp://x/y"',
    });
  });

  test('stand-in serves the list for its service', async () => {
    const loaded = await load({ url: resolveSiteListUrl(standIn.url, {}) });

    assert.equal(loaded.origin, 'download');
    assert.equal(standIn.requests.length, 1);
  });
});
