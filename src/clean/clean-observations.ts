/**
 * The clean stage: removes impossible values, rows without a usable target and duplicate
 * (site, time) rows, derives AOD at 550 nm and orders the rows by time. Every removed row
 * becomes a quarantine record and every rule is counted in the cleaning summary.
 */
import { MEASUREMENTS, isoTime, type Measurement, type ObservationTable } from '../observation.ts';
import type { QuarantineReason, QuarantineRecord } from '../quarantine.ts';
import { shiftAod } from './angstrom.ts';
import type { CleanTable } from './clean-table.ts';
import { findImpossibleValue, isAod } from './impossible-values.ts';
import { MIN_AOD } from './rules.ts';
import { timeOrder } from './time-order.ts';

export interface CleaningSummary {
  rowsIn: number;
  rowsOut: number;
  /** Cells AERONET marked missing (-999), by measurement. */
  missingCells: Record<Measurement, number>;
  /** Rows removed by each clean rule. */
  removed: Record<
    Extract<QuarantineReason, 'impossible_value' | 'no_target' | 'duplicate'>,
    number
  >;
  /** Rows kept although one of their AODs is slightly negative (see MIN_AOD). */
  smallNegativeAodKept: number;
  /** Rows whose AOD at 550 nm comes from 500 nm and from 440 nm. */
  aod550From500: number;
  aod550From440: number;
}

export interface CleanResult {
  table: CleanTable;
  quarantine: QuarantineRecord[];
  summary: CleaningSummary;
}

const KEEP = 0;
const REJECTED = 1;

/**
 * Cleans `table` in place and returns it as a CleanTable; the input must not be used after.
 * Working in place keeps a million-row run at one copy of the data in memory.
 */
export function cleanObservations(table: ObservationTable): CleanResult {
  const n = table.length;
  const quarantine: QuarantineRecord[] = [];
  const summary = emptySummary(n);
  countMissingCells(table, summary);

  const status = new Uint8Array(n);
  const aod550 = new Float64Array(n);
  const aod550SourceNm = new Uint16Array(n);
  for (let row = 0; row < n; row++) {
    const impossible = findImpossibleValue(table, row);
    if (impossible) {
      status[row] = REJECTED;
      summary.removed.impossible_value++;
      quarantine.push(record(table, row, 'impossible_value', impossible));
      continue;
    }

    const derived = deriveAod550(table, row);
    if (derived.sourceNm === 0) {
      status[row] = REJECTED;
      summary.removed.no_target++;
      quarantine.push(record(table, row, 'no_target', { field: 'AOD_500nm', value: null }));
      continue;
    }

    aod550[row] = derived.aod;
    aod550SourceNm[row] = derived.sourceNm;
    if (hasSmallNegativeAod(table, row)) summary.smallNegativeAodKept++;
  }

  const kept = keepFirstPerSiteAndTime(table, status, summary, quarantine);
  const clean = permuteInPlace(table, kept, aod550, aod550SourceNm);
  for (let i = 0; i < clean.length; i++) {
    if (clean.aod550SourceNm[i] === 500) summary.aod550From500++;
    else summary.aod550From440++;
  }
  summary.rowsOut = clean.length;
  return { table: clean, quarantine, summary };
}

function emptySummary(rowsIn: number): CleaningSummary {
  const missingCells = {} as Record<Measurement, number>;
  for (const name of MEASUREMENTS) missingCells[name] = 0;
  return {
    rowsIn,
    rowsOut: 0,
    missingCells,
    removed: { impossible_value: 0, no_target: 0, duplicate: 0 },
    smallNegativeAodKept: 0,
    aod550From500: 0,
    aod550From440: 0,
  };
}

function countMissingCells(table: ObservationTable, summary: CleaningSummary): void {
  for (const name of MEASUREMENTS) {
    const column = table.values[name];
    let missing = 0;
    for (let i = 0; i < table.length; i++) if (Number.isNaN(column[i])) missing++;
    summary.missingCells[name] = missing;
  }
}

/**
 * AOD at 550 nm from 500 nm, or from 440 nm when 500 nm is missing, both with the 440-870 nm
 * Angstrom exponent (the pyaerocom and monetio method). sourceNm is 0 when neither works.
 */
