/**
 * Quarantine records counted by reason, with the first few locations of each, small enough for
 * the run record and the end-of-run summary. The full records stay in the store.
 */
import { QUARANTINE_REASONS, type QuarantineReason, type QuarantineRecord } from '../quarantine.ts';

/** Source, line and reason of one quarantined row. */
export interface QuarantineExample {
  source: string;
  line: number;
  detail: string;
}

export interface QuarantineReasonCount {
  rows: number;
  /** The first rows of this reason, in the order they were quarantined. */
  examples: QuarantineExample[];
}

/** Counts by reason, in the order of QUARANTINE_REASONS; reasons without rows are left out. */
export type QuarantineSummary = Partial<Record<QuarantineReason, QuarantineReasonCount>>;

/** Examples kept per reason. @default 3 */
export const QUARANTINE_EXAMPLES = 3;

/** Counts `records` by reason, keeping the first `maxExamples` of each. */
export function summarizeQuarantine(
  records: QuarantineRecord[],
  maxExamples = QUARANTINE_EXAMPLES,
): QuarantineSummary {
  const byReason = new Map<QuarantineReason, QuarantineReasonCount>();
  for (const record of records) {
    let entry = byReason.get(record.reason);
    if (entry === undefined) {
      entry = { rows: 0, examples: [] };
      byReason.set(record.reason, entry);
    }
    entry.rows++;
    if (entry.examples.length < maxExamples) {
      entry.examples.push({ source: record.source, line: record.line, detail: record.detail });
    }
  }

  const summary: QuarantineSummary = {};
  for (const reason of Object.keys(QUARANTINE_REASONS) as QuarantineReason[]) {
    const entry = byReason.get(reason);
    if (entry !== undefined) summary[reason] = entry;
  }
  return summary;
}

/** Adds the counts of `summaries` by reason, keeping the first `maxExamples` examples of each. */
export function mergeQuarantineSummaries(
  summaries: QuarantineSummary[],
  maxExamples = QUARANTINE_EXAMPLES,
): QuarantineSummary {
  const merged: QuarantineSummary = {};
  for (const reason of Object.keys(QUARANTINE_REASONS) as QuarantineReason[]) {
    const entries = summaries.flatMap((summary) => summary[reason] ?? []);
    if (entries.length === 0) continue;

    merged[reason] = {
      rows: entries.reduce((sum, entry) => sum + entry.rows, 0),
      examples: entries.flatMap((entry) => entry.examples).slice(0, maxExamples),
    };
  }
  return merged;
}
