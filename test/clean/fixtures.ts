import {
  createObservationTable,
  internName,
  type Measurement,
  type ObservationTable,
} from '../../src/observation.ts';

export interface RowSpec {
  site: string;
  /** ISO 8601 UTC time. */
  time: string;
  values?: Partial<Record<Measurement, number>>;
  latitude?: number;
}

/** Builds an observation table from row specs; measurements not given are missing (NaN). */
export function tableOf(rows: RowSpec[], uri = 'fixture.lev20'): ObservationTable {
  const table = createObservationTable(rows.length);
  const sites = new Map<string, number>();
  table.sources.push({
    uri,
    kind: 'file',
    contentHash: 'f'.repeat(64),
    retrievedAt: '2026-01-01T00:00:00.000Z',
    product: 'all_points',
    level: 20,
  });

  rows.forEach((spec, i) => {
    table.site[i] = internName(sites, table.siteNames, spec.site);
    table.time[i] = Date.parse(spec.time) / 1000;
    table.level[i] = 20;
    table.latitude[i] = spec.latitude ?? 13.5;
    table.longitude[i] = 2.6;
    table.elevation[i] = 250;
    table.instrument[i] = 100;
    table.line[i] = i + 7;
    for (const column of Object.values(table.values)) column[i] = Number.NaN;
    for (const [name, value] of Object.entries(spec.values ?? {})) {
      table.values[name as Measurement][i] = value;
    }
  });
  table.length = rows.length;
  return table;
}

export const GOOD = { aod_500: 0.4, aod_440: 0.45, angstrom_440_870: 1.2, precipitable_water: 2 };
