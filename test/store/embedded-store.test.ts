import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { DuckDBInstance } from '@duckdb/node-api';

import { BadInputError } from '../../src/errors.ts';
import { concatTables } from '../../src/observation.ts';
import { dataDirLayout } from '../../src/store/data-dir.ts';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded-store.ts';
import { readManifest } from '../../src/store/manifest.ts';
import { VALUE_COLUMNS } from '../../src/store/stored-columns.ts';
import { tempDir } from '../support/paths.ts';
import { hourlyTable, rowsOf, seconds, tableOf } from './observation-fixtures.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

let dataDir: string;
let store: EmbeddedStore;

beforeEach(async () => {
  dataDir = await tempDir('aodflow-store-');
  store = await openEmbeddedStore(dataDir);
});

afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const dakarAndIlorin = tableOf([
  { site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.512, aod_440: 0.6 } },
  { site: 'Dakar', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.25, aod_1640: NaN } },
  { site: 'Dakar', time: '2019-12-31T23:59:59Z', values: { aod_500: 0.3 }, latitude: NaN },
  { site: 'Dakar', time: '2020-03-01T09:00:00Z', level: 20, values: { aod_870: 0.1 } },
]);

describe('writeObservations', () => {
  test('round trip keeps values and NaN', async () => {
    const summary = await store.writeObservations(dakarAndIlorin);
    const back = await store.readObservations();

    assert.deepEqual(
      { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged },
      { added: 4, replaced: 0, unchanged: 0 },
    );
    const expected = rowsOf(dakarAndIlorin).sort(
      (a, b) =>
        String(a.time).localeCompare(String(b.time)) ||
        String(a.site).localeCompare(String(b.site)),
    );
    assert.deepEqual(rowsOf(back), expected);
    assert.deepEqual(back.siteNames, ['Dakar', 'Ilorin']);
    assert.equal(Number.isNaN(back.latitude[0]), true);
    assert.equal(Number.isNaN(back.values.aod_1640[2]), true);
  });

  test('same table twice adds nothing', async () => {
    const first = await store.writeObservations(dakarAndIlorin);
    const second = await store.writeObservations(dakarAndIlorin);

    assert.deepEqual(second, {
      added: 0,
      replaced: 0,
      unchanged: 4,
      dataVersion: first.dataVersion,
    });
    assert.equal(await store.countObservations(), 4);
    assert.equal(await store.manifestVersion(), 1);
  });

  test('same values from new source', async () => {
    await store.writeObservations(dakarAndIlorin);
    const again = tableOf(
      rowsOf(dakarAndIlorin).map((row, i) => ({
        site: String(row.site),
        time: String(row.time),
        level: Number(row.level),
        latitude: Number(row.latitude),
        values: valuesOf(dakarAndIlorin, i),
        source: 'downloaded-again.lev15',
        retrievedAt: '2025-01-01T00:00:00.000Z',
      })),
    );

    const summary = await store.writeObservations(again);

    assert.equal(summary.unchanged, 4);
    assert.deepEqual(
      (await store.readObservations()).sources.map((s) => s.uri),
      ['Dakar.lev15', 'Dakar.lev20', 'Ilorin.lev15'],
    );
  });

  test('changed values are replaced and counted', async () => {
    await store.writeObservations(dakarAndIlorin);
    const changed = tableOf([
      { site: 'Dakar', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.26 } },
      { site: 'Dakar', time: '2020-03-01T11:00:00Z', values: { aod_500: 0.27 } },
      { site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.512, aod_440: 0.6 } },
    ]);

    const summary = await store.writeObservations(changed);
    const dakar = await store.readObservations({ sites: ['Dakar'] });

    assert.deepEqual(
      { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged },
      { added: 1, replaced: 1, unchanged: 1 },
    );
    assert.equal(await store.countObservations(), 5);
    assert.deepEqual(Array.from(dakar.values.aod_500), [0.3, NaN, 0.26, 0.27]);
  });

  test('value becoming NaN is replaced', async () => {
    await store.writeObservations(dakarAndIlorin);
    const cleared = tableOf([{ site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: {} }]);

    const summary = await store.writeObservations(cleared);
    const ilorin = await store.readObservations({ sites: ['Ilorin'] });

    assert.equal(summary.replaced, 1);
    assert.deepEqual(Array.from(ilorin.values.aod_500), [NaN]);
  });

  test('repeated key keeps the last row', async () => {
    const repeated = tableOf([
      { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 } },
      { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 } },
      { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.2 } },
      { site: 'Dakar', time: '2020-01-01T01:00:00Z', values: { aod_500: 0.3 } },
    ]);

    const summary = await store.writeObservations(repeated);
    const back = await store.readObservations();

    assert.deepEqual(
      { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged },
      { added: 2, replaced: 1, unchanged: 1 },
    );
    assert.deepEqual(Array.from(back.values.aod_500), [0.2, 0.3]);
    assert.deepEqual(Array.from(back.line), [9, 10]);
  });

  test('rows of interleaved partitions round trip', async () => {
    const sites = ['Dakar', 'Ilorin', 'Banizoumbou'];
    const rows = Array.from({ length: 3000 }, (_, i) => ({
      site: sites[i % 3]!,
      time: seconds('2018-06-01T00:00:00Z') + Math.floor(i / 3) * 86_400,
      values: { aod_500: i / 1000 },
    }));

    await store.writeObservations(tableOf(rows));
    const back = await store.readObservations();

    assert.equal(back.length, 3000);
    assert.equal((await readManifest(manifestPath())).partitions.length, 12);
    const byKey = new Map(rowsOf(back).map((r) => [`${r.site} ${r.time}`, r.aod_500]));
    rows.forEach((row, i) => {
      const key = `${row.site} ${new Date(row.time * 1000).toISOString()}`;
      assert.equal(byKey.get(key), i / 1000);
    });
  });

  test('batched write equals single write', async () => {
    const batchedDir = await tempDir('aodflow-store-batched-');
    const batched = await openEmbeddedStore(batchedDir, {
      writeBatch: { rows: 700, partitions: 2 },
    });
    const sites = ['Dakar', 'Ilorin', 'Banizoumbou'];
    const first = tableOf(
      Array.from({ length: 3000 }, (_, i) => ({
        site: sites[i % 3]!,
        time: seconds('2018-06-01T00:00:00Z') + Math.floor(i / 3) * 86_400,
        values: { aod_500: i / 1000 },
      })),
    );
    const second = concatTables([
      hourlyTable('Ilorin', '2019-12-31T20:00:00Z', 30, 1),
      hourlyTable('Ilorin', '2019-12-31T20:00:00Z', 30, 2),
      hourlyTable('Dakar', '2021-01-01T00:00:00Z', 800),
    ]);

    try {
      const summaries = [];
      for (const target of [store, batched]) {
        const counts = [];
        for (const table of [first, second]) {
          const { added, replaced, unchanged } = await target.writeObservations(table);
          counts.push({ added, replaced, unchanged });
        }
        summaries.push({
          counts,
          dataVersion: await target.dataVersion(),
          rows: rowsOf(await target.readObservations()),
        });
      }

      assert.deepEqual(summaries[0]!.counts, [
        { added: 3000, replaced: 0, unchanged: 0 },
        { added: 794, replaced: 66, unchanged: 0 },
      ]);
      assert.deepEqual(summaries[1], summaries[0]);
    } finally {
      await batched.close();
      await rm(batchedDir, { recursive: true, force: true });
    }
  });

  test('site name with quote and percent', async () => {
    const site = "Cap d'Afrique 2%/x";
    const table = tableOf([{ site, time: '2020-03-01T10:00:00Z', values: { aod_500: 0.4 } }]);

    await store.writeObservations(table);
    const back = await store.readObservations({ sites: [site] });

    assert.deepEqual(back.siteNames, [site]);
    assert.deepEqual(rowsOf(back), rowsOf(table));
    const folders = await readdir(dataDirLayout(dataDir).observations);
    assert.deepEqual(
      folders.filter((name) => name.startsWith('site=')),
      ["site=Cap%20d'Afrique%202%25%2Fx"],
    );
  });

  test('empty table writes nothing', async () => {
    const summary = await store.writeObservations(tableOf([]));

    assert.deepEqual(summary, { added: 0, replaced: 0, unchanged: 0, dataVersion: EMPTY_SHA256 });
    assert.equal(await store.manifestVersion(), 0);
  });

  test('rejects site index past list', async () => {
    const broken = tableOf([{ site: 'Dakar', time: '2020-01-01T00:00:00Z', line: 12 }]);
    broken.site[0] = 3;

    await assert.rejects(store.writeObservations(broken), (error: unknown) => {
      assert.ok(error instanceof BadInputError);
      assert.equal(error.code, 'AOD_TABLE_INVALID');
      assert.equal(
        error.message,
        'observation row 0: expected site index < 1, got 3 (Dakar.lev15 line 12)',
      );
      return true;
    });
  });

  test('rejects out-of-range time', async () => {
    const broken = tableOf([{ site: 'Dakar', time: '2020-01-01T00:00:00Z' }]);
    broken.time[0] = NaN;

    await assert.rejects(store.writeObservations(broken), { code: 'AOD_TABLE_INVALID' });
    assert.equal(await store.countObservations(), 0);
  });
});

