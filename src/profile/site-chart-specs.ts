/** Vega-Lite specs of the per-site charts: time series and monthly climatology. */
import type { TopLevelSpec } from 'vega-lite';
import { CHART_CONFIG, PRIMARY_COLOR } from './chart-specs.ts';
import type { MonthlyMean, SeriesPeriod, SeriesPoint } from './site-series.ts';

/** Site count up to which the climatology shares one panel. Beyond it each site gets a panel. */
export const MAX_SITES_IN_ONE_PANEL = 10;

const PERIOD_ADJECTIVE: Record<SeriesPeriod, string> = {
  day: 'daily',
  week: 'weekly',
  month: 'monthly',
};

// A line is broken where consecutive points are further apart than this, so that a months-long
// instrument gap does not read as a straight-line trend.
const GAP_DAYS: Record<SeriesPeriod, number> = { day: 10, week: 35, month: 95 };

const DAY_MS = 86_400_000;

/**
 * Share of the whole period below which a site's record would be a sliver on a time axis shared
 * by all sites. Below it, each panel gets its own time axis.
 */
export const MIN_SHARED_SPAN = 0.2;

/** Ticks on each panel's AOD axis; the y scale is made nice to the same count (see below). */
const Y_TICKS = 4;

const MONTH_LABELS = `['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec']`;

// Small panels have room for one letter per month.
const MONTH_INITIALS = `['J','F','M','A','M','J','J','A','S','O','N','D']`;

const SITE_HEADER = {
  labelAngle: 0,
  labelOrient: 'top',
  labelAnchor: 'start',
  labelFontWeight: 'bold',
  labelPadding: 4,
} as const;

/**
 * Returns true when every site's series spans at least MIN_SHARED_SPAN of the period all of
 * them cover, so one time axis shows each site's record at a readable width.
 */
export function shareTimeAxis(series: { points: SeriesPoint[] }[]): boolean {
  const spans = series
    .filter(({ points }) => points.length > 0)
    .map(({ points }) => ({ start: points[0]!.time, end: points.at(-1)!.time }));
  if (spans.length < 2) return true;

  const start = Math.min(...spans.map((span) => span.start));
  const end = Math.max(...spans.map((span) => span.end));
  // One day is added to each span, so that single-day records are not of zero width.
  const whole = end - start + DAY_MS;
  return spans.every((span) => (span.end - span.start + DAY_MS) / whole >= MIN_SHARED_SPAN);
}

/**
 * Time series of one variable, one panel per site. The panels share one time axis when
 * `sharedTimeAxis` is set, and each has its own otherwise (small multiples).
 */
export function timeSeriesSpec(
  label: string,
  period: SeriesPeriod,
  series: { site: string; points: SeriesPoint[] }[],
  sharedTimeAxis = true,
): TopLevelSpec {
  // Ticks of a short independent axis name days, not years, so the panel title gives the dates.
  const values = series.flatMap(({ site, points }) => {
    const panel = sharedTimeAxis ? site : `${site}, ${dateRange(points)}`;
    return withGapBreaks(points, period).map((point) => ({ site: panel, ...point }));
  });
  const x = sharedTimeAxis ? 'shared' : 'independent';

  return {
    config: CHART_CONFIG,
    title: { text: `${label}, ${PERIOD_ADJECTIVE[period]} mean per site` },
    data: { values },
    facet: { row: { field: 'site', type: 'nominal', title: null, header: SITE_HEADER } },
    spacing: 12,
    spec: {
      width: 760,
      height: 90,
      mark: { type: 'line', color: PRIMARY_COLOR, strokeWidth: 1.2 },
      encoding: {
        x: { field: 'time', type: 'temporal', scale: { type: 'utc' }, title: null },
        // A domain made nice to the axis tick count ends on a labelled tick at or above the
        // highest mean, so a peak never runs into an unlabelled top edge.
        y: {
          field: 'mean',
          type: 'quantitative',
          title: 'AOD',
          scale: { nice: Y_TICKS, zero: true },
          axis: { tickCount: Y_TICKS },
        },
      },
    },
    // Every panel keeps its own time axis labels: with 24 panels, one axis at the bottom is
    // out of sight from the top panels.
    resolve: { scale: { x, y: 'independent' }, axis: { x: 'independent' } },
  };
}

/** Mean by calendar month per site: one coloured line per site, or one panel per site. */
export function climatologySpec(
  label: string,
  sites: { site: string; months: MonthlyMean[] }[],
): TopLevelSpec {
  const values = sites.flatMap(({ site, months }) =>
    months.map(({ month, mean, days }) => ({
      site,
      month,
      mean: Number.isNaN(mean) ? null : mean,
      days,
    })),
  );
  const x = {
    field: 'month',
    type: 'ordinal',
    title: null,
    axis: { labelExpr: `${MONTH_LABELS}[datum.value - 1]`, labelAngle: 0 },
  } as const;
  const y = { field: 'mean', type: 'quantitative', title: 'Mean AOD' } as const;
  const title = { text: `${label}, mean of daily means by month` };

  if (sites.length <= MAX_SITES_IN_ONE_PANEL) {
    return {
      config: CHART_CONFIG,
      title,
      width: 560,
      height: 260,
      data: { values },
      mark: { type: 'line', point: { size: 30 }, strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: { field: 'site', type: 'nominal', title: 'Site', scale: { scheme: 'tableau10' } },
      },
    };
  }

  return {
    config: CHART_CONFIG,
    title,
    data: { values },
    facet: { field: 'site', type: 'nominal', title: null, header: SITE_HEADER },
    columns: 4,
    spacing: 14,
    spec: {
      width: 170,
      height: 110,
      mark: { type: 'line', point: { size: 16 }, color: PRIMARY_COLOR },
      encoding: {
        x: { ...x, axis: { labelExpr: `${MONTH_INITIALS}[datum.value - 1]`, labelAngle: 0 } },
        y,
      },
    },
  };
}

function dateRange(points: SeriesPoint[]): string {
  if (points.length === 0) return 'no data';

  const first = new Date(points[0]!.time).toISOString().slice(0, 10);
  const last = new Date(points.at(-1)!.time).toISOString().slice(0, 10);
  return first === last ? first : `${first} to ${last}`;
}

/** Inserts a point without a value where two points are further apart than the period allows. */
function withGapBreaks(
  points: SeriesPoint[],
  period: SeriesPeriod,
): { time: number; mean: number | null }[] {
  const out: { time: number; mean: number | null }[] = [];
  points.forEach((point, k) => {
    const previous = points[k - 1];
    if (previous !== undefined && point.time - previous.time > GAP_DAYS[period] * DAY_MS) {
      out.push({ time: previous.time + DAY_MS, mean: null });
    }
    out.push(point);
  });
  return out;
}