function deriveAod550(table: ObservationTable, row: number): { aod: number; sourceNm: number } {
  const alpha = table.values.angstrom_440_870[row]!;
  const aod500 = table.values.aod_500[row]!;
  if (!Number.isNaN(aod500) && !Number.isNaN(alpha)) {
    return { aod: shiftAod(aod500, 500, 550, alpha), sourceNm: 500 };
  }

  const aod440 = table.values.aod_440[row]!;
  if (!Number.isNaN(aod440) && !Number.isNaN(alpha)) {
    return { aod: shiftAod(aod440, 440, 550, alpha), sourceNm: 440 };
  }
  return { aod: Number.NaN, sourceNm: 0 };
}

function hasSmallNegativeAod(table: ObservationTable, row: number): boolean {
  for (const name of MEASUREMENTS) {
    if (!isAod(name)) continue;
    const value = table.values[name][row]!;
    if (value < 0 && value >= MIN_AOD) return true;
  }
  return false;
}

/**
 * Returns the kept rows in time order. Among rows of one site at one time the first in input
 * order stays (pandas `drop_duplicates(keep="first")`); the others are quarantined.
 */
function keepFirstPerSiteAndTime(
  table: ObservationTable,
  status: Uint8Array,
  summary: CleaningSummary,
  quarantine: QuarantineRecord[],
): Uint32Array {
  const order = timeOrder(table.time, table.length);
  const kept = new Uint32Array(table.length);
  let keptCount = 0;
  let groupStart = 0;

  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    if (status[row] !== KEEP) continue;

    if (keptCount > 0 && table.time[kept[keptCount - 1]!] !== table.time[row]) {
      groupStart = keptCount;
    }
    const first = findSameSite(table, kept, groupStart, keptCount, row);
    if (first >= 0) {
      summary.removed.duplicate++;
      quarantine.push(duplicateRecord(table, row, first));
      continue;
    }
    kept[keptCount++] = row;
  }
  return kept.subarray(0, keptCount);
}

function findSameSite(
  table: ObservationTable,
  kept: Uint32Array,
  from: number,
  to: number,
  row: number,
): number {
  for (let k = from; k < to; k++) {
    if (table.site[kept[k]!] === table.site[row]) return kept[k]!;
  }
  return -1;
}

function permuteInPlace(
  table: ObservationTable,
  kept: Uint32Array,
  aod550: Float64Array,
  aod550SourceNm: Uint16Array,
): CleanTable {
  const n = kept.length;
  const floats = new Float64Array(n);
  const gather = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(
    column: T,
    scratch: T,
  ): T => {
    for (let i = 0; i < n; i++) scratch[i] = column[kept[i]!]!;
    column.set(scratch.subarray(0, n));
    return column.subarray(0, n) as T;
  };

  const values = {} as Record<Measurement, Float64Array>;
  for (const name of MEASUREMENTS) values[name] = gather(table.values[name], floats);
  return {
    length: n,
    siteNames: table.siteNames,
    sources: table.sources,
    time: gather(table.time, floats),
    latitude: gather(table.latitude, floats),
    longitude: gather(table.longitude, floats),
    elevation: gather(table.elevation, floats),
    instrument: gather(table.instrument, floats),
    aod550: gather(aod550, floats),
    values,
    site: gather(table.site, new Uint16Array(n)),
    source: gather(table.source, new Uint16Array(n)),
    aod550SourceNm: gather(aod550SourceNm, new Uint16Array(n)),
    level: gather(table.level, new Uint8Array(n)),
    line: gather(table.line, new Uint32Array(n)),
  };
}

function record(
  table: ObservationTable,
  row: number,
  reason: QuarantineReason,
  found: { field: string; value: number | null; detail?: string },
): QuarantineRecord {
  const detail =
    found.detail ??
    `${found.field}: expected a value to derive AOD at 550 nm, got -999 (missing); ` +
      'AOD_500nm or AOD_440nm and 440-870_Angstrom_Exponent are needed';
  return {
    reason,
    source: table.sources[table.source[row]!]?.uri ?? 'unknown',
    line: table.line[row]!,
    site: table.siteNames[table.site[row]!] ?? null,
    time: isoTime(table.time[row]!),
    field: found.field,
    value: found.value === null ? null : String(found.value),
    detail,
  };
}

function duplicateRecord(table: ObservationTable, row: number, first: number): QuarantineRecord {
  const firstSource = table.sources[table.source[first]!]?.uri ?? 'unknown';
  return {
    reason: 'duplicate',
    source: table.sources[table.source[row]!]?.uri ?? 'unknown',
    line: table.line[row]!,
    site: table.siteNames[table.site[row]!] ?? null,
    time: isoTime(table.time[row]!),
    field: null,
    value: null,
    detail: `same site and time as ${firstSource} line ${table.line[first]!}, which is kept`,
  };
}
