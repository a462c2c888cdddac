import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { editDistance, suggestSiteName } from '../../../src/ingest/catalog/site-suggestion.ts';

const NAMES = ['Skukuza', 'SKUKUZA_AEROPORT', 'Banizoumbou', 'Dakar', 'Dakar_Belair', 'Mongu'];

describe('editDistance', () => {
  test('known distances', () => {
    const cases: [string, string, number][] = [
      ['', '', 0],
      ['', 'abc', 3],
      ['abc', '', 3],
      ['kitten', 'sitting', 3],
      ['flaw', 'lawn', 2],
      ['Skukuza', 'skukuza', 1],
      ['Banizoumbou', 'Banizumbou', 1],
    ];

    for (const [a, b, distance] of cases) assert.equal(editDistance(a, b), distance, `${a}/${b}`);
  });

  test('symmetric', () => {
    assert.equal(
      editDistance('Ouarzazate', 'Quarzazate'),
      editDistance('Quarzazate', 'Ouarzazate'),
    );
  });
});

describe('suggestSiteName', () => {
  test('case alone differs', () => {
    assert.equal(suggestSiteName('skukuza', NAMES), 'Skukuza');
    assert.equal(suggestSiteName('MONGU', NAMES), 'Mongu');
  });

  test('typo within the limit', () => {
    assert.equal(suggestSiteName('Banizumbou', NAMES), 'Banizoumbou');
    assert.equal(suggestSiteName('skukuza aeroport', NAMES), 'SKUKUZA_AEROPORT');
  });

  test('longer name that starts alike', () => {
    assert.equal(suggestSiteName('skukuza_aero', NAMES), 'SKUKUZA_AEROPORT');
    assert.equal(suggestSiteName('Da', NAMES), null);
  });

  test('nothing close', () => {
    assert.equal(suggestSiteName('Timbuktu', NAMES), null);
  });

  test('tie goes to first name', () => {
    assert.equal(suggestSiteName('Dakar_', ['Dakar', 'Dakar_B']), 'Dakar');
  });
});
