/**
 * Data-quality alerts in the manner of ydata-profiling: short findings a reader should check
 * before trusting the numbers.
 */
import type { VariableStats } from './describe.ts';

export type AlertKind =
  'empty' | 'missing' | 'constant' | 'skewed' | 'high_correlation' | 'duplicates';

export interface Alert {
  kind: AlertKind;
  /** Variable the alert is about, absent for table-wide alerts. */
  variable?: string;
  message: string;
}

/**
 * Thresholds that raise an alert. The correlation and skewness values are the defaults in
 * ydata-profiling's config_default.yaml (`correlations.pearson.threshold`,
 * `vars.num.skewness_threshold`).
 */
export const ALERT_THRESHOLDS = {
  /** Share of rows without a value above which a variable is flagged (0.1 = 10 %). */
  missingShare: 0.1,
  /** Absolute Pearson r at or above which two variables are flagged. */
  correlation: 0.9,
  /** Absolute skewness above which a variable is flagged. */
  skewness: 20,
};

export interface AlertInput {
  rows: number;
  duplicateRows: number;
  variables: Record<string, VariableStats>;
  correlation: { variables: string[]; matrix: number[][] };
}

/** Returns the alerts for a profiled table: table-wide first, then by variable. */
export function findAlerts(input: AlertInput): Alert[] {
  const alerts: Alert[] = [];
  if (input.duplicateRows > 0) {
    const rows = plural(input.duplicateRows, 'duplicate (site, time) row');
    const share = percent(input.duplicateRows / input.rows);
    alerts.push({ kind: 'duplicates', message: `The table has ${rows} (${share})` });
  }

  for (const [variable, stats] of Object.entries(input.variables)) {
    alerts.push(...variableAlerts(variable, stats, input.rows));
    const correlated = correlatedWith(variable, input.correlation);
    if (correlated.length > 0) {
      const threshold = `|r| ≥ ${ALERT_THRESHOLDS.correlation}`;
      alerts.push({
        kind: 'high_correlation',
        variable,
        message: `${variable} is highly correlated with ${listNames(correlated)} (${threshold})`,
      });
    }
  }
  return alerts;
}

function variableAlerts(variable: string, stats: VariableStats, rows: number): Alert[] {
  if (stats.count === 0) {
    return [{ kind: 'empty', variable, message: `${variable} has no values` }];
  }

  const alerts: Alert[] = [];
  const missingShare = stats.missing / rows;
  if (missingShare > ALERT_THRESHOLDS.missingShare) {
    const missing = plural(stats.missing, 'missing value');
    alerts.push({
      kind: 'missing',
      variable,
      message: `${variable} has ${missing} (${percent(missingShare)})`,
    });
  }
  if (stats.min === stats.max) {
    alerts.push({
      kind: 'constant',
      variable,
      message: `${variable} has the constant value ${stats.min}`,
    });
  }
  if (Math.abs(stats.skewness) > ALERT_THRESHOLDS.skewness) {
    alerts.push({
      kind: 'skewed',
      variable,
      message: `${variable} is highly skewed (skewness ${stats.skewness.toFixed(1)})`,
    });
  }
  return alerts;
}

function correlatedWith(variable: string, correlation: AlertInput['correlation']): string[] {
  const row = correlation.variables.indexOf(variable);
  if (row === -1) return [];

  return correlation.variables.filter(
    (other, column) =>
      column !== row && Math.abs(correlation.matrix[row]![column]!) >= ALERT_THRESHOLDS.correlation,
  );
}

/** Lists up to three names, then how many more: "a, b, c and 2 other variables". */
function listNames(names: string[]): string {
  if (names.length === 1) return names[0]!;
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 3).join(', ')} and ${plural(names.length - 3, 'other variable')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
