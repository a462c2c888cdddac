import type { ObservationTable } from '../../src/observation.ts';

/**
 * Converts an observation table to plain arrays for deep equality, so typed arrays of different
 * backing (shared or not) compare by value.
 */
export function columnsOf(table: ObservationTable) {
  const values = Object.fromEntries(
    Object.entries(table.values).map(([name, column]) => [name, [...column]]),
  );
  return {
    length: table.length,
    siteNames: table.siteNames,
    site: [...table.site],
    time: [...table.time],
    level: [...table.level],
    latitude: [...table.latitude],
    longitude: [...table.longitude],
    elevation: [...table.elevation],
    instrument: [...table.instrument],
    values,
    sources: table.sources.map((source) => ({ ...source, retrievedAt: 'ignored' })),
    source: [...table.source],
    line: [...table.line],
  };
}
