/**
 * Runs aodflow's stages on the given files in this process and prints one JSON line with
 * per-stage seconds and peak RSS, for bench/pipeline.ts. The stages mirror the Python
 * reference's: read (parse), clean, fit (features + least squares + test metrics).
 * With `--store DIR` the observations are also written to an embedded store in DIR.
 *
 *   node --import tsx bench/aodflow-stages.ts [--store DIR] FILE...
 */
import { cleanObservations } from '../src/clean/clean-observations.ts';
import { ingestFiles } from '../src/ingest/ingest-files.ts';
import { fitModel } from '../src/model/fit-model.ts';
import { openEmbeddedStore } from '../src/store/embedded-store.ts';

const args = process.argv.slice(2);
const storeAt = args[0] === '--store' ? args[1] : undefined;
const files = storeAt ? args.slice(2) : args;
const seconds: Record<string, number> = {};

async function stage<T>(name: string, body: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  const value = await body();
  seconds[name] = (performance.now() - start) / 1000;
  return value;
}

const ingested = await stage('read', () => ingestFiles(files, { workers: 2 }));
const rowsRead = ingested.rowsRead;
if (storeAt) {
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
    coefficients: fit.artifact.coefficients,
  })}\n`,
);
