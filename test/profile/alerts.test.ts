import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAlerts } from '../../src/profile/alerts.ts';
import { describe } from '../../src/profile/describe.ts';

const NO_CORRELATION = { variables: [], matrix: [] };

test('alerts flag missing, constant and empty', () => {
  const variables = {
    aod_1020: describe(new Float64Array([0.1, NaN, NaN, 0.2, 0.3])),
    aod_500: describe(new Float64Array([0.2, 0.2, 0.2, 0.2, 0.2])),
    aod_1640: describe(new Float64Array([NaN, NaN, NaN, NaN, NaN])),
  };

  const alerts = findAlerts({ rows: 5, duplicateRows: 0, variables, correlation: NO_CORRELATION });

  assert.deepEqual(alerts, [
    { kind: 'missing', variable: 'aod_1020', message: 'aod_1020 has 2 missing values (40.0 %)' },
    { kind: 'constant', variable: 'aod_500', message: 'aod_500 has the constant value 0.2' },
    { kind: 'empty', variable: 'aod_1640', message: 'aod_1640 has no values' },
  ]);
});

test('alerts flag high skewness', () => {
  const values = new Float64Array(10_000).fill(0.1);
  values[0] = 1000;

  const alerts = findAlerts({
    rows: values.length,
    duplicateRows: 0,
    variables: { aod_500: describe(values) },
    correlation: NO_CORRELATION,
  });

  assert.equal(alerts.length, 1);
  assert.equal(alerts[0]!.kind, 'skewed');
  assert.equal(alerts[0]!.message, 'aod_500 is highly skewed (skewness 100.0)');
});

test('alerts flag duplicates and correlations', () => {
  const stats = describe(new Float64Array([1, 2, 3]));
  const variables = { a: stats, b: stats, c: stats, d: stats, e: stats };
  const names = Object.keys(variables);
  const matrix = names.map((_, i) =>
    names.map((__, j) => (i === j || i === 0 || j === 0 ? 0.95 : 0.2)),
  );

  const alerts = findAlerts({
    rows: 3,
    duplicateRows: 1,
    variables,
    correlation: { variables: names, matrix },
  });

  assert.deepEqual(
    alerts.map((alert) => alert.message),
    [
      'The table has 1 duplicate (site, time) row (33.3 %)',
      'a is highly correlated with b, c, d and 1 other variable (|r| ≥ 0.9)',
      'b is highly correlated with a (|r| ≥ 0.9)',
      'c is highly correlated with a (|r| ≥ 0.9)',
      'd is highly correlated with a (|r| ≥ 0.9)',
      'e is highly correlated with a (|r| ≥ 0.9)',
    ],
  );
});
