import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Command } from 'commander';

import { formatSites, listSites, registerSitesCommand } from '../../../src/cli/sites-command.ts';
import { SAMPLE_SITES, formatSiteList } from '../../../src/ingest/sample/index.ts';
import { tempDir } from '../../support/paths.ts';

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
