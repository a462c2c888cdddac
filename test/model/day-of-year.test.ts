import assert from 'node:assert/strict';
import { test } from 'node:test';

import { dayOfYearUtc, fillSeasonalFeatures, seasonalAngle } from '../../src/model/day-of-year.ts';

const seconds = (iso: string) => Date.parse(iso) / 1000;

test('day of year uses UTC', () => {
  assert.equal(dayOfYearUtc(seconds('2019-01-01T00:00:00Z')), 1);
  assert.equal(dayOfYearUtc(seconds('2019-03-15T23:59:59Z')), 74);
  assert.equal(dayOfYearUtc(seconds('2020-12-31T12:00:00Z')), 366);
  assert.equal(dayOfYearUtc(seconds('2019-12-31T23:59:59.999Z')), 365);
  assert.equal(dayOfYearUtc(seconds('1969-12-31T06:00:00Z')), 365);
});

test('seasonal features repeat per day', () => {
  const times = ['2019-01-01T08:00:00Z', '2019-01-01T20:00:00Z', '2019-07-02T00:00:00Z'];
  const sin = new Float64Array(3);
  const cos = new Float64Array(3);

  fillSeasonalFeatures(times.map(seconds), sin, cos);

  assert.deepEqual([...sin.slice(0, 2)], [0, 0]);
  assert.deepEqual([...cos.slice(0, 2)], [1, 1]);
  assert.equal(sin[2], Math.sin((2 * Math.PI * 182) / 365.25));
  assert.equal(cos[2], Math.cos(seasonalAngle(183)));
});
