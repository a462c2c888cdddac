/**
 * Behaviour every store implementation shares: observations, quarantine, run history and
 * ingest state. Each store's test file calls `describeObservationStoreContract` with a function
 * that opens a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';

import { BadInputError, NotFoundError } from '../../../src/errors.ts';
import { concatTables, type ObservationTable } from '../../../src/observation.ts';
import type { QuarantineRecord } from '../../../src/quarantine.ts';
import type { IngestStateStore, PartitionState } from '../../../src/store/ingest-state.ts';
import type { RunHistory } from '../../../src/store/run-history.ts';
import type { ObservationStore } from '../../../src/store/store.ts';
import { hourlyTable, rowsOf, seconds, tableOf, type RowSpec } from '../observation-fixtures.ts';
import { runRecord } from '../run-fixtures.ts';

export interface ContractStore {
  observations: ObservationStore;
  runs: RunHistory;
  ingestState: IngestStateStore;
  /** Closes the store and removes everything it stored. */
  cleanup(): Promise<void>;
}

/** SHA-256 of no input: the data version of an empty store. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const dakarAndIlorin = (): ObservationTable =>
  tableOf([
    { site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.512, aod_440: 0.6 } },
    { site: 'Dakar', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.25, aod_1640: NaN } },
    { site: 'Dakar', time: '2019-12-31T23:59:59Z', values: { aod_500: 0.3 }, latitude: NaN },
    { site: 'Dakar', time: '2020-03-01T09:00:00Z', level: 20, values: { aod_870: 0.1 } },
  ]);

function countsOf(summary: { added: number; replaced: number; unchanged: number }) {
  return { added: summary.added, replaced: summary.replaced, unchanged: summary.unchanged };
}

/** Rebuilds the rows of `table` as specs, with another source, in the order of `order`. */
function respecified(table: ObservationTable, order: number[], source: Partial<RowSpec>) {
  const rows = rowsOf(table);
  return order.map((i) => ({
    site: String(rows[i]!.site),
    time: table.time[i]!,
    level: table.level[i]!,
    latitude: table.latitude[i]!,
    values: Object.fromEntries(Object.entries(table.values).map(([name, v]) => [name, v[i]!])),
    ...source,
  }));
}

function byTimeThenSite(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return (
    String(a.time).localeCompare(String(b.time)) || String(a.site).localeCompare(String(b.site))
  );
}

