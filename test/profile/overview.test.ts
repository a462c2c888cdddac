import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createObservationTable } from '../../src/observation.ts';
import { countDuplicateSiteTimes, summarizeTable } from '../../src/profile/overview.ts';

const T0 = Date.UTC(2021, 2, 1) / 1000;

/** A table of (site, seconds) rows over the sites Ilorin and Dakar. */
function tableOf(rows: [number, number][]) {
  const table = createObservationTable(rows.length);
  table.length = rows.length;
  table.siteNames = ['Ilorin', 'Dakar', 'Mongu'];
  rows.forEach(([site, time], i) => {
    table.site[i] = site;
    table.time[i] = time;
    table.level[i] = i === 0 ? 15 : 20;
    table.latitude[i] = site === 0 ? 8.32 : 14.68;
    table.longitude[i] = site === 0 ? 4.34 : -17.44;
    table.elevation[i] = site === 0 ? 350 : 20;
  });
  return table;
}

test('duplicates count repeated site and time', () => {
  const table = tableOf([
    [0, T0],
    [1, T0],
    [0, T0],
    [0, T0],
    [1, T0 + 60],
  ]);

  assert.equal(countDuplicateSiteTimes(table), 2);
});

test('duplicates found in unsorted rows', () => {
  const table = tableOf([
    [0, T0 + 60],
    [1, T0],
    [0, T0],
    [0, T0 + 60],
  ]);

  assert.equal(countDuplicateSiteTimes(table), 1);
});

test('overview counts rows, sites and missing cells', () => {
  const table = tableOf([
    [1, T0],
    [0, T0 + 3600],
    [1, T0 + 7200],
  ]);
  const a = new Float64Array([0.1, NaN, 0.3]);
  const b = new Float64Array([NaN, NaN, 1]);

  const overview = summarizeTable(table, { a, b });

  assert.deepEqual(overview, {
    rows: 3,
    sites: [
      {
        name: 'Dakar',
        observations: 2,
        firstTime: '2021-03-01T00:00:00.000Z',
        lastTime: '2021-03-01T02:00:00.000Z',
        latitude: 14.68,
        longitude: -17.44,
        elevation: 20,
      },
      {
        name: 'Ilorin',
        observations: 1,
        firstTime: '2021-03-01T01:00:00.000Z',
        lastTime: '2021-03-01T01:00:00.000Z',
        latitude: 8.32,
        longitude: 4.34,
        elevation: 350,
      },
    ],
    timeStart: '2021-03-01T00:00:00.000Z',
    timeEnd: '2021-03-01T02:00:00.000Z',
    rowsByLevel: { '15': 1, '20': 2 },
    cells: 6,
    missingCells: 3,
    missingByVariable: { a: 1, b: 2 },
    duplicateRows: 0,
  });
});
