/**
 * The profile stage: an exploratory report on cleaned observations, in the manner of
 * ydata-profiling, written as report.html, charts/*.png and summary.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { CleanTable } from '../clean/clean-table.ts';
import { BadInputError } from '../errors.ts';
import { correlationSpec, histogramSpec } from './chart-specs.ts';
import { computeProfileStatistics, type ProfileStatistics } from './profile-statistics.ts';
import type { ChartFile, ProfileSummary } from './profile-summary.ts';
import { renderChart, type RenderedChart } from './render-chart.ts';
import { renderReportHtml } from './report-html.ts';
import { climatologySpec, shareTimeAxis, timeSeriesSpec } from './site-chart-specs.ts';
import { resampleDailyMeans, type SeriesPoint } from './site-series.ts';
import { emptyMeasurements } from './variables.ts';

export type { ProfileSummary } from './profile-summary.ts';

export interface ProfileOptions {
  /** Folder that receives report.html, summary.json and charts/, created when missing. */
  outDir: string;
  /** Report title. @default 'AERONET AOD profile' */
  title?: string;
  /** Id of the flow run the profile belongs to, shown in the report header. */
  runId?: string;
  /** Marks the observations as generated sample data with a banner. @default false */
  synthetic?: boolean;
  /** Row counts from the cleaning stage by reason, shown in the overview. */
  cleaning?: Record<string, number>;
  /** Fingerprint of the stored observation set (the store's `dataVersion`), shown as given. */
  dataVersion?: string;
}

/** Variable drawn over time and by month for each site. */
const SITE_VARIABLE = 'aod_550';

/** Maximum sites drawn in one time-series or climatology chart; more go to further charts. */
export const SITES_PER_CHART = 24;

interface PlannedChart extends Omit<ChartFile, 'width' | 'height'> {
  spec: TopLevelSpec;
}

/**
 * Profiles `table` and writes report.html, summary.json and charts/*.png into `options.outDir`.
 * Throws BadInputError AOD_NO_ROWS when the table has no rows.
 */
export async function buildProfile(
  table: CleanTable,
  options: ProfileOptions,
): Promise<ProfileSummary> {
  if (table.length === 0) {
    throw new BadInputError(
      'AOD_NO_ROWS',
      'profile: expected at least one observation, got 0 rows',
    );
  }

  const statistics = computeProfileStatistics(table);
  const series = statistics.daily.map((s) => ({
    site: s.site,
    points: resampleDailyMeans(s, statistics.period),
  }));
  const sharedTimeAxis = shareTimeAxis(series);

  const images = new Map<string, RenderedChart>();
  const charts: ChartFile[] = [];
  for (const { spec, ...chart } of planCharts(statistics, series, sharedTimeAxis)) {
    const image = await renderChart(spec);
    images.set(chart.file, image);
    charts.push({ ...chart, width: image.width, height: image.height });
  }

  const summary: ProfileSummary = {
    title: options.title ?? 'AERONET AOD profile',
    runId: options.runId ?? null,
    generatedAt: new Date().toISOString(),
    synthetic: options.synthetic ?? false,
    dataVersion: options.dataVersion ?? null,
    cleaning: options.cleaning ?? null,
    overview: statistics.overview,
    emptyMeasurements: emptyMeasurements(table),
    variables: Object.fromEntries(
      statistics.variables.map((v) => [v.name, { label: v.label, ...statistics.stats[v.name]! }]),
    ),
    histograms: statistics.histograms,
    correlation: statistics.correlation,
    timeSeries: { variable: SITE_VARIABLE, period: statistics.period, sharedTimeAxis },
    climatology: Object.fromEntries(statistics.climatology.map((c) => [c.site, c.months])),
    alerts: statistics.alerts,
    charts,
    files: { report: 'report.html', summary: 'summary.json' },
  };

  await writeOutputs(options.outDir, summary, images);
  return summary;
}

/** Lists the charts to draw, in report order, each with its Vega-Lite spec. */
function planCharts(
  statistics: ProfileStatistics,
  series: { site: string; points: SeriesPoint[] }[],
  sharedTimeAxis: boolean,
): PlannedChart[] {
  const histograms = statistics.variables.map((v) => ({
    file: `charts/histogram-${v.name}.png`,
    title: `Histogram of ${v.label}`,
    section: 'variables' as const,
    spec: histogramSpec(v.label, statistics.histograms[v.name]!),
  }));
  const correlation: PlannedChart = {
    file: 'charts/correlation.png',
    title: 'Pearson correlation heatmap',
    section: 'correlations',
    spec: correlationSpec(statistics.correlation.variables, statistics.correlation.matrix),
  };
  if (statistics.daily.length === 0) return [...histograms, correlation];

  const label = statistics.variables.find((v) => v.name === SITE_VARIABLE)!.label;
  return [
    ...histograms,
    correlation,
    ...siteCharts(
      { stem: `charts/time-series-${SITE_VARIABLE}`, section: 'time-series' },
      `${label} per site over time`,
      series,
      (page) => timeSeriesSpec(label, statistics.period, page, sharedTimeAxis),
    ),
    ...siteCharts(
      { stem: `charts/climatology-${SITE_VARIABLE}`, section: 'climatology' },
      `${label} by calendar month per site`,
      statistics.climatology,
      (page) => climatologySpec(label, page),
    ),
  ];
}

/**
 * Plans the charts of per-site `items`: one chart when they fit SITES_PER_CHART, else the
 * fewest charts of nearly equal size, so no last chart draws only a handful of sites. One
 * chart of 190 site panels was a PNG of about 1,660 x 39,000 pixels, and rendering it took
 * 0.8 GB.
 */
function siteCharts<T>(
  target: { stem: string; section: ChartFile['section'] },
  title: string,
  items: T[],
  specOf: (page: T[]) => TopLevelSpec,
): PlannedChart[] {
  const pages = Math.max(1, Math.ceil(items.length / SITES_PER_CHART));
  if (pages === 1) {
    return [{ file: `${target.stem}.png`, title, section: target.section, spec: specOf(items) }];
  }

  const size = Math.ceil(items.length / pages);
  const charts: PlannedChart[] = [];
  for (let first = 0; first < items.length; first += size) {
    const page = items.slice(first, first + size);
    charts.push({
      file: `${target.stem}-${charts.length + 1}.png`,
      title: `${title} (sites ${first + 1} to ${first + page.length} of ${items.length})`,
      section: target.section,
      spec: specOf(page),
    });
  }
  return charts;
}

async function writeOutputs(
  outDir: string,
  summary: ProfileSummary,
  images: ReadonlyMap<string, RenderedChart>,
): Promise<void> {
  await mkdir(join(outDir, 'charts'), { recursive: true });

  for (const [file, image] of images) await writeFile(join(outDir, file), image.png);
  // JSON.stringify writes NaN (an undefined statistic) as null.
  await writeFile(join(outDir, summary.files.summary), `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(join(outDir, summary.files.report), renderReportHtml(summary, images));
}
