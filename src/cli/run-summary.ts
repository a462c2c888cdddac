/**
 * The end-of-run summary: state, each task's row counts, then what a user must not miss: files
 * left out, ingest warnings, quarantined rows by reason, the model's test scores and the
 * features the fit left out. Everything comes from the run record, so `aodflow runs <id>`
 * prints the same text later.
 */
import { basename } from 'node:path';

import { Value } from '@sinclair/typebox/value';

import {
  DroppedFeatureSchema,
  type DroppedFeature,
  type Metrics,
  type TargetName,
} from '../model/artifact.ts';
import { droppedFeatureWarning } from '../model/dropped-feature-warning.ts';
import { spansWholeYear } from '../model/predict.ts';
import type { QuarantineSummary } from '../orchestrate/quarantine-summary.ts';
import { mergeQuarantineSummaries } from '../orchestrate/quarantine-summary.ts';
import type { RunRecord, TaskRunRecord } from '../store/run-history.ts';
import { formatCount, formatDuration } from './format.ts';

/** Warnings printed before the rest are left to the run record. */
const MAX_WARNINGS = 10;

const TARGET_LABELS: Record<TargetName, string> = {
  log_aod_550: 'ln AOD at 550 nm',
  aod_500: 'AOD at 500 nm',
};

export interface SummaryOptions {
  /** The run's JSON log file, printed last when given. */
  logFile?: string | null;
}