describe('dataVersion', () => {
  test('empty store has the empty hash', async () => {
    assert.equal(await store.dataVersion(), EMPTY_SHA256);
  });

  test('equal data gives equal versions', async () => {
    const otherDir = await tempDir('aodflow-store-');
    const other = await openEmbeddedStore(otherDir);
    try {
      // Same observations, written in another order, in two writes, from another source.
      const first = await store.writeObservations(dakarAndIlorin);
      const reordered = tableOf(
        [3, 1, 0, 2].map((i) => ({
          site: String(rowsOf(dakarAndIlorin)[i]!.site),
          time: dakarAndIlorin.time[i]!,
          level: dakarAndIlorin.level[i]!,
          latitude: dakarAndIlorin.latitude[i]!,
          values: valuesOf(dakarAndIlorin, i),
          retrievedAt: '2030-01-01T00:00:00.000Z',
        })),
      );
      await other.writeObservations(takeFirst(reordered, 2));
      const second = await other.writeObservations(reordered);

      assert.equal(second.dataVersion, first.dataVersion);
      assert.equal(await other.dataVersion(), await store.dataVersion());
    } finally {
      await other.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  test('a changed value changes the version', async () => {
    const before = (await store.writeObservations(dakarAndIlorin)).dataVersion;
    const changed = tableOf([
      { site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.513, aod_440: 0.6 } },
    ]);

    const after = (await store.writeObservations(changed)).dataVersion;

    assert.notEqual(after, before);
    assert.match(after, /^[0-9a-f]{64}$/);
    assert.equal(await store.dataVersion(), after);
  });
});

describe('readObservations filters', () => {
  beforeEach(async () => {
    await store.writeObservations(
      concatTables([
        hourlyTable('Dakar', '2019-12-31T22:00:00Z', 6),
        hourlyTable('Ilorin', '2019-12-31T22:00:00Z', 6),
        hourlyTable('Banizoumbou', '2020-06-01T00:00:00Z', 3),
      ]),
    );
  });

  test('sorts by time then site', async () => {
    const all = await store.readObservations();

    assert.equal(all.length, 15);
    const rows = rowsOf(all).map((r) => `${r.time} ${r.site}`);
    assert.deepEqual(rows.slice(0, 3), [
      '2019-12-31T22:00:00.000Z Dakar',
      '2019-12-31T22:00:00.000Z Ilorin',
      '2019-12-31T23:00:00.000Z Dakar',
    ]);
    assert.deepEqual(rows, rows.slice().sort());
  });

  test('site filter keeps listed sites', async () => {
    const table = await store.readObservations({ sites: ['Ilorin', 'Banizoumbou'] });

    assert.deepEqual(table.siteNames, ['Banizoumbou', 'Ilorin']);
    assert.equal(table.length, 9);
    assert.equal(await store.countObservations({ sites: ['Ilorin', 'Banizoumbou'] }), 9);
    assert.equal(await store.countObservations({ sites: [] }), 0);
    assert.equal(await store.countObservations({ sites: ['Nowhere'] }), 0);
  });

  test('time filter is from inclusive, to exclusive', async () => {
    const filter = {
      from: seconds('2019-12-31T23:00:00Z'),
      to: seconds('2020-01-01T02:00:00Z'),
    };

    const table = await store.readObservations(filter);

    assert.equal(table.length, 6);
    assert.equal(table.time[0], filter.from);
    assert.equal(table.time[5], seconds('2020-01-01T01:00:00Z'));
    assert.equal(await store.countObservations(filter), 6);
  });

  test('site and time filters combine', async () => {
    const filter = { sites: ['Dakar'], from: seconds('2020-01-01T00:00:00Z') };

    const table = await store.readObservations(filter);

    assert.deepEqual(table.siteNames, ['Dakar']);
    assert.equal(table.length, 4);
    assert.equal(await store.countObservations(filter), 4);
  });

  test('range without rows reads nothing', async () => {
    const table = await store.readObservations({ from: seconds('2030-01-01T00:00:00Z') });

    assert.equal(table.length, 0);
    assert.deepEqual(table.siteNames, []);
  });
});

describe('store files', () => {
  test('replaced file stays for readers', async () => {
    await store.writeObservations(dakarAndIlorin);
    const before = await partitionFiles();

    await store.writeObservations(tableOf([{ site: 'Dakar', time: '2020-03-01T10:00:00Z' }]));
    const manifest = await readManifest(manifestPath());

    assert.equal((await partitionFiles()).length, before.length + 1);
    assert.equal(manifest.retired.length, 1);
    assert.ok(before.includes(manifest.retired[0]!.file));
  });

  test('old files removed after grace', async () => {
    await store.close();
    store = await openEmbeddedStore(dataDir, { retiredFileGraceMs: 0 });
    await store.writeObservations(dakarAndIlorin);
    await store.writeObservations(tableOf([{ site: 'Dakar', time: '2020-03-01T10:00:00Z' }]));

    // The next write drops the expired retired entry, then removes its file.
    await store.writeObservations(tableOf([{ site: 'Dakar', time: '2021-01-01T00:00:00Z' }]));
    const manifest = await readManifest(manifestPath());

    assert.deepEqual(
      (await partitionFiles()).sort(),
      manifest.partitions.map((p) => p.file).sort(),
    );
    assert.equal(await store.countObservations(), 5);
  });

  test('partition files have the stored columns', async () => {
    await store.writeObservations(dakarAndIlorin);
    const [file] = await partitionFiles();
    const duckdb = await DuckDBInstance.create(':memory:');
    const connection = await duckdb.connect();

    const reader = await connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet('${join(dataDirLayout(dataDir).observations, file!)}', ` +
        'hive_partitioning = false)',
    );
    const columns = reader.getRowsJS().map(([name, type]) => `${name} ${type}`);
    connection.closeSync();
    duckdb.closeSync();

    assert.deepEqual(columns, [
      'site VARCHAR',
      'time DOUBLE',
      'level UTINYINT',
      'product VARCHAR',
      ...VALUE_COLUMNS.map((name) => `${name} DOUBLE`),
      'source_uri VARCHAR',
      'source_kind VARCHAR',
      'content_hash VARCHAR',
      'retrieved_at VARCHAR',
      'line UINTEGER',
    ]);
  });

  test('corrupt manifest fails reads clearly', async () => {
    await writeFile(manifestPath(), '{"format": 1, "partitions": ');

    await assert.rejects(store.countObservations(), (error: unknown) => {
      assert.ok(error instanceof BadInputError);
      assert.equal(error.code, 'AOD_STORE_CORRUPT');
      assert.match(error.message, /^observation manifest is unreadable: it is not valid JSON/);
      assert.equal(error.file, manifestPath());
      return true;
    });
  });
});

describe('quarantine', () => {
  const record = (line: number, site: string | null = 'Dakar') => ({
    reason: 'malformed_row' as const,
    source: 'Dakar.lev15',
    line,
    site,
    time: null,
    field: null,
    value: null,
    detail: `line ${line}: expected 81 fields, got 3`,
  });

  test('records read back in order', async () => {
    await store.writeQuarantine('20260101T000000Z-aaaaaa', [record(10), record(11)]);
    await store.writeQuarantine('20260102T000000Z-bbbbbb', [record(5, null)]);
    await store.writeQuarantine('20260101T000000Z-aaaaaa', [record(12)]);

    const first = await store.readQuarantine('20260101T000000Z-aaaaaa');
    const all = await store.readQuarantine();

    assert.deepEqual(first, [record(10), record(11), record(12)]);
    assert.deepEqual(all, [record(10), record(11), record(12), record(5, null)]);
    assert.deepEqual(await store.readQuarantine('20260103T000000Z-cccccc'), []);
  });

  test('no records writes no file', async () => {
    await store.writeQuarantine('20260101T000000Z-aaaaaa', []);

    assert.deepEqual(await readdir(dataDirLayout(dataDir).quarantine), []);
  });

  test('rejects run id with slash', async () => {
    await assert.rejects(store.writeQuarantine('../escape', [record(1)]), {
      name: 'BadInputError',
      code: 'AOD_RUN_ID_INVALID',
    });
  });
});

function manifestPath(): string {
  return join(dataDirLayout(dataDir).observations, 'manifest.json');
}

async function partitionFiles(): Promise<string[]> {
  const root = dataDirLayout(dataDir).observations;
  const files: string[] = [];
  for (const site of (await readdir(root)).filter((n) => n.startsWith('site='))) {
    for (const year of await readdir(join(root, site))) {
      for (const file of await readdir(join(root, site, year))) {
        files.push(`${site}/${year}/${file}`);
      }
    }
  }
  return files;
}

function valuesOf(table: ReturnType<typeof tableOf>, row: number): Record<string, number> {
  return Object.fromEntries(Object.entries(table.values).map(([name, v]) => [name, v[row]!]));
}

function takeFirst(table: ReturnType<typeof tableOf>, count: number): ReturnType<typeof tableOf> {
  return { ...table, length: count };
}
