import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { timeOrder } from '../../src/clean/time-order.ts';

describe('timeOrder', () => {
  it('sorts packed keys stably', () => {
    const time = Float64Array.from([30, 10, 20, 10, 30]);
    assert.deepEqual(Array.from(timeOrder(time, 5)), [1, 3, 2, 0, 4]);
  });

  it('handles times before 1970', () => {
    const time = Float64Array.from([5, -86_400, -1, -86_400]);
    assert.deepEqual(Array.from(timeOrder(time, 4)), [1, 3, 2, 0]);
  });

  it('falls back for fractional seconds', () => {
    const time = Float64Array.from([2.5, 1.25, 2.5, 0.5]);
    assert.deepEqual(Array.from(timeOrder(time, 4)), [3, 1, 0, 2]);
  });

  it('returns identity for sorted input', () => {
    const time = Float64Array.from([1, 1, 2, 3]);
    assert.deepEqual(Array.from(timeOrder(time, 4)), [0, 1, 2, 3]);
  });
});
