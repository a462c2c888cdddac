import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { join } from 'node:path';

import { AodflowError, BadInputError } from '../errors.ts';
import { parseBoundingBox, NAMED_BOXES } from '../ingest/catalog/bounding-box.ts';
import { loadSiteCatalog } from '../ingest/catalog/load-site-catalog.ts';
import { SiteCatalogIndex } from '../ingest/catalog/site-catalog-index.ts';
import { ingestPartitions, type IngestSummary } from '../ingest/incremental/ingest-partitions.ts';
import { AeronetServiceClient } from '../ingest/service/aeronet-service-client.ts';
import type { AodLevel } from '../ingest/service/observation-request.ts';
import { readSiteCatalog } from '../ingest/site-catalog.ts';
import type { Logger } from '../logger.ts';
import { createRunLogger, logLevelFromEnv } from './run-log.ts';
import { FlowRun } from '../orchestrate/flow-run.ts';
import { resolveDataDir } from '../store/data-dir.ts';
import { newRunId } from '../store/file-run-history.ts';
import { openStore } from '../store/open-store.ts';
import { formatCount } from './format.ts';

interface IngestOptions {
  sites?: string;
  bbox?: string;
  country?: string;
  from: string;
  to: string;
  level: string;
  daily?: boolean;
  refresh?: boolean;
  horizonDays?: string;
  serviceUrl?: string;
  catalog?: string;
  offline?: boolean;
  dataDir?: string;
  databaseUrl?: string;
  concurrency: string;
  minIntervalMs: string;
  timeoutMs: string;
  json?: boolean;
}

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('download AERONET Version 3 AOD from the web service, only what is new')
    .option('--sites <names>', 'comma-separated AERONET site names (case-sensitive)')
    .option('--bbox <box>', 'sites inside south,west,north,east in degrees, or AFRICA')
    .option('--country <name>', 'sites in a country (name or ISO code) or region')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (UTC), included whole')
    .option('--level <level>', 'AERONET quality level: 1.0, 1.5 or 2.0', '2.0')
    .option('--daily', 'daily averages instead of all points')
    .option('--refresh', 'download every partition, even those complete and current')
    .option('--horizon-days <n>', 'days after a month during which its data may still change')
    .option('--service-url <url>', 'web service URL (default: $AODFLOW_AERONET_URL or NASA GSFC)')
    .option('--catalog <file>', 'site list file to check names against (default: downloaded)')
    .option('--offline', 'use the cached or bundled site list, never download it')
    .option('-d, --data-dir <dir>', 'store folder (default: $AODFLOW_DATA_DIR or ./.aodflow)')
    .option('--database-url <url>', 'PostgreSQL store (default: $AODFLOW_DATABASE_URL)')
    .option('--concurrency <n>', 'requests in flight at once', '2')
    .option('--min-interval-ms <n>', 'least time between two request starts, ms', '1000')
    .option('--timeout-ms <n>', 'time limit of one request attempt, ms', '120000')
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (options: IngestOptions) => {
      const failed = await ingestCommand(options);
      if (failed > 0) process.exitCode = 1;
    });
}

