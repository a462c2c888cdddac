/** Everything a profile found, as written to `summary.json` (NaN is written as null). */
import type { Alert } from './alerts.ts';
import type { VariableStats } from './describe.ts';
import type { HistogramBin } from './histogram.ts';
import type { TableOverview } from './overview.ts';
import type { MonthlyMean, SeriesPeriod } from './site-series.ts';

/** Section of the report a chart belongs to. */
export type ChartSection = 'variables' | 'correlations' | 'time-series' | 'climatology';

/** One chart image written under `charts/`. */
export interface ChartFile {
  /** Path relative to the output folder, such as `charts/histogram-aod_500.png`. */
  file: string;
  title: string;
  section: ChartSection;
  /** Size in CSS pixels. The PNG has twice as many pixels each way. */
  width: number;
  height: number;
}

export interface ProfileSummary {
  title: string;
  runId: string | null;
  /** ISO 8601 UTC time the profile was built. */
  generatedAt: string;
  /** True when the observations are generated sample data, not measurements. */
  synthetic: boolean;
  /** Fingerprint of the stored observation set the table came from, as the caller gave it. */
  dataVersion: string | null;
  /** Row counts reported by the cleaning stage, by reason. */
  cleaning: Record<string, number> | null;
  overview: TableOverview;
  /** Measurements left out because no row has a value. */
  emptyMeasurements: string[];
  /** Statistics by variable name, in report order. */
  variables: Record<string, VariableStats & { label: string }>;
  histograms: Record<string, HistogramBin[]>;
  /** Pearson r, where `matrix[i][j]` pairs `variables[i]` with `variables[j]`. */
  correlation: { variables: string[]; matrix: number[][] };
  /**
   * Variable and averaging period of the per-site time-series chart, and whether its panels
   * share one time axis (false when a site's record would be a sliver on it).
   */
  timeSeries: { variable: string; period: SeriesPeriod; sharedTimeAxis: boolean };
  /** Monthly means of daily mean AOD at 550 nm, by site. */
  climatology: Record<string, MonthlyMean[]>;
  alerts: Alert[];
  charts: ChartFile[];
  /** Files written, relative to the output folder. */
  files: { report: string; summary: string };
}
