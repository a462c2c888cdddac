/**
 * The columnar observation table every stage passes on.
 *
 * One row is one AERONET observation: a site, a UTC time and the measured values. Columns are
 * typed arrays because a million-row file must fit in a few hundred megabytes and be scanned
 * without per-row objects. Missing values are NaN (AERONET writes them as -999).
 */

/** Measured values kept from AERONET Version 3 files, by pipeline name. */
export const MEASUREMENTS = [
  'aod_1640',
  'aod_1020',
  'aod_870',
  'aod_675',
  'aod_500',
  'aod_440',
  'aod_380',
  'aod_340',
  'precipitable_water',
  'angstrom_440_870',
  'angstrom_380_500',
  'angstrom_440_675',
  'angstrom_500_870',
  'angstrom_340_440',
  'solar_zenith_angle',
] as const;

export type Measurement = (typeof MEASUREMENTS)[number];

/** AERONET Version 3 column name of each measurement (first occurrence in the header). */
export const MEASUREMENT_COLUMNS: Record<Measurement, string> = {
  aod_1640: 'AOD_1640nm',
  aod_1020: 'AOD_1020nm',
  aod_870: 'AOD_870nm',
  aod_675: 'AOD_675nm',
  aod_500: 'AOD_500nm',
  aod_440: 'AOD_440nm',
  aod_380: 'AOD_380nm',
  aod_340: 'AOD_340nm',
  precipitable_water: 'Precipitable_Water(cm)',
  angstrom_440_870: '440-870_Angstrom_Exponent',
  angstrom_380_500: '380-500_Angstrom_Exponent',
  angstrom_440_675: '440-675_Angstrom_Exponent',
  angstrom_500_870: '500-870_Angstrom_Exponent',
  angstrom_340_440: '340-440_Angstrom_Exponent',
  solar_zenith_angle: 'Solar_Zenith_Angle(Degrees)',
};

/** AERONET product a source holds: every measurement, or one average per day. */
export type Product = 'all_points' | 'daily';

/** Origin of a batch of observations (lineage). */
export interface Source {
  /** File path or request URL. */
  uri: string;
  kind: 'file' | 'request';
  /** Hash of the bytes read (see ingest/content-hash.ts). */
  contentHash: string;
  /** ISO 8601 time the bytes were read or downloaded. */
  retrievedAt: string;
  product: Product;
  /** AERONET quality level: 10, 15 or 20 for Level 1.0, 1.5 and 2.0. */
  level: number;
}

export interface ObservationTable {
  length: number;
  /** Site names; `site[i]` indexes this list. */
  siteNames: string[];
  site: Uint16Array;
  /** Seconds since 1970-01-01T00:00:00Z. Daily averages carry 12:00:00 of their day. */
  time: Float64Array;
  /** AERONET quality level of the row: 10, 15 or 20. */
  level: Uint8Array;
  latitude: Float64Array;
  longitude: Float64Array;
  /** Metres above sea level. */
  elevation: Float64Array;
  instrument: Float64Array;
  values: Record<Measurement, Float64Array>;
  /** Sources; `source[i]` indexes this list. */
  sources: Source[];
  source: Uint16Array;
  /** 1-based line of the row in its source. */
  line: Uint32Array;
}

/** Allocates an empty table with room for `capacity` rows. */
export function createObservationTable(capacity: number): ObservationTable {
  const values = {} as Record<Measurement, Float64Array>;
  for (const name of MEASUREMENTS) values[name] = new Float64Array(capacity);

  return {
    length: 0,
    siteNames: [],
    site: new Uint16Array(capacity),
    time: new Float64Array(capacity),
    level: new Uint8Array(capacity),
    latitude: new Float64Array(capacity),
    longitude: new Float64Array(capacity),
    elevation: new Float64Array(capacity),
    instrument: new Float64Array(capacity),
    values,
    sources: [],
    source: new Uint16Array(capacity),
    line: new Uint32Array(capacity),
  };
}

export type Column = Float64Array | Uint16Array | Uint8Array | Uint32Array;

/** Returns every row-aligned column in one fixed order: site, time, level, position, source, line, then MEASUREMENTS. */
export function columnsOf(table: ObservationTable): Column[] {
  return [
    table.site,
    table.time,
    table.level,
    table.latitude,
    table.longitude,
    table.elevation,
    table.instrument,
    table.source,
    table.line,
    ...MEASUREMENTS.map((name) => table.values[name]),
  ];
}

/** Returns a new table holding the rows at `indices`, in that order. */
export function takeRows(table: ObservationTable, indices: ArrayLike<number>): ObservationTable {
  const out = createObservationTable(indices.length);
  out.length = indices.length;
  out.siteNames = table.siteNames.slice();
  out.sources = table.sources.slice();

  const from = columnsOf(table);
  const to = columnsOf(out);
  for (let c = 0; c < from.length; c++) {
    const source = from[c]!;
    const target = to[c]!;
    for (let i = 0; i < indices.length; i++) target[i] = source[indices[i]!]!;
  }
  return out;
}

/** Concatenates tables, merging their site and source dictionaries. */
export function concatTables(tables: ObservationTable[]): ObservationTable {
  const total = tables.reduce((sum, t) => sum + t.length, 0);
  const out = createObservationTable(total);
  const siteIndex = new Map<string, number>();
  const sourceIndex = new Map<string, number>();

  let offset = 0;
  for (const table of tables) {
    const siteMap = table.siteNames.map((name) => internName(siteIndex, out.siteNames, name));
    const sourceMap = table.sources.map((source) => {
      const key = `${source.uri}\u0000${source.contentHash}`;
      let index = sourceIndex.get(key);
      if (index === undefined) {
        index = out.sources.push(source) - 1;
        sourceIndex.set(key, index);
      }
      return index;
    });

    const from = columnsOf(table);
    const to = columnsOf(out);
    for (let c = 0; c < from.length; c++) to[c]!.set(from[c]!.subarray(0, table.length), offset);
    for (let i = 0; i < table.length; i++) {
      out.site[offset + i] = siteMap[table.site[i]!]!;
      out.source[offset + i] = sourceMap[table.source[i]!]!;
    }
    offset += table.length;
  }
  out.length = total;
  return out;
}

/** Returns the dictionary index of `name`, adding it when new. */
export function internName(index: Map<string, number>, names: string[], name: string): number {
  const found = index.get(name);
  if (found !== undefined) return found;

  const added = names.push(name) - 1;
  index.set(name, added);
  return added;
}

/** Formats seconds since the epoch as an ISO 8601 UTC string. */
export function isoTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
