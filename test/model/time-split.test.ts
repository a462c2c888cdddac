import assert from 'node:assert/strict';
import { test } from 'node:test';

import { roundHalfEven, trainingRowCount } from '../../src/model/time-split.ts';

test('rounding sends halves to even', () => {
  assert.deepEqual(
    [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999, 2.5001].map(roundHalfEven),
    [0, 2, 2, 4, 0, -2, 2, 3],
  );
});

test('training rows follow Python round', () => {
  // int(round(n * (1 - f))) in Python 3.11 for each case.
  const cases: Array<[number, number, number]> = [
    [10, 0.2, 8],
    [7, 0.2, 6],
    [5, 0.5, 2],
    [7, 0.5, 4],
    [6, 0.25, 4],
    [10, 0.25, 8],
    [1, 0.2, 1],
    [0, 0.2, 0],
    [997_199, 0.2, 797_759],
  ];
  for (const [rows, fraction, expected] of cases) {
    assert.equal(trainingRowCount(rows, fraction), expected, `${rows} rows, fraction ${fraction}`);
  }
});
