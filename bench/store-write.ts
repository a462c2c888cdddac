/**
 * Measures the embedded store on a synthetic table of 1,000,000 observations: 20 sites over
 * 10 years, with 30% of AOD 1640 nm missing. The steps are a first write into an empty store,
 * the same write again (every row unchanged), a write changing 1% of rows spread over every
 * partition, and a full read.
 *
 * Run: `node --import tsx bench/store-write.ts [rows]`. Prints seconds per step and the peak
 * resident set size of the process, which includes the table itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MEASUREMENTS, createObservationTable, type ObservationTable } from '../src/observation.ts';
import { openEmbeddedStore } from '../src/store/embedded-store.ts';

const SITES = 20;
const YEARS = 10;
const START = Date.UTC(2014, 0, 1) / 1000;
const SPAN = YEARS * 365 * 86_400;

/** Builds `rows` observations spread evenly over the sites and years, from a fixed seed. */
function syntheticTable(rows: number): ObservationTable {
  const table = createObservationTable(rows);
  table.length = rows;
  table.siteNames = Array.from({ length: SITES }, (_, s) => `Site_${s}`);
  table.sources = table.siteNames.map((site) => ({
    uri: `synthetic/${site}.lev15`,
    kind: 'file' as const,
    contentHash: site.padEnd(64, '0'),
    retrievedAt: '2024-01-01T00:00:00.000Z',
    product: 'all_points' as const,
    level: 15,
  }));

  let seed = 42;
  const random = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  // Rows grouped by site in time order, as ingesting one file per site gives them.
  const perSite = Math.ceil(rows / SITES);
  for (let i = 0; i < rows; i++) {
    const site = Math.floor(i / perSite);
    const index = i % perSite;
    table.site[i] = site;
    table.source[i] = site;
    table.time[i] = START + Math.floor((index * SPAN) / perSite);
    table.level[i] = 15;
    table.latitude[i] = 5 + site;
    table.longitude[i] = -10 + site;
    table.elevation[i] = 100 * site;
    table.instrument[i] = 300 + site;
    table.line[i] = 7 + index;
    // AERONET files give six decimals.
    for (const name of MEASUREMENTS) table.values[name][i] = Math.round(random() * 1e6) / 1e6;
    if (random() < 0.3) table.values.aod_1640[i] = NaN;
  }
  return table;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(34)} ${seconds.toFixed(2)} s, peak so far ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  return result;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'aodflow-bench-store-'));
  const table = syntheticTable(rows);
  const rssBefore = process.memoryUsage().rss;
  const store = await openEmbeddedStore(dataDir);

  try {
    const first = await timed(`write ${rows} rows, empty store`, () =>
      store.writeObservations(table),
    );
    console.log(`  added ${first.added}`);

    const again = await timed('write the same rows again', () => store.writeObservations(table));
    console.log(`  unchanged ${again.unchanged}`);

    // Every 101st row, so the changes reach every partition.
    for (let i = 0; i < rows; i += 101) table.values.aod_500[i] = 9;
    const changed = await timed('write with 1% of rows changed', () =>
      store.writeObservations(table),
    );
    console.log(`  replaced ${changed.replaced}`);

    const read = await timed('read every row back', () => store.readObservations());
    console.log(`  rows read ${read.length}`);
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }

  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(`RSS after building the table ${(rssBefore / 2 ** 20).toFixed(0)} MB`);
  console.log(`peak RSS ${peakMb.toFixed(0)} MB`);
}

await main();
