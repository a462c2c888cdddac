import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObservationTable } from '../../src/observation.ts';
import {
  choosePeriod,
  dailyMeansBySite,
  monthlyClimatology,
  resampleDailyMeans,
  type SiteDailyMeans,
} from '../../src/profile/site-series.ts';

const DAY = 86_400;
const JAN_1_2020 = Date.UTC(2020, 0, 1) / 1000;

/** A table of (site, seconds, value) rows over the sites Dakar and Ilorin. */
function tableOf(rows: [number, number, number][]) {
  const table = createObservationTable(rows.length);
  table.length = rows.length;
  table.siteNames = ['Ilorin', 'Dakar'];
  const values = new Float64Array(rows.length);
  rows.forEach(([site, time, value], i) => {
    table.site[i] = site;
    table.time[i] = time;
    values[i] = value;
  });
  return { table, values };
}

test('daily means average each site and day', () => {
  const { table, values } = tableOf([
    [0, JAN_1_2020 + 3600, 0.2],
    [1, JAN_1_2020 + 7200, 0.5],
    [0, JAN_1_2020 + 10_800, 0.4],
    [0, JAN_1_2020 + DAY + 60, NaN],
    [0, JAN_1_2020 + 2 * DAY + 60, 0.1],
  ]);

  const daily = dailyMeansBySite(table, values);

  const day = JAN_1_2020 / DAY;
  assert.deepEqual(daily, [
    { site: 'Dakar', days: [day], means: [0.5] },
    { site: 'Ilorin', days: [day, day + 2], means: [0.30000000000000004, 0.1] },
  ]);
});

test('daily means skip sites without values', () => {
  const { table, values } = tableOf([[1, JAN_1_2020, NaN]]);

  assert.deepEqual(dailyMeansBySite(table, values), []);
});

function seriesOf(days: number[], means: number[]): SiteDailyMeans {
  return { site: 'Dakar', days, means };
}

test('weekly resampling starts weeks on Monday', () => {
  // 2020-01-06 was a Monday.
  const monday = Date.UTC(2020, 0, 6) / 1000 / DAY;
  const series = seriesOf([monday - 1, monday, monday + 6, monday + 7], [1, 2, 4, 8]);

  const points = resampleDailyMeans(series, 'week');

  assert.deepEqual(points, [
    { time: Date.UTC(2019, 11, 30), mean: 1 },
    { time: Date.UTC(2020, 0, 6), mean: 3 },
    { time: Date.UTC(2020, 0, 13), mean: 8 },
  ]);
});

test('monthly resampling uses calendar months', () => {
  const jan31 = Date.UTC(2020, 0, 31) / 1000 / DAY;
  const series = seriesOf([jan31 - 1, jan31, jan31 + 1], [1, 3, 5]);

  assert.deepEqual(resampleDailyMeans(series, 'month'), [
    { time: Date.UTC(2020, 0, 1), mean: 2 },
    { time: Date.UTC(2020, 1, 1), mean: 5 },
  ]);
});

test('climatology averages months over years', () => {
  const jan2020 = Date.UTC(2020, 0, 15) / 1000 / DAY;
  const jan2021 = Date.UTC(2021, 0, 15) / 1000 / DAY;
  const jul2020 = Date.UTC(2020, 6, 15) / 1000 / DAY;
  const series = seriesOf([jan2020, jul2020, jan2021], [0.2, 0.9, 0.4]);

  const months = monthlyClimatology(series);

  assert.equal(months.length, 12);
  assert.deepEqual(months[0], { month: 1, mean: 0.30000000000000004, days: 2 });
  assert.deepEqual(months[6], { month: 7, mean: 0.9, days: 1 });
  assert.deepEqual(months[1], { month: 2, mean: NaN, days: 0 });
});

test('choosePeriod widens long records', () => {
  const days = (count: number) => Array.from({ length: count }, (_, i) => 18_000 + i);

  assert.equal(choosePeriod([seriesOf(days(1500), [])], 1500), 'day');
  assert.equal(choosePeriod([seriesOf(days(1501), [])], 1500), 'week');
  assert.equal(choosePeriod([seriesOf(days(1500 * 7), [])], 1500), 'week');
  assert.equal(choosePeriod([seriesOf(days(1500 * 7 + 1), [])], 1500), 'month');
  assert.equal(choosePeriod([], 1500), 'day');
});
