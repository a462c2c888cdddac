/** Table-wide facts for the report overview: rows, sites, time range, missing cells, duplicates. */
import { isoTime, type ObservationTable } from '../observation.ts';

/** Observations of one site and where it is. */
export interface SiteOverview {
  name: string;
  observations: number;
  /** ISO 8601 UTC time of the first and last observation, null when no time is valid. */
  firstTime: string | null;
  lastTime: string | null;
  /** Degrees and metres above sea level, from the site's first observation. */
  latitude: number;
  longitude: number;
  elevation: number;
}

export interface TableOverview {
  rows: number;
  /** Sites with at least one observation, in order of their names. */
  sites: SiteOverview[];
  /** ISO 8601 UTC times of the first and last observation, null for an empty table. */
  timeStart: string | null;
  timeEnd: string | null;
  /** Rows by AERONET quality level (10, 15 or 20). */
  rowsByLevel: Record<string, number>;
  /** Cells of the profiled variables: rows times variables. */
  cells: number;
  missingCells: number;
  missingByVariable: Record<string, number>;
  /** Rows whose (site, time) pair already occurred in an earlier row. */
  duplicateRows: number;
}

/** Summarizes `table`, counting missing cells over the profiled `variables`. */
export function summarizeTable(
  table: ObservationTable,
  variables: Record<string, Float64Array>,
): TableOverview {
  const missingByVariable: Record<string, number> = {};
  for (const [name, column] of Object.entries(variables)) {
    missingByVariable[name] = countMissing(column, table.length);
  }
  const missingCells = Object.values(missingByVariable).reduce((sum, n) => sum + n, 0);
  const range = timeRange(table);

  return {
    rows: table.length,
    sites: summarizeSites(table),
    timeStart: range === null ? null : formatTime(range.start),
    timeEnd: range === null ? null : formatTime(range.end),
    rowsByLevel: countLevels(table),
    cells: table.length * Object.keys(variables).length,
    missingCells,
    missingByVariable,
    duplicateRows: countDuplicateSiteTimes(table),
  };
}

/** Returns how many of the first `length` values are NaN. */
export function countMissing(column: Float64Array, length: number): number {
  let missing = 0;
  for (let i = 0; i < length; i++) if (column[i] !== column[i]) missing++;
  return missing;
}

/** Returns how many rows repeat the (site, time) of an earlier row, like pandas `duplicated`. */
export function countDuplicateSiteTimes(table: ObservationTable): number {
  const order = timeOrder(table);
  let duplicates = 0;
  let runStart = 0;
  while (runStart < order.length) {
    // Rows of one time form a run in time order, and a site seen twice in a run is a duplicate.
    const time = table.time[order[runStart]!]!;
    let runEnd = runStart + 1;
    while (runEnd < order.length && table.time[order[runEnd]!] === time) runEnd++;

    if (runEnd - runStart > 1) {
      const seen = new Set<number>();
      for (let k = runStart; k < runEnd; k++) {
        const site = table.site[order[k]!]!;
        if (seen.has(site)) duplicates++;
        seen.add(site);
      }
    }
    runStart = runEnd;
  }
  return duplicates;
}

/** Returns the row indices in time order, without sorting when the table is already sorted. */
function timeOrder(table: ObservationTable): Uint32Array {
  const order = new Uint32Array(table.length);
  let sorted = true;
  for (let i = 0; i < table.length; i++) {
    order[i] = i;
    if (i > 0 && !(table.time[i - 1]! <= table.time[i]!)) sorted = false;
  }
  if (sorted) return order;

  return order.sort((a, b) => table.time[a]! - table.time[b]!);
}

/** Returns the earliest and latest time, or null when no time is valid. */
function timeRange(table: ObservationTable): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  for (let i = 0; i < table.length; i++) {
    const time = table.time[i]!;
    if (time < start) start = time;
    if (time > end) end = time;
  }
  return start <= end ? { start, end } : null;
}

function countLevels(table: ObservationTable): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < table.length; i++) {
    const level = String(table.level[i]);
    counts[level] = (counts[level] ?? 0) + 1;
  }
  return counts;
}

function summarizeSites(table: ObservationTable): SiteOverview[] {
  const count = new Float64Array(table.siteNames.length);
  const first = new Float64Array(table.siteNames.length).fill(Infinity);
  const last = new Float64Array(table.siteNames.length).fill(-Infinity);
  const firstRow = new Int32Array(table.siteNames.length).fill(-1);
  for (let i = 0; i < table.length; i++) {
    const site = table.site[i]!;
    const time = table.time[i]!;
    count[site]!++;
    if (firstRow[site] === -1) firstRow[site] = i;
    if (time < first[site]!) first[site] = time;
    if (time > last[site]!) last[site] = time;
  }

  const sites: SiteOverview[] = [];
  table.siteNames.forEach((name, site) => {
    const row = firstRow[site]!;
    if (row === -1) return;
    sites.push({
      name,
      observations: count[site]!,
      firstTime: formatTime(first[site]!),
      lastTime: formatTime(last[site]!),
      latitude: table.latitude[row]!,
      longitude: table.longitude[row]!,
      elevation: table.elevation[row]!,
    });
  });
  return sites.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function formatTime(seconds: number): string | null {
  return Number.isFinite(seconds) ? isoTime(seconds) : null;
}
