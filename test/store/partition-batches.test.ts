import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { partitionBatches } from '../../src/store/partition-batches.ts';
import { tableOf } from './observation-fixtures.ts';

const table = tableOf([
  { site: 'Ilorin', time: '2020-05-01T00:00:00Z' },
  { site: 'Dakar', time: '2019-12-31T23:59:59Z' },
  { site: 'Dakar', time: '2020-01-01T00:00:00Z' },
  { site: 'Ilorin', time: '2020-05-02T00:00:00Z' },
  { site: 'Dakar', time: '2019-06-01T00:00:00Z' },
  { site: 'Banizoumbou', time: '0050-03-01T00:00:00Z' },
]);

function batchesOf(limits: { rows: number; partitions: number }): number[][] {
  return partitionBatches(table, limits).map((rows) => Array.from(rows));
}

describe('partitionBatches', () => {
  test('one batch when limits allow', () => {
    assert.deepEqual(batchesOf({ rows: 100, partitions: 100 }), [[0, 1, 2, 3, 4, 5]]);
  });

  test('batches fill in site and year order', () => {
    assert.deepEqual(batchesOf({ rows: 100, partitions: 2 }), [
      [1, 4, 5],
      [0, 2, 3],
    ]);
  });

  test('oversized partition gets own batch', () => {
    assert.deepEqual(batchesOf({ rows: 1, partitions: 100 }), [[5], [1, 4], [2], [0, 3]]);
  });

  test('site codes with one name share a partition', () => {
    const twoCodes = tableOf([
      { site: 'Dakar', time: '2020-01-01T00:00:00Z' },
      { site: 'Ilorin', time: '2020-02-01T00:00:00Z' },
    ]);
    const renamed = { ...twoCodes, siteNames: ['Dakar', 'Dakar'] };

    const batches = partitionBatches(renamed, { rows: 1, partitions: 1 });

    assert.deepEqual(
      batches.map((rows) => Array.from(rows)),
      [[0, 1]],
    );
  });
});
