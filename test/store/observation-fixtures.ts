/**
 * Small ObservationTables for store tests, built from row descriptions.
 */
import {
  MEASUREMENTS,
  createObservationTable,
  internName,
  type Measurement,
  type ObservationTable,
  type Source,
} from '../../src/observation.ts';

export interface RowSpec {
  site: string;
  /** ISO 8601 UTC time, or seconds since the epoch. */
  time: string | number;
  level?: number;
  /** Measurements given; the rest are NaN. */
  values?: Partial<Record<Measurement, number>>;
  latitude?: number;
  /** Source file name; its retrieval time comes from `retrievedAt`. */
  source?: string;
  retrievedAt?: string;
  product?: Source['product'];
  line?: number;
}

export function seconds(time: string | number): number {
  return typeof time === 'number' ? time : Date.parse(time) / 1000;
}

/** Builds a table with one row per spec, in the given order. */
export function tableOf(rows: RowSpec[]): ObservationTable {
  const table = createObservationTable(rows.length);
  table.length = rows.length;
  const siteIndex = new Map<string, number>();
  const sourceIndex = new Map<string, number>();

  rows.forEach((row, i) => {
    const level = row.level ?? 15;
    const uri = row.source ?? `${row.site}.lev${level}`;
    const retrievedAt = row.retrievedAt ?? '2024-05-01T00:00:00.000Z';
    const product = row.product ?? 'all_points';
    const sourceKey = `${uri}|${retrievedAt}|${product}|${level}`;
    let source = sourceIndex.get(sourceKey);
    if (source === undefined) {
      source = table.sources.push(sourceOf(uri, retrievedAt, product, level)) - 1;
      sourceIndex.set(sourceKey, source);
    }

    table.site[i] = internName(siteIndex, table.siteNames, row.site);
    table.time[i] = seconds(row.time);
    table.level[i] = level;
    table.latitude[i] = row.latitude ?? 14.39;
    table.longitude[i] = -16.96;
    table.elevation[i] = 0;
    table.instrument[i] = 1050;
    table.source[i] = source;
    table.line[i] = row.line ?? i + 7;
    for (const name of MEASUREMENTS) table.values[name][i] = row.values?.[name] ?? NaN;
  });
  return table;
}

function sourceOf(
  uri: string,
  retrievedAt: string,
  product: Source['product'],
  level: number,
): Source {
  return { uri, kind: 'file', contentHash: 'ab'.repeat(32), retrievedAt, product, level };
}

/**
 * Builds `count` rows of `site`, one per hour from `start`, with AOD values derived from the
 * row number and `variant`, so two variants differ in every value.
 */
export function hourlyTable(
  site: string,
  start: string,
  count: number,
  variant = 0,
  firstHour = 0,
): ObservationTable {
  const rows: RowSpec[] = [];
  for (let i = 0; i < count; i++) {
    const hour = firstHour + i;
    rows.push({
      site,
      time: seconds(start) + hour * 3600,
      values: { aod_500: 0.1 + (hour % 97) / 1000 + variant, aod_440: 0.2 + variant },
    });
  }
  return tableOf(rows);
}

/** Returns the rows of a table as plain objects, for whole-value comparison. */
export function rowsOf(table: ObservationTable): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.length; i++) {
    const source = table.sources[table.source[i]!]!;
    const row: Record<string, unknown> = {
      site: table.siteNames[table.site[i]!],
      time: new Date(table.time[i]! * 1000).toISOString(),
      level: table.level[i],
      latitude: table.latitude[i],
      longitude: table.longitude[i],
      elevation: table.elevation[i],
      instrument: table.instrument[i],
      source: source.uri,
      retrievedAt: source.retrievedAt,
      product: source.product,
      line: table.line[i],
    };
    for (const name of MEASUREMENTS) row[name] = table.values[name][i];
    rows.push(row);
  }
  return rows;
}
