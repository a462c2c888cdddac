/**
 * The main flow: ingest -> store -> clean -> profile -> model, as tasks of one flow run.
 */
import { join } from 'node:path';

import { cleanObservations, type CleaningSummary } from '../clean/clean-observations.ts';
import { BadInputError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { QuarantineRecord } from '../quarantine.ts';
import { dataDirLayout, type DataDirLayout } from '../store/data-dir.ts';
import { newRunId } from '../store/file-run-history.ts';
import { openStore, type OpenedStore } from '../store/open-store.ts';
import type { RunRecord } from '../store/run-history.ts';
import type { ObservationStore } from '../store/store.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { fitModel } from '../model/fit-model.ts';
import { saveModel } from '../model/registry.ts';
import { FlowRun, RunCancelledError, type FlowEvent } from './flow-run.ts';
import { cachedSiteListDate, installSiteList } from '../ingest/catalog/load-site-catalog.ts';
import { ingestFiles, type IngestResult } from '../ingest/ingest-files.ts';
import { summarizeQuarantine } from './quarantine-summary.ts';

/**
 * Observations the clean, profile and model tasks work on. `inputs` are the rows read from this
 * run's input files, as in the Python reference pipeline. `store` are all stored observations,
 * those of earlier runs included.
 */
export type FlowScope = 'inputs' | 'store';

export const FLOW_SCOPES: readonly FlowScope[] = ['inputs', 'store'];

export interface AodFlowOptions {
  /** Files or folders of AERONET Version 3 data and site lists. */
  inputs: string[];
  dataDir: string;
  /** Id of the run, so a caller can name files after it first. @default a new run id */
  runId?: string;
  /** Observations cleaned, profiled and modelled. @default 'inputs' */
  scope?: FlowScope;
  /** True when the inputs are the generated sample, which the report then states. */
  synthetic?: boolean;
  /** Parser worker threads per large file. @default 2 */
  workers?: number;
  /** PostgreSQL URL of a shared store. @default $AODFLOW_DATABASE_URL, else the embedded store */
  databaseUrl?: string;
  logger?: Logger;
  onEvent?: (event: FlowEvent) => void;
  /**
   * Cancels the run when aborted: the run and its running task are saved as cancelled with the
   * abort reason (a RunCancelledError, or one made from the reason), and the promise rejects
   * with it. A task already running is not interrupted, but no further task starts.
   */
  signal?: AbortSignal;
}

export interface AodFlowResult {
  run: RunRecord;
  reportPath: string;
  modelVersion: string;
}

interface TaskResults {
  reportPath: string;
  modelVersion: string;
}

/** Runs the main flow and returns its record; a failed task fails the run and is rethrown. */
export async function runAodFlow(options: AodFlowOptions): Promise<AodFlowResult> {
  const logger = options.logger ?? silentLogger;
  const layout = dataDirLayout(options.dataDir);
  const opened = await openStore({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    logger,
  });
  const flow = new FlowRun({
    runId: options.runId ?? newRunId(),
    flow: 'aod',
    parameters: {
      inputs: options.inputs,
      dataDir: options.dataDir,
      scope: options.scope ?? 'inputs',
    },
    history: opened.runs,
    logger,
    onEvent: options.onEvent,
  });

  await flow.start();
  let tasks: Promise<TaskResults> | undefined;
  const store = opened.observations;
  try {
    const runId = flow.record.runId;
    const quarantineAt =
      opened.kind === 'embedded'
        ? join(layout.quarantine, runId)
        : `${opened.location}, table quarantine where run_id = '${runId}'`;
    tasks = runTasks(flow, store, layout, options, quarantineAt);
    const result = await untilAborted(tasks, options.signal);
    await flow.finish();
    return { run: flow.record, ...result };
  } catch (error) {
    if (options.signal?.aborted) {
      const cancellation = cancellationError(options.signal.reason);
      await flow.cancel(cancellation);
      throw cancellation;
    }
    await flow.finish(error);
    throw error;
  } finally {
    // A cancelled run's task may still be writing, so the store closes once the task stops.
    const closing = closeAfter(tasks, opened).catch((error: unknown) => {
      logger.error({ err: error, runId: flow.record.runId }, 'store close failed');
    });
    if (!flow.isCancelled) await closing;
  }
}

async function runTasks(
  flow: FlowRun,
  store: ObservationStore,
  layout: DataDirLayout,
  options: AodFlowOptions,
  quarantineDir: string,
): Promise<TaskResults> {
  const runId = flow.record.runId;
  const scope = options.scope ?? 'inputs';

  const ingested = await flow.task('ingest', async () => {
    const result = await ingestFiles(options.inputs, { workers: options.workers ?? 2 });
    // The sample's list names 8 sites only and must not stand in for the AERONET list.
    const siteCatalog = options.synthetic
      ? null
      : await installNewestSiteList(result.catalogs, layout.catalog);
    return {
      value: result,
      rowsIn: result.rowsRead,
      rowsOut: result.table.length,
      details: {
        files: result.files,
        siteCatalogs: result.catalogs.map((c) => ({ file: c.file, sites: c.sites })),
        siteCatalog,
        skipped: result.skipped,
        quarantined: result.quarantine.length,
        quarantine: summarizeQuarantine(result.quarantine),
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
      // Every input row is stored after the write, whether added, replaced or already there.
      rowsOut: summary.added + summary.replaced + summary.unchanged,
      details: { ...summary, quarantineWritten: ingested.quarantine.length, quarantineDir },
    };
  });
  flow.record.dataVersion = written.dataVersion;

  const cleaned = await flow.task('clean', async () => {
    const table = scope === 'store' ? await store.readObservations() : ingested.table;
    const rowsIn = table.length;
    const result = cleanObservations(table);
    if (result.table.length === 0) {
      throw new BadInputError(
        'AOD_NO_ROWS',
        `no rows left after cleaning: ${describeRemoved(result.summary)}`,
      );
    }
    await store.writeQuarantine(runId, result.quarantine);
    return {
      value: result,
      rowsIn,
      rowsOut: result.table.length,
      details: {
        scope,
        ...result.summary,
        quarantine: summarizeQuarantine(result.quarantine),
        quarantineDir,
      },
    };
  });

  const reportDir = join(layout.reports, runId);
  await flow.task('profile', async () => {
    const summary = await buildProfile(cleaned.table, {
      outDir: reportDir,
      runId,
      synthetic: options.synthetic ?? false,
      cleaning: cleaningCounts(cleaned.summary, ingested.quarantine, scope),
      dataVersion: written.dataVersion,
    });
    return {
      value: summary,
      rowsIn: cleaned.table.length,
      rowsOut: cleaned.table.length,
      details: { report: join(reportDir, 'report.html') },
    };
  });

  const modelVersion = await flow.task('model', async () => {
    const fit = fitModel(cleaned.table, { dataVersion: written.dataVersion });
    await saveModel(layout.models, fit.artifact);
    const { metrics, target, wavelengthNm } = fit.artifact;
    return {
      value: fit.artifact.modelVersion,
      rowsIn: cleaned.table.length,
      rowsOut: metrics.rowsTrain + metrics.rowsTest,
      details: {
        modelVersion: fit.artifact.modelVersion,
        scope,
        rowsCleaned: cleaned.table.length,
        target,
        wavelengthNm,
        metrics,
        droppedFeatures: fit.artifact.droppedFeatures ?? [],
        span: { from: fit.artifact.data.from, to: fit.artifact.data.to },
      },
    };
  });

  return { reportPath: join(reportDir, 'report.html'), modelVersion };
}

function describeRemoved(summary: CleaningSummary): string {
  const { impossible_value, no_target, duplicate } = summary.removed;
  return `${summary.rowsIn} rows in, ${impossible_value} impossible, ${no_target} without target, ${duplicate} duplicate`;
}

/** Flattens the counts of every rule, ingest ones included, for the report. */
function cleaningCounts(
  summary: CleaningSummary,
  ingestQuarantine: QuarantineRecord[],
  scope: FlowScope,
): Record<string, number> {
  const malformed = ingestQuarantine.filter((r) => r.reason === 'malformed_row').length;
  const truncated = ingestQuarantine.length - malformed;
  const missingCells = Object.values(summary.missingCells).reduce((a, b) => a + b, 0);
  // With scope `store`, ingest counts are of this run's files while the rest are of the store.
  const ingestSuffix = scope === 'store' ? " (this run's files)" : '';
  return {
    [scope === 'store' ? 'rows in (all stored observations)' : 'rows in']: summary.rowsIn,
    [`malformed rows${ingestSuffix}`]: malformed,
    [`truncated rows${ingestSuffix}`]: truncated,
    'missing cells (-999) before cleaning': missingCells,
    'impossible values': summary.removed.impossible_value,
    'no usable target': summary.removed.no_target,
    'duplicate site and time': summary.removed.duplicate,
    'small negative AOD kept': summary.smallNegativeAodKept,
    'AOD 550 nm from 500 nm': summary.aod550From500,
    'AOD 550 nm from 440 nm': summary.aod550From440,
    'rows out': summary.rowsOut,
  };
}

/** Settles like `work`, or rejects with the abort reason as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function cancellationError(reason: unknown): RunCancelledError {
  if (reason instanceof RunCancelledError) return reason;
  const detail = reason instanceof Error ? reason.message : String(reason);
  return new RunCancelledError(`cancelled: ${detail}`);
}

async function closeAfter(tasks: Promise<unknown> | undefined, store: OpenedStore): Promise<void> {
  await tasks?.catch(() => undefined);
  await store.close();
}

/**
 * Installs the site list with the latest generation date among the inputs as the data
 * directory's site catalog, which `aodflow sites` and `aodflow ingest` then read, unless the
 * cached list is newer. Returns what was installed, or null when nothing was.
 */
async function installNewestSiteList(
  catalogs: IngestResult['catalogs'],
  catalogDir: string,
): Promise<{ file: string; sites: number; generatedOn: string } | null> {
  const newest = catalogs.reduce<IngestResult['catalogs'][number] | null>(
    (best, entry) =>
      best === null || entry.catalog.generatedOn >= best.catalog.generatedOn ? entry : best,
    null,
  );
  if (newest === null) return null;
  const cachedOn = await cachedSiteListDate(catalogDir);
  if (cachedOn !== null && cachedOn > newest.catalog.generatedOn) return null;

  await installSiteList(newest.file, catalogDir);
  return { file: newest.file, sites: newest.sites, generatedOn: newest.catalog.generatedOn };
}
