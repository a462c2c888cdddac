import cliProgress from 'cli-progress';
import type { Command } from 'commander';

import { AodflowError, BadInputError } from '../errors.ts';
import { parseBoundingBox, type BoundingBox } from '../ingest/catalog/bounding-box.ts';
import { findCountry } from '../ingest/catalog/countries.ts';
import { loadSiteCatalog, resolveSiteListUrl } from '../ingest/catalog/load-site-catalog.ts';
import { SiteCatalogIndex } from '../ingest/catalog/site-catalog-index.ts';
import { ingestPartitions, type IngestSummary } from '../ingest/incremental/ingest-partitions.ts';
import { AeronetServiceClient } from '../ingest/service/aeronet-service-client.ts';
import { resolveServiceUrl, type AodLevel } from '../ingest/service/observation-request.ts';
import { readSiteCatalog } from '../ingest/site-catalog.ts';
import type { Logger } from '../logger.ts';
import { createRunLogger, logLevelFromEnv } from './run-log.ts';
import { FlowRun } from '../orchestrate/flow-run.ts';
import { dataDirLayout, resolveDataDir } from '../store/data-dir.ts';
import { newRunId } from '../store/file-run-history.ts';
import { openStore } from '../store/open-store.ts';
import { formatCount } from './format.ts';
import {
  forOption,
  parseCalendarDate,
  parseIntegerOption,
  parsePositiveInteger,
} from './parse-options.ts';

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

/** Site option of an ingest, parsed: the names of --sites, the box of --bbox or --country. */
type SiteSelection =
  | { option: '--sites'; names: string[] }
  | { option: '--bbox'; text: string; box: BoundingBox }
  | { option: '--country'; text: string };

/** Ingest options after their checks, in the types the run uses. */
interface IngestSettings {
  selection: SiteSelection;
  from: string;
  to: string;
  level: AodLevel;
  /** Undefined leaves the default horizon of the level. */
  horizonDays: number | undefined;
  /** True when --to was after today (UTC) and `to` is today instead. */
  toClamped: boolean;
  serviceUrl: string;
  siteListUrl: string;
  concurrency: number;
  minIntervalMs: number;
  timeoutMs: number;
}

/** First year accepted by --from and --to, the same floor the service client checks. */
const FIRST_AERONET_YEAR = 1990;

/**
 * Longest --timeout-ms and --min-interval-ms. Both become `setTimeout` delays, and Node fires a
 * timer after 1 ms when its delay is longer than this.
 */
const MAX_TIMER_MS = 2_147_483_647;

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('download AERONET Version 3 AOD from the web service, only what is new')
    .option('--sites <names>', 'comma-separated AERONET site names (case-sensitive)')
    .option('--bbox <box>', 'sites inside south,west,north,east in degrees, or AFRICA')
    .option('--country <name>', 'sites in a country, by English name or ISO 3166 code')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (UTC)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (UTC), included whole')
    .option('--level <level>', 'AERONET quality level: 1.0, 1.5 or 2.0', '2.0')
    .option('--daily', 'daily averages instead of all points')
    .option('--refresh', 'download every partition, even those complete and current')
    .option('--horizon-days <n>', 'days after a month during which its data may still change')
    .option(
      '--service-url <url>',
      'web service URL (default: $AODFLOW_AERONET_URL or NASA GSFC); the site list comes from ' +
        'the same server unless $AODFLOW_SITE_LIST_URL is set',
    )
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
  // Every value is checked before the data folder, the site list or the network is touched.
  const settings = parseIngestOptions(options);
  const { from, to, level } = settings;
  if (settings.toClamped) {
    process.stderr.write(`aodflow: --to ${options.to} is after today, so the range ends ${to}\n`);
  }
  const logLevel = logLevelFromEnv();

  const dataDir = await resolveDataDir(options.dataDir);
  const runId = newRunId();
  const log = createRunLogger(dataDir, runId, { level: logLevel });
  const logger = log.logger;
  const catalog = await catalogFor(options, settings.siteListUrl, dataDir, logger);
  const sites = selectSites(catalog, settings.selection);

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
    baseUrl: settings.serviceUrl,
    maxConcurrent: settings.concurrency,
    minIntervalMs: settings.minIntervalMs,
    timeoutMs: settings.timeoutMs,
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
          horizonDays: settings.horizonDays,
          concurrency: settings.concurrency,
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

/**
 * Parses and checks every ingest option that needs neither the site list nor the network.
 * @throws BadInputError (AOD_CONFIG_INVALID) naming the first invalid option.
 */
