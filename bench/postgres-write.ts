/**
 * Measures the PostgreSQL store on the synthetic table of `store-write.ts`: 1,000,000
 * observations of 20 sites over 10 years, 30% of AOD 1640 nm missing. The steps are a first
 * write into an empty schema, the same write again (every row unchanged), a write changing 1%
 * of rows spread over every partition, a full read, a count and the data version.
 *
 * Run: `node --import tsx bench/postgres-write.ts [rows]` with a server at
 * `AODFLOW_BENCH_DATABASE_URL` (default postgres://postgres@127.0.0.1:5432/test). The bench
 * creates a schema of its own and drops it at the end. Prints seconds per step and peak RSS.
 */
import pg from 'pg';

import { MEASUREMENTS, createObservationTable, type ObservationTable } from '../src/observation.ts';
import { openPostgresStore } from '../src/store/postgres/postgres-store.ts';

const URL = process.env.AODFLOW_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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
    for (const name of MEASUREMENTS) table.values[name][i] = Math.round(random() * 1e6) / 1e6;
    if (random() < 0.3) table.values.aod_1640[i] = NaN;
  }
  return table;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2)} s`);
  return result;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const schema = `aodflow_bench_${process.pid}`;
  const table = syntheticTable(rows);
  const store = await openPostgresStore(URL, { schema });

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
    await timed('count rows of one year', () =>
      store.countObservations({ from: START, to: START + 365 * 86_400 }),
    );
    await timed('data version', () => store.dataVersion());
  } finally {
    await store.close();
    await dropSchema(schema);
  }

  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

await main();
