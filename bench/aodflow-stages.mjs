/**
 * Runs aodflow's stages on the given files in this process and prints one JSON line with
 * per-stage seconds and peak RSS, for bench/pipeline.ts. The stages mirror the Python
 * reference's: read (parse), clean, fit (features + least squares + test metrics).
 * With `--store DIR` the observations are also written to an embedded store in DIR.
 *
 * Plain JavaScript on the compiled dist/ (`npm run build`), without a TypeScript loader, so
 * it measures the code, start-up and memory of the `aodflow` command.
 *
 *   node bench/aodflow-stages.mjs [--store DIR] FILE...
 */
import { performance } from 'node:perf_hooks';

import { cleanObservations } from '../dist/clean/clean-observations.js';
import { ingestFiles } from '../dist/ingest/ingest-files.js';
import { fitModel } from '../dist/model/fit-model.js';

const args = process.argv.slice(2);
const storeAt = args[0] === '--store' ? args[1] : undefined;
const files = storeAt ? args.slice(2) : args;
/** @type {Record<string, number>} */
const seconds = {};
/** @type {Record<string, number>} */
const peakRssMb = {};

/**
 * Runs `body` as stage `name`, recording its seconds and the peak RSS so far.
 * @template T
 * @param {string} name
 * @param {() => Promise<T> | T} body
 * @returns {Promise<T>}
 */
async function stage(name, body) {
  const start = performance.now();
  const value = await body();
  seconds[name] = (performance.now() - start) / 1000;
  peakRssMb[name] = process.resourceUsage().maxRSS / 1024;
  return value;
}

const ingested = await stage('read', () => ingestFiles(files, { workers: 2 }));
const rowsRead = ingested.rowsRead;
if (storeAt) {
  // Imported only here: DuckDB's native library adds about 30 MB of RSS to any process.
  const { openEmbeddedStore } = await import('../dist/store/embedded-store.js');
  await stage('store', async () => {
    const store = await openEmbeddedStore(storeAt);
    await store.writeObservations(ingested.table);
    await store.close();
  });
}
const cleaned = await stage('clean', () => cleanObservations(ingested.table));
const fit = await stage('fit', () => fitModel(cleaned.table));

process.stdout.write(
  `${JSON.stringify({
    rowsRead,
    rowsClean: cleaned.table.length,
    rowsModel: fit.artifact.metrics.rowsTrain + fit.artifact.metrics.rowsTest,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakRssMbByStage: peakRssMb,
    coefficients: fit.artifact.coefficients,
  })}\n`,
);
