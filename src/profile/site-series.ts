/**
 * Per-site daily means and what is built from them: the series a time-series chart draws and the
 * monthly climatology. Averaging to days first keeps a site that measures every few minutes from
 * weighing more than one that measures hourly, and keeps charts to a few thousand points.
 */
import type { ObservationTable } from '../observation.ts';

const SECONDS_PER_DAY = 86_400;

/** Daily means of one variable at one site, in day order. */
export interface SiteDailyMeans {
  site: string;
  /** UTC days since 1970-01-01. */
  days: number[];
  means: number[];
}

/** Calendar period a time-series point averages over. */
export type SeriesPeriod = 'day' | 'week' | 'month';

/** One averaged point of a site's series. */
export interface SeriesPoint {
  /** Milliseconds since the epoch at the start of the period (UTC). */
  time: number;
  mean: number;
}

/** Mean of the daily means of one site in one calendar month, over all years. */
export interface MonthlyMean {
  /** 1 for January to 12 for December. */
  month: number;
  /** NaN when the site has no day with a value in that month. */
  mean: number;
  days: number;
}

/** Returns the UTC daily means of `values` per site, for sites with at least one value. */
export function dailyMeansBySite(table: ObservationTable, values: Float64Array): SiteDailyMeans[] {
  const sums = table.siteNames.map(() => new Map<number, { sum: number; count: number }>());
  for (let i = 0; i < table.length; i++) {
    const value = values[i]!;
    if (value !== value) continue;

    const day = Math.floor(table.time[i]! / SECONDS_PER_DAY);
    const byDay = sums[table.site[i]!]!;
    const cell = byDay.get(day);
    if (cell === undefined) byDay.set(day, { sum: value, count: 1 });
    else {
      cell.sum += value;
      cell.count++;
    }
  }

  const series: SiteDailyMeans[] = [];
  sums.forEach((byDay, site) => {
    if (byDay.size === 0) return;
    const days = [...byDay.keys()].sort((a, b) => a - b);
    const means = days.map((day) => byDay.get(day)!.sum / byDay.get(day)!.count);
    series.push({ site: table.siteNames[site]!, days, means });
  });
  return series.sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : 0));
}

/**
 * Returns the shortest period that keeps every site's series within `maxPoints` points:
 * days, then 7-day weeks, then calendar months.
 */
export function choosePeriod(series: SiteDailyMeans[], maxPoints: number): SeriesPeriod {
  const maxDays = Math.max(0, ...series.map((s) => s.days.length));
  if (maxDays <= maxPoints) return 'day';

  const maxSpan = Math.max(0, ...series.map((s) => s.days.at(-1)! - s.days[0]! + 1));
  return maxSpan / 7 <= maxPoints ? 'week' : 'month';
}

/** Averages one site's daily means over `period`, with weeks starting on Monday (UTC). */
export function resampleDailyMeans(series: SiteDailyMeans, period: SeriesPeriod): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  let current = NaN;
  let sum = 0;
  let count = 0;
  series.days.forEach((day, k) => {
    const start = periodStartDay(day, period);
    if (start !== current && count > 0) {
      points.push({ time: current * SECONDS_PER_DAY * 1000, mean: sum / count });
      sum = 0;
      count = 0;
    }
    current = start;
    sum += series.means[k]!;
    count++;
  });
  if (count > 0) points.push({ time: current * SECONDS_PER_DAY * 1000, mean: sum / count });
  return points;
}

/** Returns the mean of daily means for each calendar month, January first. */
export function monthlyClimatology(series: SiteDailyMeans): MonthlyMean[] {
  const sums = new Float64Array(12);
  const days = new Float64Array(12);
  series.days.forEach((day, k) => {
    const month = new Date(day * SECONDS_PER_DAY * 1000).getUTCMonth();
    sums[month]! += series.means[k]!;
    days[month]!++;
  });

  return Array.from(sums, (sum, month) => ({
    month: month + 1,
    mean: days[month]! > 0 ? sum / days[month]! : NaN,
    days: days[month]!,
  }));
}

function periodStartDay(day: number, period: SeriesPeriod): number {
  if (period === 'day') return day;

  // 1970-01-01 was a Thursday, so Monday-based weeks start 3 days before each multiple of 7.
  if (period === 'week') return Math.floor((day + 3) / 7) * 7 - 3;

  const date = new Date(day * SECONDS_PER_DAY * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / (SECONDS_PER_DAY * 1000);
}
