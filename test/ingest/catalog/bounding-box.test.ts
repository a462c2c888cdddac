import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AFRICA,
  boxContains,
  formatBoundingBox,
  parseBoundingBox,
} from '../../../src/ingest/catalog/bounding-box.ts';

describe('parseBoundingBox', () => {
  test('four numbers, south first', () => {
    assert.deepEqual(parseBoundingBox('-35, -20, 38.5, 52'), {
      south: -35,
      west: -20,
      north: 38.5,
      east: 52,
    });
  });

  test('named box in any case', () => {
    assert.deepEqual(parseBoundingBox('africa'), { south: -35, west: -26, north: 38, east: 52 });
  });

  test('three numbers rejected', () => {
    assert.throws(() => parseBoundingBox('1,2,3'), {
      name: 'BadInputError',
      message: 'bounding box: expected "S,W,N,E" in decimal degrees or one of AFRICA, got "1,2,3"',
    });
  });

  test('latitude beyond the pole rejected', () => {
    assert.throws(() => parseBoundingBox('-95,0,10,10'), {
      message: 'bounding box: expected latitudes between -90 and 90, got "-95,0,10,10"',
    });
  });

  test('empty field rejected', () => {
    assert.throws(() => parseBoundingBox('1,,3,4'), { name: 'BadInputError' });
  });
});

describe('AFRICA box', () => {
  test('holds the extreme points of Africa', () => {
    const points: [string, number, number][] = [
      ['Cape Agulhas', -34.83, 20.0],
      ['Ras ben Sakka', 37.35, 9.75],
      ['Pointe des Almadies', 14.74, -17.53],
      ['Ras Hafun', 10.42, 51.35],
      ['Santo Antao', 17.07, -25.17],
    ];

    for (const [name, latitude, longitude] of points) {
      assert.equal(boxContains(AFRICA, latitude, longitude), true, name);
    }
  });

  test('formats as it parses', () => {
    assert.equal(formatBoundingBox(AFRICA), '-35,-26,38,52');
    assert.deepEqual(parseBoundingBox(formatBoundingBox(AFRICA)), AFRICA);
  });
});
