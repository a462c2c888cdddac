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

/** Time series of one variable, one panel per site stacked on a shared time axis. */
export function timeSeriesSpec(
  label: string,
  period: SeriesPeriod,
  series: { site: string; points: SeriesPoint[] }[],
): TopLevelSpec {
  const values = series.flatMap(({ site, points }) =>
    withGapBreaks(points, period).map((point) => ({ site, ...point })),
  );

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
        y: {
          field: 'mean',
          type: 'quantitative',
          title: 'AOD',
          axis: { tickCount: 4 },
        },
      },
    },
    resolve: { scale: { y: 'independent' } },
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
