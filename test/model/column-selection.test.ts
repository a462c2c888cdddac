import assert from 'node:assert/strict';
import { test } from 'node:test';

import { selectColumns, type DroppedColumn } from '../../src/model/column-selection.ts';

/** Compares all but the condition numbers, which rounding leaves anywhere above 1e6. */
function assertDropped(got: DroppedColumn[], expected: Omit<DroppedColumn, 'conditionNumber'>[]) {
  assert.deepEqual(
    got.map(({ column, reason, collinearWith }) => ({ column, reason, collinearWith })),
    expected,
  );
  for (const { column, conditionNumber } of got) {
    assert.ok(conditionNumber > 1e6, `column ${column}: condition number ${conditionNumber}`);
  }
}

test('well-conditioned columns are all kept', () => {
  const matrix = new Float64Array([4, 1, 0, 1, 9, 0, 0, 0, 1]);

  const selection = selectColumns(matrix, 3, 1);

  assert.deepEqual(selection.columns, [0, 1, 2]);
  assert.deepEqual(selection.dropped, []);
  assert.deepEqual(selection.scale, new Float64Array([1 / 2, 1 / 3, 1]));
});

test('later of two equal columns is dropped', () => {
  // Columns 1 and 2 have the same cross products, so they are the same centered column.
  const matrix = new Float64Array([1, 0.2, 0.2, 0.2, 2, 2, 0.2, 2, 2]);

  const selection = selectColumns(matrix, 3, 1);

  assert.deepEqual(selection.columns, [0, 1]);
  assertDropped(selection.dropped, [{ column: 2, reason: 'collinear', collinearWith: [1] }]);
});

test('aliased site column is dropped', () => {
  // Only rounding can alias site columns, because every training site has a row. The columns
  // are then tried one by one, sites included.
  const matrix = new Float64Array([2, 2, 0.5, 2, 2, 0.5, 0.5, 0.5, 1]);

  const selection = selectColumns(matrix, 3, 2);

  assert.deepEqual(selection.columns, [0, 2]);
  assertDropped(selection.dropped, [{ column: 1, reason: 'collinear', collinearWith: [0] }]);
});

test('constant columns are dropped first', () => {
  const matrix = new Float64Array([0, 0, 0, 0, 3, 0, 0, 0, 0]);

  const selection = selectColumns(matrix, 3, 0);

  assert.deepEqual(selection.columns, [1]);
  assert.deepEqual(
    selection.dropped.map(({ column, reason }) => [column, reason]),
    [
      [0, 'constant'],
      [2, 'constant'],
    ],
  );
  assert.equal(selection.conditionNumber, 1);
});

test('empty design selects nothing', () => {
  const selection = selectColumns(new Float64Array(0), 0, 0);

  assert.deepEqual(selection, {
    columns: [],
    dropped: [],
    scale: new Float64Array(0),
    scaled: new Float64Array(0),
    conditionNumber: 1,
  });
});
