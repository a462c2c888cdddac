import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { BadInputError } from '../../../src/errors.ts';
import { AFRICA } from '../../../src/ingest/catalog/bounding-box.ts';
import { SiteCatalogIndex, distanceKm } from '../../../src/ingest/catalog/site-catalog-index.ts';
import { SITE_TABLE_AREA } from '../../../src/ingest/catalog/site-countries.ts';
import { readSiteCatalog, type SiteCatalog } from '../../../src/ingest/site-catalog.ts';
import { REAL_DATA_DIR, realDataAvailable } from '../../support/paths.ts';

const SMALL: SiteCatalog = {
  generatedOn: '2024-12-13',
  sites: [
    { name: 'Skukuza', latitude: -24.9917, longitude: 31.5875, elevation: 265 },
    { name: 'SKUKUZA_AEROPORT', latitude: -24.969, longitude: 31.593, elevation: 270 },
    { name: 'Dakar', latitude: 14.394167, longitude: -16.958611, elevation: 21 },
    { name: 'Dakar_Belair', latitude: 14.702, longitude: -17.426, elevation: 10 },
    { name: 'Banizoumbou', latitude: 13.54693, longitude: 2.66519, elevation: 274 },
    // Not in the site table: 3 km from Skukuza, so it takes South Africa.
    { name: 'Skukuza_New', latitude: -25.0, longitude: 31.62, elevation: 260 },
    { name: 'Mauna_Loa', latitude: 19.536006, longitude: -155.576755, elevation: 3402 },
  ],
};

const index = new SiteCatalogIndex(SMALL);

function names(sites: { name: string }[]): string[] {
  return sites.map((site) => site.name);
}

describe('SiteCatalogIndex names', () => {
  test('exact name only', () => {
    assert.equal(index.site('Skukuza')?.elevation, 265);
    assert.equal(index.site('skukuza'), undefined);
  });

  test('unknown site suggests a name', () => {
    assert.throws(
      () => index.requireSite('skukuza'),
      (error: unknown) => {
        assert.ok(error instanceof BadInputError);
        assert.equal(error.code, 'AOD_SITE_UNKNOWN');
        assert.equal(
          error.message,
          'site "skukuza" is not in the AERONET site list generated 2024-12-13 (7 sites); ' +
            'did you mean "Skukuza"? AERONET site names are case-sensitive',
        );
        return true;
      },
    );
  });

  test('unknown site without a close name', () => {
    assert.throws(() => index.requireSite('Timbuktu'), {
      message:
        'site "Timbuktu" is not in the AERONET site list generated 2024-12-13 (7 sites); ' +
        'list the sites with `aodflow sites --name PATTERN`',
    });
  });

  test('name patterns', () => {
    assert.deepEqual(names(index.matching('dakar')), ['Dakar', 'Dakar_Belair']);
    assert.deepEqual(names(index.matching('skukuza*')), [
      'Skukuza',
      'SKUKUZA_AEROPORT',
      'Skukuza_New',
    ]);
    assert.deepEqual(names(index.matching('Dakar_?elair')), ['Dakar_Belair']);
    assert.deepEqual(names(index.matching('a.r')), []);
  });
});

describe('SiteCatalogIndex places', () => {
  test('box includes its edges', () => {
    const box = { south: 13.54693, west: -17.5, north: 15, east: 2.66519 };

    assert.deepEqual(names(index.inBox(box)), ['Dakar', 'Dakar_Belair', 'Banizoumbou']);
  });

  test('country by name or code', () => {
    assert.deepEqual(names(index.inCountry('Senegal')), ['Dakar', 'Dakar_Belair']);
    assert.deepEqual(names(index.inCountry('za')), ['Skukuza', 'SKUKUZA_AEROPORT', 'Skukuza_New']);
    assert.deepEqual(names(index.inCountry('Nigeria')), []);
  });

  test('country sources', () => {
    assert.deepEqual(
      ['Skukuza', 'Skukuza_New', 'Mauna_Loa'].map((name) => {
        const found = index.countryOf(index.site(name)!);
        return found === null ? null : [found.country.code, found.source];
      }),
      [['ZA', 'site_table'], ['ZA', 'nearest_site'], null],
    );
  });

  test('region of Africa', () => {
    assert.deepEqual(names(index.inRegion('Western Africa')), [
      'Dakar',
      'Dakar_Belair',
      'Banizoumbou',
    ]);
    assert.equal(index.inRegion('Africa').length, 6);
  });

  test('distance Dakar to Banizoumbou', () => {
    const km = distanceKm(index.site('Dakar')!, index.site('Banizoumbou')!);

    // 2118.99 km by the same haversine formula computed separately with Python's math module.
    assert.ok(Math.abs(km - 2118.99) < 0.01, `got ${km} km`);
  });
});

describe('SiteCatalogIndex on the real site list', () => {
  let real: SiteCatalogIndex | null = null;
  before(async () => {
    if (!realDataAvailable()) return;
    real = new SiteCatalogIndex(
      await readSiteCatalog(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt')),
    );
  });

  test('every site near Africa has a country', (t) => {
    if (real === null) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    const area = real.inBox(SITE_TABLE_AREA);
    const missing = area.filter((site) => real!.countryOf(site)?.source !== 'site_table');
    assert.equal(area.length, 223);
    assert.deepEqual(names(missing), []);
  });

  test('Africa box and its countries', (t) => {
    if (real === null) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    assert.equal(real.inBox(AFRICA).length, 194);
    assert.equal(real.inRegion('Africa').length, 127);
    assert.deepEqual(names(real.inCountry('Senegal')), ['Dakar', 'Bambey-ISRA', 'Dakar_Belair']);
    assert.deepEqual(names(real.inCountry('Niger')), [
      'Banizoumbou',
      'DMN_Maine_Soroa',
      'Niamey',
      'Zinder_DMN',
      'Zinder_Airport',
    ]);
  });

  test('real names suggested', (t) => {
    if (real === null) return t.skip(`real AERONET files not found at ${REAL_DATA_DIR}`);

    assert.equal(real.suggest('skukuza'), 'Skukuza');
    assert.equal(real.suggest('ilorin'), 'Ilorin');
    assert.equal(real.suggest('Tamanrasset'), 'Tamanrasset_INM');
  });
});
