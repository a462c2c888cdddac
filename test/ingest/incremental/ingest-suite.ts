/**
 * Incremental ingestion through the real service client, over HTTP, against the local
 * AERONET stand-in. Each store's test file runs this suite with its own store factory.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { SiteCatalogIndex } from '../../../src/ingest/catalog/site-catalog-index.ts';
import {
  ingestPartitions,
  type IncrementalIngestOptions,
} from '../../../src/ingest/incremental/ingest-partitions.ts';
import { planPartitions } from '../../../src/ingest/incremental/plan-partitions.ts';
import { AeronetServiceClient } from '../../../src/ingest/service/aeronet-service-client.ts';
import { readSiteCatalog } from '../../../src/ingest/site-catalog.ts';
import type { IngestStateStore } from '../../../src/store/ingest-state.ts';
import type { ObservationStore } from '../../../src/store/store.ts';
import { REAL_DATA_DIR, REPO_ROOT, realDataAvailable, tempDir } from '../../support/paths.ts';
import {
  startAeronetStandIn,
  type AeronetStandIn,
  type FaultPlan,
} from '../../support/aeronet-stand-in/start-aeronet-stand-in.ts';

const execFileAsync = promisify(execFile);

export interface SuiteStore {
  observations: ObservationStore;
  ingestState: IngestStateStore;
  /** Command-line arguments and environment that make `aodflow ingest` use this store. */
  cli: { args: string[]; env: Record<string, string> };
  cleanup(): Promise<void>;
}

const SAO_PAULO = '20190101_20191231_Sao_Paulo.lev20';
const SP_EACH = '20190101_20191231_SP-EACH.lev20';