export function describeObservationStoreContract(
  name: string,
  open: () => Promise<ContractStore>,
): void {
  describe(`${name} store contract`, () => {
    let opened: ContractStore;
    let store: ObservationStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.observations;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    describe('writeObservations', () => {
      test('round trip keeps values and NaN', async () => {
        const table = dakarAndIlorin();

        const summary = await store.writeObservations(table);
        const back = await store.readObservations();

        assert.deepEqual(countsOf(summary), { added: 4, replaced: 0, unchanged: 0 });
        assert.deepEqual(rowsOf(back), rowsOf(table).sort(byTimeThenSite));
        assert.deepEqual(back.siteNames, ['Dakar', 'Ilorin']);
        assert.equal(Number.isNaN(back.latitude[0]), true);
        assert.equal(Number.isNaN(back.values.aod_1640[2]), true);
      });

      test('same table twice adds nothing', async () => {
        const first = await store.writeObservations(dakarAndIlorin());
        const second = await store.writeObservations(dakarAndIlorin());

        assert.deepEqual(second, {
          added: 0,
          replaced: 0,
          unchanged: 4,
          dataVersion: first.dataVersion,
        });
        assert.equal(await store.countObservations(), 4);
      });

      test('same values from new source', async () => {
        await store.writeObservations(dakarAndIlorin());
        const again = tableOf(
          respecified(dakarAndIlorin(), [0, 1, 2, 3], {
            source: 'downloaded-again.lev15',
            retrievedAt: '2025-01-01T00:00:00.000Z',
          }),
        );

        const summary = await store.writeObservations(again);
        const back = await store.readObservations();

        assert.deepEqual(countsOf(summary), { added: 0, replaced: 0, unchanged: 4 });
        assert.deepEqual(
          back.sources.map((s) => s.uri),
          ['Dakar.lev15', 'Dakar.lev20', 'Ilorin.lev15'],
        );
      });

      test('changed values are replaced and counted', async () => {
        await store.writeObservations(dakarAndIlorin());
        const changed = tableOf([
          { site: 'Dakar', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.26 } },
          { site: 'Dakar', time: '2020-03-01T11:00:00Z', values: { aod_500: 0.27 } },
          {
            site: 'Ilorin',
            time: '2020-03-01T10:00:00Z',
            values: { aod_500: 0.512, aod_440: 0.6 },
          },
        ]);

        const summary = await store.writeObservations(changed);
        const dakar = await store.readObservations({ sites: ['Dakar'] });

        assert.deepEqual(countsOf(summary), { added: 1, replaced: 1, unchanged: 1 });
        assert.equal(await store.countObservations(), 5);
        assert.deepEqual(Array.from(dakar.values.aod_500), [0.3, NaN, 0.26, 0.27]);
      });

      test('value becoming NaN is replaced', async () => {
        await store.writeObservations(dakarAndIlorin());
        const cleared = tableOf([{ site: 'Ilorin', time: '2020-03-01T10:00:00Z', values: {} }]);

        const summary = await store.writeObservations(cleared);
        const ilorin = await store.readObservations({ sites: ['Ilorin'] });

        assert.deepEqual(countsOf(summary), { added: 0, replaced: 1, unchanged: 0 });
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

        assert.deepEqual(countsOf(summary), { added: 2, replaced: 1, unchanged: 1 });
        assert.deepEqual(Array.from(back.values.aod_500), [0.2, 0.3]);
        assert.deepEqual(Array.from(back.line), [9, 10]);
      });

      test('repeated key counts against stored row', async () => {
        await store.writeObservations(
          tableOf([{ site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 } }]),
        );
        const repeated = tableOf([
          { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 } },
          { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.2 } },
          { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 } },
        ]);

        const summary = await store.writeObservations(repeated);
        const back = await store.readObservations();

        assert.deepEqual(countsOf(summary), { added: 0, replaced: 2, unchanged: 1 });
        // The kept (last) row equals the stored one, so the stored row and its lineage stay.
        assert.deepEqual(Array.from(back.values.aod_500), [0.1]);
        assert.deepEqual(Array.from(back.line), [7]);
      });

      test('lineage kept per row', async () => {
        await store.writeObservations(
          tableOf([
            { site: 'Dakar', time: '2020-01-01T00:00:00Z', values: { aod_500: 0.1 }, line: 20 },
            { site: 'Dakar', time: '2020-01-01T01:00:00Z', values: { aod_500: 0.2 }, line: 21 },
          ]),
        );
        const update = tableOf([
          {
            site: 'Dakar',
            time: '2020-01-01T00:00:00Z',
            values: { aod_500: 0.1 },
            source: 'update.lev15',
            retrievedAt: '2025-02-01T00:00:00.000Z',
            line: 5,
          },
          {
            site: 'Dakar',
            time: '2020-01-01T01:00:00Z',
            values: { aod_500: 0.25 },
            source: 'update.lev15',
            retrievedAt: '2025-02-01T00:00:00.000Z',
            line: 6,
          },
        ]);

        await store.writeObservations(update);
        const back = await store.readObservations();

        assert.deepEqual(
          rowsOf(back).map((r) => [r.source, r.retrievedAt, r.line]),
          [
            ['Dakar.lev15', '2024-05-01T00:00:00.000Z', 20],
            ['update.lev15', '2025-02-01T00:00:00.000Z', 6],
          ],
        );
        assert.deepEqual(back.sources, [
          {
            uri: 'Dakar.lev15',
            kind: 'file',
            contentHash: 'ab'.repeat(32),
            retrievedAt: '2024-05-01T00:00:00.000Z',
            product: 'all_points',
            level: 15,
          },
          {
            uri: 'update.lev15',
            kind: 'file',
            contentHash: 'ab'.repeat(32),
            retrievedAt: '2025-02-01T00:00:00.000Z',
            product: 'all_points',
            level: 15,
          },
        ]);
      });

      test('daily and all points rows coexist', async () => {
        const table = tableOf([
          { site: 'Dakar', time: '2020-01-01T12:00:00Z', values: { aod_500: 0.1 } },
          {
            site: 'Dakar',
            time: '2020-01-01T12:00:00Z',
            values: { aod_500: 0.2 },
            product: 'daily',
            source: 'Dakar.daily',
          },
        ]);

        const summary = await store.writeObservations(table);
        const back = await store.readObservations();

        assert.deepEqual(countsOf(summary), { added: 2, replaced: 0, unchanged: 0 });
        assert.deepEqual(
          rowsOf(back).map((r) => [r.product, r.aod_500]),
          [
            ['all_points', 0.1],
            ['daily', 0.2],
          ],
        );
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
        const byKey = new Map(rowsOf(back).map((r) => [`${r.site} ${r.time}`, r.aod_500]));
        rows.forEach((row, i) => {
          const key = `${row.site} ${new Date(row.time * 1000).toISOString()}`;
          assert.equal(byKey.get(key), i / 1000);
        });
      });

      test('site name with quote and percent', async () => {
        const site = "Cap d'Afrique 2%/x";
        const table = tableOf([{ site, time: '2020-03-01T10:00:00Z', values: { aod_500: 0.4 } }]);

        await store.writeObservations(table);
        const back = await store.readObservations({ sites: [site] });

        assert.deepEqual(back.siteNames, [site]);
        assert.deepEqual(rowsOf(back), rowsOf(table));
      });

      test('empty table writes nothing', async () => {
        const summary = await store.writeObservations(tableOf([]));

        assert.deepEqual(summary, {
          added: 0,
          replaced: 0,
          unchanged: 0,
          dataVersion: EMPTY_SHA256,
        });
        assert.equal(await store.countObservations(), 0);
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
        const other = await open();
        try {
          // Same observations, written in another order, in two writes, from another source.
          const first = await store.writeObservations(dakarAndIlorin());
          const reordered = tableOf(
            respecified(dakarAndIlorin(), [3, 1, 0, 2], {
              retrievedAt: '2030-01-01T00:00:00.000Z',
            }),
          );
          await other.observations.writeObservations({ ...reordered, length: 2 });
          const second = await other.observations.writeObservations(reordered);

          assert.equal(second.dataVersion, first.dataVersion);
          assert.equal(await other.observations.dataVersion(), await store.dataVersion());
        } finally {
          await other.cleanup();
        }
      });

      test('a changed value changes the version', async () => {
        const before = (await store.writeObservations(dakarAndIlorin())).dataVersion;
        const changed = tableOf([
          {
            site: 'Ilorin',
            time: '2020-03-01T10:00:00Z',
            values: { aod_500: 0.513, aod_440: 0.6 },
          },
        ]);

        const after = (await store.writeObservations(changed)).dataVersion;

        assert.notEqual(after, before);
        assert.match(after, /^[0-9a-f]{64}$/);
        assert.equal(await store.dataVersion(), after);
      });

      test('restored value restores the version', async () => {
        const original = (await store.writeObservations(dakarAndIlorin())).dataVersion;
        const changed = tableOf([
          { site: 'Dakar', time: '2020-03-01T10:00:00Z', values: { aod_500: 0.99 } },
        ]);

        const between = (await store.writeObservations(changed)).dataVersion;
        const restored = (await store.writeObservations(dakarAndIlorin())).dataVersion;

        assert.notEqual(between, original);
        assert.equal(restored, original);
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
        assert.equal((await store.readObservations({ sites: [] })).length, 0);
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
        assert.deepEqual(table.sources, []);
      });
    });

    describe('quarantine', () => {
      const record = (line: number, site: string | null = 'Dakar'): QuarantineRecord => ({
        reason: 'malformed_row',
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

      test('record fields round trip', async () => {
        const full: QuarantineRecord = {
          reason: 'impossible_value',
          source: 'https://aeronet.example/print_web_data_v3?site=Dakar',
          line: 4_000_000_000,
          site: 'Dakar',
          time: '2020-01-01T00:00:00.000Z',
          field: 'AOD_500nm',
          value: '-12.5',
          detail: 'AOD_500nm: expected a value from -0.05 to 10, got -12.5',
        };

        await store.writeQuarantine('20260101T000000Z-aaaaaa', [full]);

        assert.deepEqual(await store.readQuarantine('20260101T000000Z-aaaaaa'), [full]);
      });

      test('no records writes nothing', async () => {
        await store.writeQuarantine('20260101T000000Z-aaaaaa', []);

        assert.deepEqual(await store.readQuarantine(), []);
      });

      test('rejects run id with slash', async () => {
        await assert.rejects(store.writeQuarantine('../escape', [record(1)]), {
          name: 'BadInputError',
          code: 'AOD_RUN_ID_INVALID',
        });
      });
    });

    describe('run history', () => {
      test('saved run reads back', async () => {
        const run = {
          ...runRecord('20260101T000000Z-aaaaaa', '2026-01-01T00:00:00.000Z'),
          parameters: { sites: ['Dakar'], level: 20 },
          dataVersion: EMPTY_SHA256,
        };

        await opened.runs.saveRun(run);

        assert.deepEqual(await opened.runs.getRun(run.runId), run);
      });

      test('saving again replaces the run', async () => {
        const run = runRecord('20260101T000000Z-aaaaaa', '2026-01-01T00:00:00.000Z');
        await opened.runs.saveRun({ ...run, state: 'running', endedAt: null });

        await opened.runs.saveRun(run);

        assert.deepEqual(await opened.runs.getRun(run.runId), run);
        assert.equal((await opened.runs.listRuns()).length, 1);
      });

      test('unknown run is not found', async () => {
        for (const runId of ['20260101T000000Z-ffffff', '../escape']) {
          await assert.rejects(opened.runs.getRun(runId), (error: unknown) => {
            assert.ok(error instanceof NotFoundError);
            assert.equal(error.code, 'AOD_RUN_NOT_FOUND');
            return true;
          });
        }
      });

      test('runs list newest first', async () => {
        await opened.runs.saveRun(runRecord('b-run', '2026-01-02T00:00:00.000Z'));
        await opened.runs.saveRun(runRecord('a-run', '2026-01-03T00:00:00.000Z'));
        await opened.runs.saveRun(runRecord('c-run', '2026-01-01T00:00:00.000Z'));
        await opened.runs.saveRun(runRecord('d-run', '2026-01-02T00:00:00.000Z'));

        const all = await opened.runs.listRuns();
        const two = await opened.runs.listRuns({ limit: 2 });

        assert.deepEqual(
          all.map((r) => r.runId),
          ['a-run', 'd-run', 'b-run', 'c-run'],
        );
        assert.deepEqual(
          two.map((r) => r.runId),
          ['a-run', 'd-run'],
        );
        assert.deepEqual(await opened.runs.listRuns({ limit: 0 }), []);
      });

      test('rejects saving an unsafe run id', async () => {
        await assert.rejects(
          opened.runs.saveRun(runRecord('../escape', '2026-01-01T00:00:00.000Z')),
          { name: 'BadInputError', code: 'AOD_RUN_ID_INVALID' },
        );
      });
    });

    describe('ingest state', () => {
      const state = (site: string, month: string, rows = 10): PartitionState => ({
        site,
        month,
        level: 20,
        product: 'all_points',
        status: 'complete',
        requestKey: 'cd'.repeat(32),
        fetchedAt: '2026-01-05T00:00:00.000Z',
        rows,
        contentHash: 'ef'.repeat(32),
      });

      test('saved partitions read back', async () => {
        const empty: PartitionState = {
          ...state('Ilorin', '2020-02'),
          status: 'empty',
          rows: 0,
          contentHash: null,
        };
        await opened.ingestState.savePartition(state('Dakar', '2020-01'));
        await opened.ingestState.savePartition(empty);

        const read = await opened.ingestState.readPartitions({
          sites: ['Dakar', 'Ilorin'],
          level: 20,
          product: 'all_points',
        });

        assert.deepEqual(
          read,
          new Map([
            ['Dakar/2020-01/20/all_points', state('Dakar', '2020-01')],
            ['Ilorin/2020-02/20/all_points', empty],
          ]),
        );
      });

      test('saving again replaces the partition', async () => {
        await opened.ingestState.savePartition(state('Dakar', '2020-01', 10));
        await opened.ingestState.savePartition(state('Dakar', '2020-02', 11));

        await opened.ingestState.savePartition(state('Dakar', '2020-01', 12));
        const read = await opened.ingestState.readPartitions({
          sites: ['Dakar'],
          level: 20,
          product: 'all_points',
        });

        assert.deepEqual(
          [...read.values()].map((s) => [s.month, s.rows]),
          [
            ['2020-01', 12],
            ['2020-02', 11],
          ],
        );
      });

      test('read keeps to sites, level and product', async () => {
        await opened.ingestState.savePartition(state('Dakar', '2020-01'));
        await opened.ingestState.savePartition({ ...state('Dakar', '2020-01'), level: 15 });
        await opened.ingestState.savePartition({ ...state('Dakar', '2020-01'), product: 'daily' });
        await opened.ingestState.savePartition(state('Ilorin', '2020-01'));

        const read = await opened.ingestState.readPartitions({
          sites: ['Dakar', 'Nowhere'],
          level: 20,
          product: 'all_points',
        });

        assert.deepEqual([...read.keys()], ['Dakar/2020-01/20/all_points']);
      });
    });
  });
}