async function ingestCommand(options: IngestOptions): Promise<number> {
  const level = parseLevel(options.level);
  const { from, to } = parseDateRange(options.from, options.to);
  const dataDir = await resolveDataDir(options.dataDir);
  const runId = newRunId();
  const log = createRunLogger(dataDir, runId, { level: logLevelFromEnv() });
  const logger = log.logger;
  const catalog = await catalogFor(options, dataDir, logger);
  const sites = selectSites(catalog, options);

  const store = await openStore({
    dataDir,
    databaseUrl: options.databaseUrl,
    schema: process.env.AODFLOW_DATABASE_SCHEMA,
    logger,
  });
  const flow = new FlowRun({
    runId,
    flow: 'ingest',
    parameters: { ...options, sites },
    history: store.runs,
    logger,
  });
  const client = new AeronetServiceClient({
    catalog,
    baseUrl: options.serviceUrl,
    maxConcurrent: Number(options.concurrency),
    minIntervalMs: Number(options.minIntervalMs),
    timeoutMs: Number(options.timeoutMs),
    logger,
  });

  const bar = new cliProgress.SingleBar(
    { format: 'partitions [{bar}] {value}/{total} | {site}', stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  await flow.start();
  try {
    const summary = await flow.task(
      'download',
      async () => {
        const value = await ingestPartitions({
          source: client,
          observations: store.observations,
          ingestState: store.ingestState,
          runId,
          sites,
          from,
          to,
          level,
          daily: options.daily ?? false,
          refresh: options.refresh ?? false,
          horizonDays: options.horizonDays === undefined ? undefined : Number(options.horizonDays),
          concurrency: Number(options.concurrency),
          logger,
          onPlanned: (plan) => {
            const total = plan.partitions.length - plan.current.length;
            if (total > 0 && process.stderr.isTTY) bar.start(total, 0, { site: '' });
          },
          onRequestDone: (request) =>
            bar.increment(request.partitions.length, { site: request.site }),
        });
        return { value, rowsOut: value.rowsAdded + value.rowsReplaced, details: { ...value } };
      },
      { retry: { retries: 0 } },
    );
    bar.stop();
    flow.record.dataVersion = summary.dataVersion;
    await flow.finish(summary.failed > 0 ? partitionsFailed(summary) : undefined);
    printSummary(summary, runId, store.kind, options.json ?? false);
    if (log.file && !options.json) process.stdout.write(`  log                 ${log.file}\n`);
    return summary.failed;
  } catch (error) {
    bar.stop();
    await flow.finish(error);
    throw error;
  } finally {
    await store.close();
  }
}

/** Builds the error that fails a run with failed partitions; the next run downloads them again. */
function partitionsFailed(summary: IngestSummary): AodflowError {
  const first = summary.failures[0];
  const example = first ? `; first: ${first.site} ${first.from}..${first.to}: ${first.error}` : '';
  return new AodflowError(
    'AOD_TASK_FAILED',
    `${summary.failed} of ${summary.partitions} partitions failed${example}`,
  );
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** Checks --from and --to: real calendar days, `YYYY-MM-DD`, the first not after the last. */
function parseDateRange(from: string, to: string): { from: string; to: string } {
  for (const [option, text] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    const valid =
      DATE_TEXT.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
    if (!valid) {
      throw new BadInputError(
        'AOD_CONFIG_INVALID',
        `${option}: expected a calendar date YYYY-MM-DD, got "${text}"`,
      );
    }
  }
  if (from > to) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `--from ${from} is after --to ${to}: expected the first day before or on the last`,
    );
  }
  return { from, to };
}

function parseLevel(text: string): AodLevel {
  if (text === '1.0' || text === '1.5' || text === '2.0') return text;
  throw new BadInputError('AOD_CONFIG_INVALID', `--level: expected 1.0, 1.5 or 2.0, got "${text}"`);
}

async function catalogFor(
  options: IngestOptions,
  dataDir: string,
  logger: Logger,
): Promise<SiteCatalogIndex> {
  if (options.catalog) return new SiteCatalogIndex(await readSiteCatalog(options.catalog));

  const loaded = await loadSiteCatalog({
    cacheDir: join(dataDir, 'catalog'),
    offline: options.offline ?? false,
    logger,
  });
  if (loaded.notice) process.stderr.write(`aodflow: ${loaded.notice}\n`);
  return loaded.index;
}

function selectSites(catalog: SiteCatalogIndex, options: IngestOptions): string[] {
  const chosen = [options.sites, options.bbox, options.country].filter((o) => o !== undefined);
  if (chosen.length !== 1) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `expected exactly one of --sites, --bbox or --country, got ${chosen.length}`,
    );
  }

  if (options.sites !== undefined) {
    const names = options.sites
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    return names.map((name) => catalog.requireSite(name).name);
  }
  const found =
    options.bbox !== undefined
      ? catalog.inBox(NAMED_BOXES[options.bbox.toUpperCase()] ?? parseBoundingBox(options.bbox))
      : catalog.inCountry(options.country!);
  if (found.length === 0) {
    throw new BadInputError(
      'AOD_SITE_UNKNOWN',
      `no site of the site list matches ${options.bbox ? `--bbox ${options.bbox}` : `--country ${options.country}`}; ` +
        'list sites with `aodflow sites`',
    );
  }
  return found.map((site) => site.name);
}

function printSummary(summary: IngestSummary, runId: string, store: string, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ runId, store, ...summary }, null, 2)}\n`);
    return;
  }
  const lines = [
    `ingest run ${runId} (${store} store): ${formatCount(summary.partitions)} partitions, ${formatCount(summary.requests)} requests`,
    `  downloaded          ${formatCount(summary.downloaded)}`,
    `  skipped as current  ${formatCount(summary.skippedCurrent)}`,
    `  no data             ${formatCount(summary.empty)}`,
    `  retried             ${formatCount(summary.retried)}`,
    `  failed              ${formatCount(summary.failed)}`,
    `  rows added          ${formatCount(summary.rowsAdded)}`,
    `  rows replaced       ${formatCount(summary.rowsReplaced)}`,
    `  rows quarantined    ${formatCount(summary.quarantined)}`,
    `  data version        ${summary.dataVersion.slice(0, 16)}`,
    ...summary.failures.map((f) => `  failed: ${f.site} ${f.from}..${f.to}: ${f.error}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
