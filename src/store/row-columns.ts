/**
 * Column names shared by every store: the row key and the values compared to decide whether a
 * stored row changed.
 */
import { MEASUREMENTS } from '../observation.ts';

/** Row key: one stored row per site, time, quality level and product. */
export const KEY_COLUMNS = ['site', 'time', 'level', 'product'] as const;

/** Columns whose change replaces a row; NULL where the input had NaN. */
export const VALUE_COLUMNS = [
  'latitude',
  'longitude',
  'elevation',
  'instrument',
  ...MEASUREMENTS,
] as const;