/** Renders the summary of `run` as lines without a trailing newline. */
export function formatRunSummary(run: RunRecord, options: SummaryOptions = {}): string {
  const lines = [
    `run ${run.runId} ${run.state} in ${formatDuration(run.durationMs)}`,
    ...run.tasks.map(formatTaskRow),
  ];
  if (run.dataVersion) lines.push(`  data version ${run.dataVersion.slice(0, 16)}`);
  lines.push(...siteCatalogLines(run), ...skippedLines(run), ...warningLines(run));
  lines.push(...quarantineLines(run));
  lines.push(...modelLines(run));

  const report = findTask(run, 'profile')?.details.report;
  if (typeof report === 'string') lines.push(`  report ${report}`);
  if (options.logFile) lines.push(`  log    ${options.logFile}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  return lines.join('\n');
}

/** Formats one task as a summary row: name, state, rows, duration, attempts and its note. */
export function formatTaskRow(task: TaskRunRecord): string {
  const row =
    `  ${padTask(task.task)} ${task.state.padEnd(9)} ${formatRows(task.rowsIn, task.rowsOut)} ` +
    `${formatDuration(task.durationMs).padStart(8)}  attempts ${task.attempts}`;
  const note = taskNote(task);
  return note === '' ? row : `${row}  ${note}`;
}

/** Returns the short fact shown after a task's row counts, or '' when the task has none. */
export function taskNote(task: TaskRunRecord): string {
  const details = task.details;
  if (task.task === 'store' && typeof details.added === 'number') {
    return (
      `added ${formatCount(details.added)}, replaced ${formatCount(numberOr(details.replaced))}, ` +
      `unchanged ${formatCount(numberOr(details.unchanged))}`
    );
  }
  if ((task.task === 'ingest' || task.task === 'clean') && isQuarantine(details.quarantine)) {
    const rows = quarantinedRows(details.quarantine);
    return rows === 0 ? '' : `${formatCount(rows)} quarantined`;
  }
  return '';
}

export function padTask(task: string): string {
  return task.padEnd(8);
}

export function formatRows(rowsIn: number | null, rowsOut: number | null): string {
  if (rowsIn === null && rowsOut === null) return ''.padEnd(24);
  return `${formatCount(rowsIn)} → ${formatCount(rowsOut)} rows`.padEnd(24);
}

function siteCatalogLines(run: RunRecord): string[] {
  const installed = findTask(run, 'ingest')?.details.siteCatalog;
  if (!isInstalledCatalog(installed)) return [];

  const { file, sites, generatedOn } = installed;
  return [
    `  site catalog ${basename(file)} (${sites.toLocaleString('en-US')} sites, generated ` +
      `${generatedOn}) installed for aodflow sites and ingest`,
  ];
}

function skippedLines(run: RunRecord): string[] {
  const skipped = stringList(findTask(run, 'ingest')?.details.skipped);
  if (skipped.length === 0) return [];

  const files = skipped.length === 1 ? '1 file' : `${skipped.length} files`;
  const verb = skipped.length === 1 ? 'is' : 'are';
  const names = skipped.map((file) => basename(file)).join(', ');
  return [`  skipped ${files} that ${verb} neither AERONET data nor a site list: ${names}`];
}

function warningLines(run: RunRecord): string[] {
  const warnings = stringList(findTask(run, 'ingest')?.details.warnings);
  if (warnings.length === 0) return [];

  const lines = [`  warnings (${warnings.length}):`];
  lines.push(...warnings.slice(0, MAX_WARNINGS).map((warning) => `    ${warning}`));
  if (warnings.length > MAX_WARNINGS) {
    const more = warnings.length - MAX_WARNINGS;
    lines.push(`    … ${more} more in the run record (aodflow runs ${run.runId} --json)`);
  }
  return lines;
}

function quarantineLines(run: RunRecord): string[] {
  const summaries = ['ingest', 'clean']
    .map((name) => findTask(run, name)?.details.quarantine)
    .filter(isQuarantine);
  const merged = mergeQuarantineSummaries(summaries);
  const total = quarantinedRows(merged);
  if (total === 0) return [];

  const folder = findTask(run, 'store')?.details.quarantineDir;
  const where = typeof folder === 'string' ? `; full records in ${folder}` : '';
  const lines = [`  quarantine: ${formatCount(total)} ${plural(total, 'row')} set aside${where}`];
  for (const [reason, entry] of Object.entries(merged)) {
    const places = entry.examples.map((e) => `${basename(e.source)}:${e.line}`).join(', ');
    const more = entry.rows > entry.examples.length ? ', …' : '';
    const first = entry.examples[0]?.detail;
    const count = `${formatCount(entry.rows)} ${plural(entry.rows, 'row')}`;
    lines.push(
      `    ${reason.padEnd(16)} ${count.padStart(10)}  ${places}${more}` +
        (first === undefined ? '' : ` (${first})`),
    );
  }
  return lines;
}

function modelLines(run: RunRecord): string[] {
  const model = findTask(run, 'model');
  if (model?.state !== 'completed') return [];

  const { modelVersion, metrics, scope, rowsCleaned, target } = model.details;
  if (typeof modelVersion !== 'string' || !isMetrics(metrics)) return [];

  const source = scope === 'store' ? 'all stored observations' : "this run's inputs";
  const rows = typeof rowsCleaned === 'number' ? `the ${formatCount(rowsCleaned)} ` : 'the ';
  const label = TARGET_LABELS[target as TargetName] ?? String(target);
  const lines = [
    `  model  ${modelVersion} fitted on ${rows}cleaned rows of ${source}`,
    `         test R² ${formatScore(metrics.r2)}, RMSE ${formatScore(metrics.rmse)}, ` +
      `MAE ${formatScore(metrics.mae)} on ${label}; rows train ${formatCount(metrics.rowsTrain)}, ` +
      `test ${formatCount(metrics.rowsTest)}`,
  ];
  if (metrics.r2 !== null && metrics.r2 < 0) {
    lines.push(
      `  warning: test R² is ${formatScore(metrics.r2)}: the model predicts the test part ` +
        'worse than its mean (the test part is the latest 20 % of rows in time)',
    );
  }
  for (const dropped of droppedFeatureList(model.details.droppedFeatures)) {
    lines.push(`  warning: ${droppedFeatureWarning(dropped)}`);
  }
  lines.push(...shortSpanLines(model.details.span));
  return lines;
}

/** Warns when the modelled rows span less than a year, so some seasons were never seen. */
function shortSpanLines(span: unknown): string[] {
  if (typeof span !== 'object' || span === null) return [];
  const { from, to } = span as { from?: unknown; to?: unknown };
  if (typeof from !== 'string' || typeof to !== 'string') return [];
  if (spansWholeYear(from, to)) return [];

  return [
    `  warning: the modelled rows span ${from.slice(0, 10)} to ${to.slice(0, 10)}, less than a ` +
      'year: predictions for other days of the year extrapolate the seasonal features ' +
      '(the API marks them "season_covered": false)',
  ];
}

/** Features the fit left out, from a run record; older records have none. */
function droppedFeatureList(value: unknown): DroppedFeature[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is DroppedFeature => Value.Check(DroppedFeatureSchema, item));
}

function formatScore(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(3);
}

function findTask(run: RunRecord, name: string): TaskRunRecord | undefined {
  return run.tasks.find((task) => task.task === name);
}

function quarantinedRows(summary: QuarantineSummary): number {
  return Object.values(summary).reduce((sum, entry) => sum + entry.rows, 0);
}

function plural(count: number, noun: string): string {
  return count === 1 ? noun : `${noun}s`;
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

function isQuarantine(value: unknown): value is QuarantineSummary {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMetrics(value: unknown): value is Metrics {
  return typeof value === 'object' && value !== null && 'rowsTrain' in value;
}

function isInstalledCatalog(
  value: unknown,
): value is { file: string; sites: number; generatedOn: string } {
  if (typeof value !== 'object' || value === null) return false;
  const { file, sites, generatedOn } = value as Record<string, unknown>;
  return typeof file === 'string' && typeof sites === 'number' && typeof generatedOn === 'string';
}
