/** All numbers of a profile, computed from a clean table without touching the file system. */
import type { CleanTable } from '../clean/clean-table.ts';
import { findAlerts, type Alert } from './alerts.ts';
import { pearsonMatrix } from './correlation.ts';
import { describeSorted, sortedPresentValues, type VariableStats } from './describe.ts';
import { histogramSorted, type HistogramBin } from './histogram.ts';
import { summarizeTable, type TableOverview } from './overview.ts';
import {
  choosePeriod,
  dailyMeansBySite,
  monthlyClimatology,
  type MonthlyMean,
  type SeriesPeriod,
  type SiteDailyMeans,
} from './site-series.ts';
import { profiledVariables, type ProfiledVariable } from './variables.ts';

/** Max points per site in the time-series chart before days are averaged to weeks or months. */
export const MAX_SERIES_POINTS = 1500;

export interface ProfileStatistics {
  variables: ProfiledVariable[];
  stats: Record<string, VariableStats>;
  histograms: Record<string, HistogramBin[]>;
  correlation: { variables: string[]; matrix: number[][] };
  overview: TableOverview;
  /** Daily means of AOD at 550 nm by site. */
  daily: SiteDailyMeans[];
  period: SeriesPeriod;
  climatology: { site: string; months: MonthlyMean[] }[];
  alerts: Alert[];
}

/** Computes the statistics, aggregates and alerts of a profile of `table`. */
export function computeProfileStatistics(table: CleanTable): ProfileStatistics {
  const variables = profiledVariables(table);
  const { stats, histograms } = describeVariables(variables, table.length);
  const columns = variables.map((v) => v.values);
  const correlation = {
    variables: variables.map((v) => v.name),
    matrix: pearsonMatrix(columns, table.length),
  };
  const overview = summarizeTable(
    table,
    Object.fromEntries(variables.map((v) => [v.name, v.values])),
  );

  const daily = dailyMeansBySite(table, table.aod550);
  const alerts = findAlerts({
    rows: table.length,
    duplicateRows: overview.duplicateRows,
    variables: stats,
    correlation,
  });

  return {
    variables,
    stats,
    histograms,
    correlation,
    overview,
    daily,
    period: choosePeriod(daily, MAX_SERIES_POINTS),
    climatology: daily.map((s) => ({ site: s.site, months: monthlyClimatology(s) })),
    alerts,
  };
}

/** Describes each variable and bins its histogram from one sorted copy of its values. */
function describeVariables(
  variables: ProfiledVariable[],
  length: number,
): { stats: Record<string, VariableStats>; histograms: Record<string, HistogramBin[]> } {
  const stats: Record<string, VariableStats> = {};
  const histograms: Record<string, HistogramBin[]> = {};
  for (const variable of variables) {
    const sorted = sortedPresentValues(variable.values, length);
    stats[variable.name] = describeSorted(sorted, length - sorted.length);
    histograms[variable.name] = histogramSorted(sorted);
  }
  return { stats, histograms };
}
