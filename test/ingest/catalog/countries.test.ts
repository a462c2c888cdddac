import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  COUNTRIES,
  countriesInRegion,
  findCountry,
  normalizeName,
} from '../../../src/ingest/catalog/countries.ts';

describe('findCountry', () => {
  test('name, codes and aliases', () => {
    for (const query of ["Côte d'Ivoire", 'cote d ivoire', 'Ivory Coast', 'CI', 'civ']) {
      assert.equal(findCountry(query).code, 'CI', query);
    }
    assert.equal(findCountry('Cape Verde').name, 'Cabo Verde');
    assert.equal(findCountry('ZAF').name, 'South Africa');
  });

  test('near miss suggests a name', () => {
    assert.throws(() => findCountry('Nigerria'), {
      name: 'BadInputError',
      message:
        'country: expected an ISO 3166 country name or code of Africa or its neighbours, ' +
        'got "Nigerria"; did you mean "Nigeria"?',
    });
  });

  test('far miss has no suggestion', () => {
    assert.throws(() => findCountry('Atlantis Republic'), {
      message:
        'country: expected an ISO 3166 country name or code of Africa or its neighbours, ' +
        'got "Atlantis Republic"',
    });
  });
});

describe('country table', () => {
  test('54 states plus territories of Africa', () => {
    const african = COUNTRIES.filter((country) => country.africa);
    const territories = ['EH', 'SH', 'TF', 'YT', 'RE'];

    assert.equal(african.length, 54 + territories.length);
    for (const code of territories) assert.ok(african.some((country) => country.code === code));
  });

  test('codes are unique', () => {
    const codes = COUNTRIES.flatMap((country) => [country.code, country.code3]);

    assert.equal(new Set(codes).size, codes.length);
  });
});

describe('countriesInRegion', () => {
  test('M49 Northern Africa', () => {
    assert.deepEqual(
      countriesInRegion('northern africa').map((country) => country.code),
      ['DZ', 'EG', 'LY', 'MA', 'SD', 'TN', 'EH'],
    );
  });

  test('Sub-Saharan Africa leaves out the north', () => {
    const codes = countriesInRegion('Sub-Saharan Africa').map((country) => country.code);

    assert.equal(codes.includes('NG'), true);
    assert.equal(codes.includes('EG'), false);
    assert.equal(codes.length, 59 - 7);
  });

  test('unknown region lists the names', () => {
    assert.throws(() => countriesInRegion('Sahel'), {
      message:
        'region: expected one of Africa, Sub-Saharan Africa, Northern Africa, Western Africa, ' +
        'Middle Africa, Eastern Africa, Southern Africa, Southern Europe, Western Asia, ' +
        'Southern Asia, got "Sahel"',
    });
  });
});

describe('normalizeName', () => {
  test('accents, case and punctuation', () => {
    assert.equal(normalizeName("  Côte d'Ivoire "), 'cote d ivoire');
    assert.equal(normalizeName('Guinea-Bissau'), 'guinea bissau');
    assert.equal(normalizeName('Réunion'), 'reunion');
  });
});