function parseIngestOptions(options: IngestOptions): IngestSettings {
  const selection = parseSiteSelection(options);
  const { from, to } = parseDateRange(options.from, options.to, utcToday());
  const horizonDays =
    options.horizonDays === undefined
      ? undefined
      : parseIntegerOption('--horizon-days', options.horizonDays, 0, Number.MAX_SAFE_INTEGER);

  return {
    selection,
    from,
    to,
    toClamped: to !== options.to,
    level: parseLevel(options.level),
    horizonDays,
    serviceUrl: resolveServiceUrl(options.serviceUrl),
    siteListUrl: resolveSiteListUrl(options.serviceUrl),
    concurrency: parsePositiveInteger('--concurrency', options.concurrency),
    minIntervalMs: parseIntegerOption('--min-interval-ms', options.minIntervalMs, 0, MAX_TIMER_MS),
    timeoutMs: parseIntegerOption('--timeout-ms', options.timeoutMs, 1, MAX_TIMER_MS),
  };
}

function parseSiteSelection(options: IngestOptions): SiteSelection {
  const siteOptions = Object.entries({
    '--sites': options.sites,
    '--bbox': options.bbox,
    '--country': options.country,
  }).flatMap(([option, value]) => (value === undefined ? [] : [option]));
  if (siteOptions.length !== 1) {
    const names = siteOptions.length === 0 ? '' : ` (${siteOptions.join(', ')})`;
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `expected exactly one of --sites, --bbox or --country, got ${siteOptions.length}${names}`,
    );
  }

  if (options.sites !== undefined) {
    return { option: '--sites', names: parseSiteNames(options.sites) };
  }
  if (options.bbox !== undefined) {
    const box = forOption('--bbox', () => parseBoundingBox(options.bbox!));
    return { option: '--bbox', text: options.bbox, box };
  }
  // Only the name is checked here, because the sites of the country need the site list.
  forOption('--country', () => findCountry(options.country!));
  return { option: '--country', text: options.country! };
}

/** Splits `--sites` at commas, drops blank entries and repeats, and rejects a list left empty. */
function parseSiteNames(text: string): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `--sites: expected one or more comma-separated AERONET site names, ` +
        `got ${JSON.stringify(text)}`,
    );
  }
  return [...new Set(names)];
}

/** Checks --from and --to: real calendar days, `YYYY-MM-DD`, the first not after the last. */
/**
 * Checks --from and --to. A --to after `today` becomes `today`: AERONET has no measurements of
 * days to come, and each such month would be requested again on every run.
 */
export function parseDateRange(
  from: string,
  to: string,
  today: string,
): { from: string; to: string } {
  for (const [option, text] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    parseCalendarDate(option, text);
    if (Number(text.slice(0, 4)) < FIRST_AERONET_YEAR) {
      throw new BadInputError(
        'AOD_CONFIG_INVALID',
        `${option}: expected a date from ${FIRST_AERONET_YEAR} on, as AERONET has no earlier ` +
          `measurements, got ${JSON.stringify(text)}`,
      );
    }
  }
  if (from > to) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `--from ${from} is after --to ${to}: expected the first day before or on the last`,
    );
  }
  if (from > today) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `--from: expected a day up to today (${today}, UTC), got ${JSON.stringify(from)}`,
    );
  }
  return { from, to: to > today ? today : to };
}

function utcToday(): string {
  return new Date().toISOString().slice(0, 10);
}

function parseLevel(text: string): AodLevel {
  if (text === '1.0' || text === '1.5' || text === '2.0') return text;
  throw new BadInputError('AOD_CONFIG_INVALID', `--level: expected 1.0, 1.5 or 2.0, got "${text}"`);
}

async function catalogFor(
  options: IngestOptions,
  siteListUrl: string,
  dataDir: string,
  logger: Logger,
): Promise<SiteCatalogIndex> {
  if (options.catalog) return new SiteCatalogIndex(await readSiteCatalog(options.catalog));

  const loaded = await loadSiteCatalog({
    cacheDir: dataDirLayout(dataDir).catalog,
    url: siteListUrl,
    offline: options.offline ?? false,
    logger,
  });
  if (loaded.notice) process.stderr.write(`aodflow: ${loaded.notice}\n`);
  return loaded.index;
}

function selectSites(catalog: SiteCatalogIndex, selection: SiteSelection): string[] {
  if (selection.option === '--sites') {
    return selection.names.map((name) => catalog.requireSite(name).name);
  }

  const found =
    selection.option === '--bbox'
      ? catalog.inBox(selection.box)
      : catalog.inCountry(selection.text);
  if (found.length === 0) {
    throw new BadInputError(
      'AOD_SITE_UNKNOWN',
      `no site of the site list matches ${selection.option} ${selection.text}; ` +
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
