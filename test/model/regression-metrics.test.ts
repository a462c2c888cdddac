import assert from 'node:assert/strict';
import { test } from 'node:test';

import { regressionScores } from '../../src/model/regression-metrics.ts';

const scores = (actual: number[], predicted: number[]) =>
  regressionScores(Float64Array.from(actual), Float64Array.from(predicted));

test('scores follow scikit-learn', () => {
  // r2_score, mean_squared_error(squared=False), mean_absolute_error of scikit-learn 1.2.1.
  assert.deepEqual(scores([1, 2, 3, 4], [1.5, 2, 2, 5]), {
    r2: 0.55,
    rmse: Math.sqrt(0.5625),
    mae: 0.625,
  });
});

test('scores handle degenerate tests', () => {
  assert.deepEqual(scores([], []), { r2: null, rmse: null, mae: null });
  assert.deepEqual(scores([2], [1]), { r2: null, rmse: 1, mae: 1 });
  assert.deepEqual(scores([2, 2], [2, 2]), { r2: 1, rmse: 0, mae: 0 });
  assert.deepEqual(scores([2, 2], [2, 3]), { r2: 0, rmse: Math.sqrt(0.5), mae: 0.5 });
});
