/**
 * The self-contained HTML report: styles inline and charts as PNG data URIs, so the one file
 * opens offline and can be mailed or archived alone.
 */
import type { AlertKind } from './alerts.ts';
import {
  escapeHtml,
  formatCount,
  formatShare,
  formatStatistic,
  formatTime,
  htmlTable,
  keyValueTable,
  type Cell,
} from './html.ts';
import type { ChartFile, ChartSection, ProfileSummary } from './profile-summary.ts';
import type { RenderedChart } from './render-chart.ts';
import { REPORT_CSS } from './report-style.ts';

/** Report section ids and headings, in page order. */
export const REPORT_SECTIONS = [
  { id: 'overview', heading: 'Overview' },
  { id: 'alerts', heading: 'Alerts' },
  { id: 'variables', heading: 'Variables' },
  { id: 'correlations', heading: 'Correlations' },
  { id: 'time-series', heading: 'Time series' },
  { id: 'climatology', heading: 'Monthly climatology' },
] as const;

// Alerts that question the numbers themselves. The other kinds describe the data's shape.
const WARNING_KINDS: readonly AlertKind[] = ['empty', 'missing', 'constant', 'duplicates'];

/** Renders the report page from `images`, each chart's PNG keyed by its `ChartFile.file`. */
export function renderReportHtml(
  summary: ProfileSummary,
  images: ReadonlyMap<string, RenderedChart>,
): string {
  const nav = REPORT_SECTIONS.map(({ id, heading }) => `<a href="#${id}">${heading}</a>`);
  const sections = [
    overviewSection(summary),
    alertsSection(summary),
    variablesSection(summary, images),
    chartSection('correlations', summary, images, ''),
    chartSection('time-series', summary, images, timeSeriesNote(summary)),
    chartSection('climatology', summary, images, climatologyNote()),
  ];
  const meta = [
    summary.runId === null ? null : `Run ${escapeHtml(summary.runId)}`,
    `Generated ${escapeHtml(formatTime(summary.generatedAt))}`,
  ].filter((part) => part !== null);

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(summary.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(summary.title)}</h1><p class="meta">${meta.join(' · ')}</p></header>
<nav>${nav.join('')}</nav>
<main>
${summary.synthetic ? syntheticBanner() : ''}
${sections.join('\n')}
</main>
<footer>Made by aodflow. Statistics follow pandas 1.5: sample standard deviation (ddof = 1),
quantiles by linear interpolation, bias-corrected skewness and excess kurtosis, missing values
left out. All numbers are in <code>summary.json</code>.</footer>
</body>
</html>
`;
}

function syntheticBanner(): string {
  return `<div class="banner" role="alert">Synthetic sample data: these observations were generated
for demonstration and testing, not measured by an AERONET instrument. Do not use them for
science.</div>`;
}

function section(id: ChartSection | 'overview' | 'alerts', body: string): string {
  const heading = REPORT_SECTIONS.find((s) => s.id === id)!.heading;
  return `<section id="${id}">\n<h2>${heading}</h2>\n${body}\n</section>`;
}

function overviewSection(summary: ProfileSummary): string {
  const o = summary.overview;
  // The overview describes the cleaned table; the cleaning table counts -999 cells before it.
  const cards = [
    card('Observations', formatCount(o.rows)),
    card('Sites', formatCount(o.sites.length)),
    card('First observation', o.timeStart?.slice(0, 10) ?? '–'),
    card('Last observation', o.timeEnd?.slice(0, 10) ?? '–'),
    card(
      'Missing cells after cleaning',
      formatCount(o.missingCells),
      `${formatShare(o.missingCells / o.cells)} of cells`,
    ),
    card('Duplicate rows', formatCount(o.duplicateRows)),
  ];

  const parts = [
    `<div class="cards">${cards.join('')}</div>`,
    '<h3>Dataset</h3>',
    datasetTable(summary),
  ];
  if (summary.cleaning !== null) parts.push('<h3>Cleaning</h3>', cleaningTable(summary.cleaning));
  parts.push('<h3>Missing values by variable, after cleaning</h3>', missingTable(summary));
  parts.push('<h3>Sites</h3>', `<div class="scroll">${sitesTable(summary)}</div>`);
  return section('overview', parts.join('\n'));
}

function card(label: string, value: string, note?: string): string {
  const parts = [
    `<div class="label">${escapeHtml(label)}</div>`,
    `<div class="value">${escapeHtml(value)}</div>`,
  ];
  if (note !== undefined) parts.push(`<div class="note">${escapeHtml(note)}</div>`);
  return `<div class="card">${parts.join('')}</div>`;
}

function datasetTable(summary: ProfileSummary): string {
  const o = summary.overview;
  const levels = Object.entries(o.rowsByLevel)
    .map(([level, rows]) => `Level ${(Number(level) / 10).toFixed(1)}: ${formatCount(rows)}`)
    .join(', ');
  const rows: [string, string][] = [
    ['Time range', `${formatTime(o.timeStart)} to ${formatTime(o.timeEnd)}`],
    ['Rows by AERONET level', levels === '' ? '–' : levels],
    ['Variables profiled', String(Object.keys(summary.variables).length)],
    ['Cells (rows × variables)', formatCount(o.cells)],
    ['Duplicate (site, time) rows', formatCount(o.duplicateRows)],
  ];
  if (summary.dataVersion !== null) rows.push(['Data version (fingerprint)', summary.dataVersion]);
  if (summary.emptyMeasurements.length > 0) {
    rows.push(['Measurements with no value', summary.emptyMeasurements.join(', ')]);
  }
  return keyValueTable(rows);
}

function cleaningTable(cleaning: Record<string, number>): string {
  const rows = Object.entries(cleaning).map(([step, count]) => [
    { text: step },
    { text: formatCount(count), numeric: true },
  ]);
  return htmlTable([{ text: 'Step' }, { text: 'Count', numeric: true }], rows);
}

function missingTable(summary: ProfileSummary): string {
  const rows = Object.entries(summary.variables).map(([name, stats]) => [
    { text: name },
    { text: formatCount(stats.missing), numeric: true },
    { text: formatShare(stats.missing / summary.overview.rows), numeric: true },
  ]);
  return htmlTable(
    [{ text: 'Variable' }, { text: 'Missing', numeric: true }, { text: 'Share', numeric: true }],
    rows,
  );
}

function sitesTable(summary: ProfileSummary): string {
  const rows = summary.overview.sites.map((site) => [
    { text: site.name },
    { text: formatCount(site.observations), numeric: true },
    { text: site.firstTime?.slice(0, 10) ?? '–' },
    { text: site.lastTime?.slice(0, 10) ?? '–' },
    { text: formatStatistic(site.latitude), numeric: true },
    { text: formatStatistic(site.longitude), numeric: true },
    { text: formatStatistic(site.elevation), numeric: true },
  ]);
  const headers = [
    { text: 'Site' },
    { text: 'Observations', numeric: true },
    { text: 'First' },
    { text: 'Last' },
    { text: 'Latitude (°)', numeric: true },
    { text: 'Longitude (°)', numeric: true },
    { text: 'Elevation (m)', numeric: true },
  ];
  return htmlTable(headers, rows);
}

function alertsSection(summary: ProfileSummary): string {
  if (summary.alerts.length === 0) return section('alerts', '<p>No alerts.</p>');

  const items = summary.alerts.map((alert) => {
    const tone = WARNING_KINDS.includes(alert.kind) ? 'warn' : 'info';
    const badge = `<span class="badge ${tone}">${alert.kind.replace('_', ' ')}</span>`;
    return `<li>${badge}${escapeHtml(alert.message)}</li>`;
  });
  return section('alerts', `<ul class="alerts">\n${items.join('\n')}\n</ul>`);
}

const STAT_COLUMNS = [
  ['count', 'Count'],
  ['missing', 'Missing'],
  ['mean', 'Mean'],
  ['std', 'Std'],
  ['min', 'Min'],
  ['p5', '5%'],
  ['p25', '25%'],
  ['p50', '50%'],
  ['p75', '75%'],
  ['p95', '95%'],
  ['max', 'Max'],
  ['skewness', 'Skew'],
  ['kurtosis', 'Kurt'],
] as const;

function variablesSection(
  summary: ProfileSummary,
  images: ReadonlyMap<string, RenderedChart>,
): string {
  const headers: Cell[] = [
    { text: 'Variable' },
    ...STAT_COLUMNS.map(([, text]) => ({ text, numeric: true })),
  ];
  const rows = Object.entries(summary.variables).map(([name, stats]) => [
    { text: name },
    ...STAT_COLUMNS.map(([key]) => ({
      text:
        key === 'count' || key === 'missing'
          ? formatCount(stats[key])
          : formatStatistic(stats[key]),
      numeric: true,
    })),
  ]);

  const body = [
    `<div class="scroll">${htmlTable(headers, rows, 'stats')}</div>`,
    `<p class="note">Std is the sample standard deviation. Skew and Kurt are the bias-corrected
skewness and excess kurtosis.</p>`,
    '<h3>Histograms</h3>',
    `<div class="charts">${chartFigures('variables', summary, images)}</div>`,
  ];
  return section('variables', body.join('\n'));
}

function chartSection(
  id: ChartSection,
  summary: ProfileSummary,
  images: ReadonlyMap<string, RenderedChart>,
  note: string,
): string {
  const figures = chartFigures(id, summary, images);
  const body = figures === '' ? '<p>No data to chart.</p>' : figures;
  return section(id, [note, body].filter((part) => part !== '').join('\n'));
}

function chartFigures(
  id: ChartSection,
  summary: ProfileSummary,
  images: ReadonlyMap<string, RenderedChart>,
): string {
  return summary.charts
    .filter((chart) => chart.section === id)
    .map((chart) => figure(chart, images.get(chart.file)))
    .join('\n');
}

function figure(chart: ChartFile, image: RenderedChart | undefined): string {
  if (image === undefined) return '';

  const source = `data:image/png;base64,${image.png.toString('base64')}`;
  const size = `width="${chart.width}" height="${chart.height}"`;
  return `<figure><img src="${source}" alt="${escapeHtml(chart.title)}" ${size}></figure>`;
}

function timeSeriesNote(summary: ProfileSummary): string {
  const period = summary.timeSeries.period;
  const point =
    period === 'day'
      ? 'the mean of one UTC day'
      : `the mean of the UTC daily means in one ${period}`;
  const axes = summary.timeSeries.sharedTimeAxis
    ? 'each site has its own vertical scale'
    : 'each site has its own vertical scale and its own time axis, because the records cover ' +
      'periods too different to share one';
  return `<p class="note">Each point is ${point}. Lines break at gaps in the record, and ${axes}.</p>`;
}

function climatologyNote(): string {
  return `<p class="note">Mean of the daily means that fall in each calendar month, over all
years.</p>`;
}
