import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';

import { Command } from 'commander';

import {
  formatSites,
  listSites,
  registerSitesCommand,
  type SitesOptions,
} from '../../src/cli/sites-command.ts';
import { BadInputError } from '../../src/errors.ts';
import { SAMPLE_SITES, formatSiteList } from '../../src/ingest/sample/index.ts';
import { tempDir } from '../support/paths.ts';
import { configRejection } from '../support/config-rejection.ts';

let dir: string;
let catalog: string;

before(async () => {
  dir = await tempDir('aodflow-sites-');
  catalog = join(dir, 'sites.txt');
  await writeFile(catalog, formatSiteList(SAMPLE_SITES));
});

after(() => rm(dir, { recursive: true, force: true }));

async function names(options: Record<string, string>): Promise<string[]> {
  const { sites } = await listSites({ catalog, maxAgeDays: '7', ...options });
  return sites.map((site) => site.name);
}

describe('aodflow sites', () => {
  test('filters by box, country, region, name', async () => {
    assert.deepEqual(await names({ bbox: '-30,20,-10,35' }), ['Mongu', 'Skukuza']);
    assert.deepEqual(await names({ country: 'ZM' }), ['Mongu']);
    assert.deepEqual(await names({ region: 'Western Africa' }), [
      'Banizoumbou',
      'Dakar',
      'IER_Cinzana',
      'Ilorin',
    ]);
    assert.deepEqual(await names({ name: 'i*' }), ['IER_Cinzana', 'Ilorin']);
  });

  test('filters given together all apply', async () => {
    assert.deepEqual(await names({ region: 'Western Africa', bbox: '10,-20,20,0' }), [
      'Dakar',
      'IER_Cinzana',
    ]);
  });

  test('listing carries country and region', async () => {
    const { sites, notice } = await listSites({ catalog, maxAgeDays: '7', name: 'Skukuza' });

    assert.equal(notice, null);
    assert.deepEqual(sites, [
      {
        name: 'Skukuza',
        country: 'South Africa',
        countryCode: 'ZA',
        region: 'Southern Africa',
        latitude: -24.9917,
        longitude: 31.5875,
        elevation: 265,
      },
    ]);
  });

  test('table aligned with a count', () => {
    const text = formatSites([
      {
        name: 'Dakar',
        country: 'Senegal',
        countryCode: 'SN',
        region: 'Western Africa',
        latitude: 14.394167,
        longitude: -16.958611,
        elevation: 21,
      },
      {
        name: 'Mauna_Loa',
        country: null,
        countryCode: null,
        region: null,
        latitude: 19.536006,
        longitude: -155.576755,
        elevation: 3402,
      },
    ]);

    assert.equal(
      text,
      'name       country      lat        lon  elevation_m\n' +
        'Dakar      Senegal  14.3942   -16.9586           21\n' +
        'Mauna_Loa  -        19.5360  -155.5768         3402\n' +
        '2 sites\n',
    );
  });

  test('empty selection says so', () => {
    assert.equal(formatSites([]), 'no site matches; widen the filters or drop one\n');
  });

  test('unknown country rejected', async () => {
    await assert.rejects(listSites({ catalog, maxAgeDays: '7', country: 'Narnia' }), {
      name: 'BadInputError',
      code: 'AOD_CONFIG_INVALID',
    });
  });

  test('JSON through the command line', async () => {
    const program = new Command('aodflow').exitOverride();
    const written: string[] = [];
    const notes: string[] = [];
    registerSitesCommand(program, {
      stdout: (text) => written.push(text),
      stderr: (text) => notes.push(text),
    });

    await program.parseAsync(['sites', '--catalog', catalog, '--country', 'Kenya', '--json'], {
      from: 'user',
    });

    assert.deepEqual(notes, []);
    assert.deepEqual(JSON.parse(written.join('')), [
      {
        name: 'Nairobi',
        country: 'Kenya',
        countryCode: 'KE',
        region: 'Eastern Africa',
        latitude: -1.338882,
        longitude: 36.8653,
        elevation: 1650,
      },
    ]);
  });
});

// A site list path that does not exist: reading it first would fail with AOD_INPUT_NOT_FOUND.
async function missingCatalog(): Promise<SitesOptions> {
  return { catalog: join(await tempDir(), 'missing-site-list.txt'), maxAgeDays: '7' };
}

describe('aodflow sites filters', () => {
  it('rejects a country before reading', async () => {
    await assert.rejects(
      listSites({ ...(await missingCatalog()), country: 'Narnia' }),
      configRejection(
        '--country: expected an ISO 3166 country name or code of Africa or its neighbours, ' +
          'got "Narnia"',
      ),
    );
  });

  it('rejects a box before reading', async () => {
    await assert.rejects(
      listSites({ ...(await missingCatalog()), bbox: '10,20' }),
      configRejection(
        '--bbox: expected "S,W,N,E" in decimal degrees or one of AFRICA, got "10,20"',
      ),
    );
  });

  it('rejects a region before reading', async () => {
    await assert.rejects(
      listSites({ ...(await missingCatalog()), region: 'Atlantis' }),
      (error: unknown) => {
        assert.ok(error instanceof BadInputError);
        assert.equal(error.code, 'AOD_CONFIG_INVALID');
        assert.match(error.message, /^--region: expected one of Africa, Sub-Saharan Africa, /);
        assert.match(error.message, /, got "Atlantis"$/);
        return true;
      },
    );
  });

  it('reads the list for valid filters', async () => {
    await assert.rejects(listSites({ ...(await missingCatalog()), country: 'Senegal' }), {
      name: 'NotFoundError',
      code: 'AOD_INPUT_NOT_FOUND',
    });
  });
});
