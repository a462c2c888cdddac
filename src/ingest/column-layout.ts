/**
 * Maps the column header of an AERONET Version 3 file to what the reader keeps, by position.
 *
 * Names repeat in the header (`AOD_Empty` five times, `N[AOD_Empty]` five times), so each kept
 * name is taken at its first occurrence and every other column is skipped.
 */
import { BadInputError } from '../errors.ts';
import { MEASUREMENTS, MEASUREMENT_COLUMNS } from '../observation.ts';
import { DATE, LEVEL, NUMBER, SITE, SKIP, TIME, type ScanLayout } from './scan-rows.js';

/** Number slots after the measurements, which take slots 0 .. MEASUREMENTS.length - 1. */
export const LATITUDE_SLOT = MEASUREMENTS.length;
export const LONGITUDE_SLOT = MEASUREMENTS.length + 1;
export const ELEVATION_SLOT = MEASUREMENTS.length + 2;
export const INSTRUMENT_SLOT = MEASUREMENTS.length + 3;
export const NUMBER_SLOTS = MEASUREMENTS.length + 4;

const SITE_NUMBER_COLUMNS: Record<string, number> = {
  'Site_Latitude(Degrees)': LATITUDE_SLOT,
  'Site_Longitude(Degrees)': LONGITUDE_SLOT,
  'Site_Elevation(m)': ELEVATION_SLOT,
  AERONET_Instrument_Number: INSTRUMENT_SLOT,
};

/** Columns without which a row cannot become an observation. */
const REQUIRED_COLUMNS = [
  'Date(dd:mm:yyyy)',
  'Time(hh:mm:ss)',
  'Data_Quality_Level',
  'AERONET_Site_Name',
  'Site_Latitude(Degrees)',
  'Site_Longitude(Degrees)',
  'Site_Elevation(m)',
  MEASUREMENT_COLUMNS.aod_500,
];

/**
 * Builds the scan layout of a column header. Throws AOD_FILE_COLUMNS naming the first
 * required column the header lacks.
 */
export function buildColumnLayout(
  names: string[],
  where: { file: string; line: number },
): ScanLayout {
  const slotOf = numberSlotsByName();
  const kinds: number[] = names.map(() => SKIP);
  const slots: number[] = names.map(() => -1);
  const found = new Set<string>();

  names.forEach((name, column) => {
    const key = canonicalName(name);
    if (found.has(key)) return;

    const kind = slotOf.has(key) ? NUMBER : kindOf(key);
    if (kind === SKIP) return;
    found.add(key);
    kinds[column] = kind;
    slots[column] = kind === NUMBER ? slotOf.get(key)! : -1;
  });

  const missing = REQUIRED_COLUMNS.find((name) => !found.has(canonicalName(name)));
  if (missing !== undefined) {
    throw new BadInputError(
      'AOD_FILE_COLUMNS',
      `expected a column "${missing}" in the column header, got none; ` +
        'pass an unmodified AERONET Version 3 AOD file (All Points or Daily Averages)',
      where,
    );
  }

  const filled = new Set(slots.filter((slot) => slot >= 0));
  const absentSlots = [...slotOf.values()].filter((slot) => !filled.has(slot));
  return { columnCount: names.length, kinds, slots, names, absentSlots };
}

function numberSlotsByName(): Map<string, number> {
  const slots = new Map<string, number>();
  MEASUREMENTS.forEach((measurement, slot) => slots.set(MEASUREMENT_COLUMNS[measurement], slot));
  for (const [name, slot] of Object.entries(SITE_NUMBER_COLUMNS)) slots.set(name, slot);
  return slots;
}

// The date and time columns are matched by prefix: `Date(dd:mm:yyyy)` and `Date(dd-mm-yyyy)`
// both occur.
function canonicalName(name: string): string {
  if (name.startsWith('Date(')) return 'Date(dd:mm:yyyy)';
  if (name.startsWith('Time(')) return 'Time(hh:mm:ss)';
  return name;
}

function kindOf(name: string): number {
  switch (name) {
    case 'Date(dd:mm:yyyy)':
      return DATE;
    case 'Time(hh:mm:ss)':
      return TIME;
    case 'Data_Quality_Level':
      return LEVEL;
    case 'AERONET_Site_Name':
      return SITE;
    default:
      return SKIP;
  }
}
