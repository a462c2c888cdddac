import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { timeOrder } from '../../src/clean/time-order.ts';

describe('timeOrder', () => {
  it('sorts whole seconds stably', () => {
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

  it('orders times decades apart, which take three digit passes', () => {
    const decade = 10 * 365 * 86_400;
    const time = Float64Array.from([3 * decade, 1, 2 * decade + 7, 1, 0, 3 * decade]);
    assert.deepEqual(Array.from(timeOrder(time, 6)), [4, 1, 3, 2, 0, 5]);
  });

  it('falls back for spans of 2^32 seconds and more', () => {
    const time = Float64Array.from([2 ** 32, 0, 2 ** 32, -1]);
    assert.deepEqual(Array.from(timeOrder(time, 4)), [3, 1, 0, 2]);
  });

  it('matches a stable comparator sort on 10,000 random times with repeats', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    const time = Float64Array.from({ length: 10_000 }, () => 1e9 + Math.floor(random() * 5e8));
    for (let i = 0; i < 1_000; i++) time[i * 10] = time[i]!;
    const expected = Array.from(time.keys()).sort((a, b) => time[a]! - time[b]! || a - b);

    assert.deepEqual(Array.from(timeOrder(time, time.length)), expected);
  });

  it('returns identity for sorted input', () => {
    const time = Float64Array.from([1, 1, 2, 3]);
    assert.deepEqual(Array.from(timeOrder(time, 4)), [0, 1, 2, 3]);
  });
});
