/**
 * The main flow: ingest -> store -> clean -> profile -> model, as tasks of one flow run.
 */
import { join } from 'node:path';

import { cleanObservations, type CleaningSummary } from '../clean/clean-observations.ts';
import { BadInputError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { QuarantineRecord } from '../quarantine.ts';
import { dataDirLayout } from '../store/data-dir.ts';
import { openEmbeddedStore } from '../store/embedded-store.ts';
import { FileRunHistory, newRunId } from '../store/file-run-history.ts';
import type { RunRecord } from '../store/run-history.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { fitModel } from '../model/fit-model.ts';
import { saveModel } from '../model/registry.ts';
import { FlowRun, type FlowEvent } from './flow-run.ts';
import { ingestFiles } from '../ingest/ingest-files.ts';

export interface AodFlowOptions {
  /** Files or folders of AERONET Version 3 data and site lists. */
  inputs: string[];
  dataDir: string;
  /** True when the inputs are the generated sample; the report then says so. */
  synthetic?: boolean;
  /** Parser worker threads per large file. @default 2 */
  workers?: number;
  logger?: Logger;
  onEvent?: (event: FlowEvent) => void;
}

export interface AodFlowResult {
  run: RunRecord;
  reportPath: string;
  modelVersion: string;
}

/** Runs the main flow and returns its record; a failed task fails the run and is rethrown. */
export async function runAodFlow(options: AodFlowOptions): Promise<AodFlowResult> {
  const logger = options.logger ?? silentLogger;
  const layout = dataDirLayout(options.dataDir);
  const history = new FileRunHistory(layout.runs);
  const runId = newRunId();
  const flow = new FlowRun({
    runId,
    flow: 'aod',
    parameters: { inputs: options.inputs, dataDir: options.dataDir },
    history,
    logger,
    onEvent: options.onEvent,
  });

  await flow.start();
  const store = await openEmbeddedStore(options.dataDir, { logger });
  try {
    const result = await runTasks(flow, store, layout, options);
    await flow.finish();
    return { run: flow.record, ...result };
  } catch (error) {
    await flow.finish(error);
    throw error;
  } finally {
    await store.close();
  }
}

async function runTasks(
  flow: FlowRun,
  store: Awaited<ReturnType<typeof openEmbeddedStore>>,
  layout: ReturnType<typeof dataDirLayout>,
  options: AodFlowOptions,
): Promise<{ reportPath: string; modelVersion: string }> {
  const runId = flow.record.runId;

  const ingested = await flow.task('ingest', async () => {
    const result = await ingestFiles(options.inputs, { workers: options.workers ?? 2 });
    return {
      value: result,
      rowsIn: result.rowsRead,
      rowsOut: result.table.length,
      details: {
        files: result.files,
        siteCatalogs: result.catalogs.map((c) => ({ file: c.file, sites: c.sites })),
        quarantined: result.quarantine.length,
        warnings: result.warnings,
      },
    };
  });

  const written = await flow.task('store', async () => {
    const summary = await store.writeObservations(ingested.table);
    await store.writeQuarantine(runId, ingested.quarantine);
    return {
      value: summary,
      rowsIn: ingested.table.length,
      rowsOut: summary.added + summary.replaced,
      details: { ...summary, quarantineWritten: ingested.quarantine.length },
    };
  });
  flow.record.dataVersion = written.dataVersion;

  const cleaned = await flow.task('clean', async () => {
    const rowsIn = ingested.table.length;
    const result = cleanObservations(ingested.table);
    if (result.table.length === 0) {
      throw new BadInputError(
        'AOD_NO_ROWS',
        `no rows left after cleaning: ${describeRemoved(result.summary)}`,
      );
    }
    await store.writeQuarantine(runId, result.quarantine);
    return { value: result, rowsIn, rowsOut: result.table.length, details: { ...result.summary } };
  });

  const reportPath = join(layout.reports, runId);
  await flow.task('profile', async () => {
    const summary = await buildProfile(cleaned.table, {
      outDir: reportPath,
      runId,
      synthetic: options.synthetic ?? false,
      cleaning: cleaningCounts(cleaned.summary, ingested.quarantine),
      dataVersion: written.dataVersion,
    });
    return {
      value: summary,
      rowsIn: cleaned.table.length,
      rowsOut: cleaned.table.length,
      details: { report: join(reportPath, 'report.html') },
    };
  });

  const modelVersion = await flow.task('model', async () => {
    const fit = fitModel(cleaned.table, { dataVersion: written.dataVersion });
    await saveModel(layout.models, fit.artifact);
    const { metrics } = fit.artifact;
    return {
      value: fit.artifact.modelVersion,
      rowsIn: cleaned.table.length,
      rowsOut: metrics.rowsTrain + metrics.rowsTest,
      details: { modelVersion: fit.artifact.modelVersion, metrics },
    };
  });

  return { reportPath: join(reportPath, 'report.html'), modelVersion };
}

function describeRemoved(summary: CleaningSummary): string {
  const { impossible_value, no_target, duplicate } = summary.removed;
  return `${summary.rowsIn} rows in, ${impossible_value} impossible, ${no_target} without target, ${duplicate} duplicate`;
}

/** Flattens the counts of every rule, ingest ones included, for the report. */
function cleaningCounts(
  summary: CleaningSummary,
  ingestQuarantine: QuarantineRecord[],
): Record<string, number> {
  const malformed = ingestQuarantine.filter((r) => r.reason === 'malformed_row').length;
  const truncated = ingestQuarantine.length - malformed;
  const missingCells = Object.values(summary.missingCells).reduce((a, b) => a + b, 0);
  return {
    'rows in': summary.rowsIn,
    'malformed rows': malformed,
    'truncated rows': truncated,
    'missing cells (-999)': missingCells,
    'impossible values': summary.removed.impossible_value,
    'no usable target': summary.removed.no_target,
    'duplicate site and time': summary.removed.duplicate,
    'small negative AOD kept': summary.smallNegativeAodKept,
    'AOD 550 nm from 500 nm': summary.aod550From500,
    'AOD 550 nm from 440 nm': summary.aod550From440,
    'rows out': summary.rowsOut,
  };
}