export function describeIngestSuite(name: string, openStore: () => Promise<SuiteStore>): void {
  describe(`incremental ingest (${name} store)`, { skip: skipReason() }, () => {
    let catalog: SiteCatalogIndex;
    let filesDir: string;
    before(async () => {
      catalog = new SiteCatalogIndex(
        await readSiteCatalog(join(REAL_DATA_DIR, 'aeronet_locations_v3.txt')),
      );
      filesDir = await tempDir('aodflow-stand-in-');
      await copyFile(join(REAL_DATA_DIR, SAO_PAULO), join(filesDir, SAO_PAULO));
      await copyFile(join(REAL_DATA_DIR, SP_EACH), join(filesDir, SP_EACH));
    });

    const opened: SuiteStore[] = [];
    const servers: AeronetStandIn[] = [];
    after(async () => {
      await Promise.all(servers.map((server) => server.close()));
      for (const store of opened) await store.cleanup();
    });

    async function setUp(faults: FaultPlan = [], files: string | string[] = filesDir) {
      const server = await startAeronetStandIn({ files, faults });
      servers.push(server);
      const store = await openStore();
      opened.push(store);
      const client = new AeronetServiceClient({
        catalog,
        baseUrl: server.url,
        minIntervalMs: 0,
        timeoutMs: 2000,
        sleep: async () => undefined,
      });
      const ingest = (overrides: Partial<IncrementalIngestOptions> = {}) =>
        ingestPartitions({
          source: client,
          observations: store.observations,
          ingestState: store.ingestState,
          runId: 'run-test',
          sites: ['Sao_Paulo'],
          from: '2019-01-01',
          to: '2019-12-31',
          level: '2.0',
          now: () => Date.parse('2026-12-01T00:00:00Z'),
          ...overrides,
        });
      return { server, store, ingest };
    }

    it('stores a year once and skips it when current', async () => {
      const { server, store, ingest } = await setUp();

      const first = await ingest();
      const second = await ingest();

      assert.equal(first.rowsAdded, 722);
      assert.equal(first.requests, 1);
      assert.equal(first.downloaded + first.empty, 12);
      assert.equal(await store.observations.countObservations(), 722);
      // Months without data are requested again, because an empty response is never final.
      assert.equal(second.skippedCurrent, first.downloaded);
      assert.equal(second.empty, first.empty);
      assert.equal(second.rowsAdded, 0);
      assert.equal(server.requests.length, 1 + second.requests);
    });

    it('retries a 5xx and keeps one copy', async () => {
      const { server, store, ingest } = await setUp([
        { fault: { kind: 'status', status: 503 }, requests: [1] },
      ]);

      const summary = await ingest();

      assert.equal(server.requests.length, 2);
      assert.equal(summary.retried, 1);
      assert.equal(summary.failed, 0);
      assert.equal(await store.observations.countObservations(), 722);
    });

    it('reports an empty answer as no data', async () => {
      const { store, ingest } = await setUp();

      const summary = await ingest({ from: '2021-01-01', to: '2021-02-28' });

      assert.equal(summary.empty, 2);
      assert.equal(summary.downloaded, 0);
      assert.equal(await store.observations.countObservations(), 0);
      const states = await store.ingestState.readPartitions({
        sites: ['Sao_Paulo'],
        level: 20,
        product: 'all_points',
      });
      assert.deepEqual(
        [...states.values()].map((s) => s.status),
        ['empty', 'empty'],
      );
    });

    it('fails an HTML answer without storing', async () => {
      const { store, ingest } = await setUp([{ match: () => true, fault: { kind: 'html-error' } }]);

      const summary = await ingest({ to: '2019-03-31' });

      assert.equal(summary.failed, 3);
      assert.match(summary.failures[0]!.error, /AOD_SERVICE_BAD_ANSWER/);
      assert.equal(await store.observations.countObservations(), 0);
    });

    it('never keeps a truncated body', async () => {
      const { server, store, ingest } = await setUp([
        { fault: { kind: 'truncate', mode: 'end-early' }, requests: [1] },
      ]);

      const summary = await ingest();

      assert.equal(server.requests.length, 2);
      assert.equal(summary.retried, 1);
      assert.equal(await store.observations.countObservations(), 722);
    });

    it('fails a timed-out request after retries', async () => {
      const { server, store, ingest } = await setUp([
        { match: () => true, fault: { kind: 'delay', ms: 5000 } },
      ]);

      const summary = await ingest({ to: '2019-01-31' });

      assert.equal(summary.failed, 1);
      assert.match(summary.failures[0]!.error, /AOD_SERVICE_TIMEOUT/);
      assert.equal(summary.retried, 3);
      assert.equal(server.requests.length, 4);
      assert.equal(await store.observations.countObservations(), 0);
    });

    it('resumes after a failure without re-downloading', async () => {
      const { server, store, ingest } = await setUp([
        {
          match: (request) => request.params.site === 'SP-EACH',
          fault: { kind: 'status', status: 404 },
        },
      ]);
      const sites = ['Sao_Paulo', 'SP-EACH'];

      const first = await ingest({ sites, concurrency: 1 });
      server.setFaults([]);
      const before = server.requests.length;
      const second = await ingest({ sites, concurrency: 1 });

      assert.equal(first.failed, 12);
      assert.equal(second.skippedCurrent, first.downloaded);
      assert.deepEqual(
        [...new Set(server.requests.slice(before).map((r) => r.params.site))],
        first.empty > 0 ? ['Sao_Paulo', 'SP-EACH'] : ['SP-EACH'],
      );
      assert.equal(await store.observations.countObservations(), 722 + 144);
    });

    it('resumes a killed run without re-downloading', async () => {
      const { server, store, ingest } = await setUp([
        { requests: [2], fault: { kind: 'delay', ms: 60_000 } },
      ]);
      const child = spawn(
        process.execPath,
        [
          join(REPO_ROOT, 'bin/aodflow.js'),
          'ingest',
          ...['--sites', 'Sao_Paulo,SP-EACH', '--from', '2019-01-01', '--to', '2019-12-31'],
          ...['--catalog', join(REAL_DATA_DIR, 'aeronet_locations_v3.txt')],
          ...['--service-url', server.url, '--concurrency', '1', '--min-interval-ms', '0'],
          ...store.cli.args,
        ],
        { env: { ...process.env, ...store.cli.env }, stdio: 'ignore' },
      );
      const exited = once(child, 'exit');

      // Killed while its second request (SP-EACH) hangs, after Sao_Paulo was stored.
      while (server.requests.length < 2) await sleep(50);
      child.kill('SIGKILL');
      await exited;
      server.setFaults([]);
      const stored = await store.ingestState.readPartitions({
        sites: ['Sao_Paulo', 'SP-EACH'],
        level: 20,
        product: 'all_points',
      });
      const complete = [...stored.values()].filter((s) => s.status === 'complete');
      const before = server.requests.length;
      const resumed = await ingest({ sites: ['Sao_Paulo', 'SP-EACH'], concurrency: 1 });

      assert.ok(complete.length > 0);
      assert.ok(complete.every((s) => s.site === 'Sao_Paulo'));
      assert.equal(resumed.skippedCurrent, complete.length);
      assert.ok(server.requests.slice(before).some((r) => r.params.site === 'SP-EACH'));
      assert.equal(await store.observations.countObservations(), 722 + 144);
    });

    it('records a run with failed partitions as failed', async () => {
      const { server, store } = await setUp([
        { match: () => true, fault: { kind: 'status', status: 404 } },
      ]);
      // Asynchronous: the stand-in runs in this process and must keep serving requests meanwhile.
      const cli = (args: string[]) =>
        execFileAsync(
          process.execPath,
          [join(REPO_ROOT, 'bin/aodflow.js'), ...args, ...store.cli.args],
          {
            encoding: 'utf8',
            env: { ...process.env, ...store.cli.env },
          },
        ).then(
          (done) => ({ status: 0, stdout: done.stdout }),
          (failed: { code: number; stdout: string }) => ({
            status: failed.code,
            stdout: failed.stdout,
          }),
        );

      const ingest = await cli([
        ...['ingest', '--sites', 'Sao_Paulo', '--from', '2019-01-01', '--to', '2019-01-31'],
        ...['--catalog', join(REAL_DATA_DIR, 'aeronet_locations_v3.txt'), '--json'],
        ...['--service-url', server.url, '--min-interval-ms', '0'],
      ]);
      const summary = JSON.parse(ingest.stdout) as { runId: string; failed: number };
      const runs = await cli(['runs', summary.runId, '--json']);
      const run = JSON.parse(runs.stdout) as { state: string; error: string };

      assert.equal(ingest.status, 1);
      assert.equal(summary.failed, 1);
      assert.equal(run.state, 'failed');
      assert.match(run.error, /^AOD_TASK_FAILED: 1 of 1 partitions failed; first: Sao_Paulo/);
    });

    it('adds no duplicates for overlapping ranges', async () => {
      const { store, ingest } = await setUp();

      await ingest({ from: '2019-01-01', to: '2019-06-30' });
      const overlap = await ingest({ from: '2019-04-01', to: '2019-09-30', refresh: true });
      await ingest({ from: '2019-07-01', to: '2019-12-31' });

      assert.ok(overlap.rowsUnchanged > 0);
      assert.equal(await store.observations.countObservations(), 722);
    });

    it('replaces a reprocessed observation', async () => {
      const dir = await tempDir('aodflow-reprocessed-');
      const text = await readFile(join(filesDir, SAO_PAULO), 'utf8');
      await writeFile(join(dir, SAO_PAULO), text);
      const { server, store, ingest } = await setUp([], dir);
      await ingest({ to: '2019-01-31' });

      // AERONET reprocessing: the same observation (site, time) with a new AOD at 500 nm.
      const lines = text.split('\n');
      const row = lines.findIndex((line) => line.startsWith('01:01:2019,'));
      const fields = lines[row]!.split(',');
      fields[18] = '0.999999';
      lines[row] = fields.join(',');
      await writeFile(join(dir, SAO_PAULO), lines.join('\n'));
      await server.close();
      const again = await setUpOn(dir, store);
      const summary = await again.ingest({ to: '2019-01-31', refresh: true });

      assert.equal(summary.rowsReplaced, 1);
      assert.equal(summary.rowsAdded, 0);
      const stored = await store.observations.readObservations({ sites: ['Sao_Paulo'] });
      assert.equal(stored.values.aod_500[0], 0.999999);
    });

    async function setUpOn(dir: string, store: SuiteStore) {
      const server = await startAeronetStandIn({ files: dir });
      servers.push(server);
      const client = new AeronetServiceClient({
        catalog,
        baseUrl: server.url,
        minIntervalMs: 0,
        sleep: async () => undefined,
      });
      return {
        ingest: (overrides: Partial<IncrementalIngestOptions>) =>
          ingestPartitions({
            source: client,
            observations: store.observations,
            ingestState: store.ingestState,
            runId: 'run-test',
            sites: ['Sao_Paulo'],
            from: '2019-01-01',
            to: '2019-12-31',
            level: '2.0',
            ...overrides,
          }),
      };
    }

    it('makes no request when 50 sites x 10 years are current', async () => {
      const store = await openStore();
      opened.push(store);
      const sites = catalog.sites.slice(0, 50).map((site) => site.name);
      const input = {
        sites,
        from: '2010-01-01',
        to: '2019-12-31',
        level: 20,
        product: 'all_points' as const,
        serviceUrl: 'http://127.0.0.1:9/print_web_data_v3',
      };
      const plan = planPartitions(input, new Map(), { now: Date.now(), horizonDays: 400 });
      for (const partition of plan.partitions) {
        await store.ingestState.savePartition({
          site: partition.site,
          month: partition.month,
          level: partition.level,
          product: partition.product,
          status: 'complete',
          requestKey: partition.requestKey,
          fetchedAt: '2026-01-01T00:00:00.000Z',
          rows: 100,
          contentHash: 'c'.repeat(64),
        });
      }
      let requests = 0;
      const source = {
        baseUrl: input.serviceUrl,
        fetchObservations: async () => {
          requests++;
          throw new Error('no request expected');
        },
      };

      const summary = await ingestPartitions({
        source,
        observations: store.observations,
        ingestState: store.ingestState,
        runId: 'run-test',
        sites,
        from: input.from,
        to: input.to,
        level: '2.0',
      });

      assert.equal(requests, 0);
      assert.equal(summary.partitions, 6000);
      assert.equal(summary.skippedCurrent, 6000);
    });
  });
}

function skipReason(): string | false {
  return realDataAvailable() ? false : `real AERONET files not found at ${REAL_DATA_DIR}`;
}
