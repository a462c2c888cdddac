/**
 * The clean stage: removes impossible values, rows without a usable target and duplicate
 * (site, time) rows, derives AOD at 550 nm and orders the rows by time. Every removed row
 * becomes a quarantine record and every rule is counted in the cleaning summary.
 */
import { MEASUREMENTS, isoTime, type Measurement, type ObservationTable } from '../observation.ts';
import type { QuarantineReason, QuarantineRecord } from '../quarantine.ts';
import { aodShift } from './angstrom.ts';
import type { CleanTable } from './clean-table.ts';
import { checkValues, describeImpossibleValue } from './check-values.ts';
import { TIME_ORDER_SCRATCH_BYTES, timeOrder } from './time-order.ts';

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
  const { impossible, smallNegativeAod, missingCells } = checkValues(table);
  summary.missingCells = missingCells;

  const status = new Uint8Array(n);
  const aod550SourceNm = new Uint16Array(n);
  chooseAod550Sources(table, aod550SourceNm);

  for (let row = 0; row < n; row++) {
    if (impossible[row] !== 0) {
      status[row] = REJECTED;
      summary.removed.impossible_value++;
      const found = describeImpossibleValue(table, row, impossible[row]!);
      quarantine.push(record(table, row, 'impossible_value', found));
      continue;
    }
    if (aod550SourceNm[row] === 0) {
      status[row] = REJECTED;
      summary.removed.no_target++;
      quarantine.push(record(table, row, 'no_target', { field: 'AOD_500nm', value: null }));
      continue;
    }
    if (smallNegativeAod[row] === 1) summary.smallNegativeAodKept++;
  }

  // One scratch buffer serves the time sort, then the reordering of the columns.
  const scratch = new ArrayBuffer(TIME_ORDER_SCRATCH_BYTES * n);
  const order = timeOrder(table.time, n, scratch);
  const kept = keepFirstPerSiteAndTime(table, status, order, summary, quarantine);
  const clean = permuteInPlace(table, kept, { aod550SourceNm, status, scratch });
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

/**
 * Sets the wavelength AOD at 550 nm is derived from: 500 nm, or 440 nm when 500 nm is missing,
 * both with the 440-870 nm Angstrom exponent (the pyaerocom and monetio method). It stays 0
 * where neither works. The AOD itself is derived after the reorder, for the kept rows only.
 */
function chooseAod550Sources(table: ObservationTable, sourceNm: Uint16Array): void {
  const alpha = table.values.angstrom_440_870;
  const aod500 = table.values.aod_500;
  const aod440 = table.values.aod_440;

  for (let row = 0; row < table.length; row++) {
    if (Number.isNaN(alpha[row]!)) continue;

    if (!Number.isNaN(aod500[row]!)) sourceNm[row] = 500;
    else if (!Number.isNaN(aod440[row]!)) sourceNm[row] = 440;
  }
}

/**
 * Writes AOD at 550 nm into `into`, shifted by the Angstrom law from the wavelength in
 * `sourceNm`, and returns its first `sourceNm.length` entries.
 */
function deriveAod550(
  values: Record<Measurement, Float64Array>,
  sourceNm: Uint16Array,
  into: Float64Array,
): Float64Array {
  const from500 = aodShift(500, 550);
  const from440 = aodShift(440, 550);
  const alpha = values.angstrom_440_870;
  const n = sourceNm.length;

  for (let row = 0; row < n; row++) {
    into[row] =
      sourceNm[row] === 500
        ? from500(values.aod_500[row]!, alpha[row]!)
        : from440(values.aod_440[row]!, alpha[row]!);
  }
  return into.subarray(0, n);
}

/**
 * Returns the kept rows in time order, written over the start of `order` (the rows in time
 * order). Among rows of one site at one time the first in input order stays (pandas
 * `drop_duplicates(keep="first")`); the others are quarantined.
 */
function keepFirstPerSiteAndTime(
  table: ObservationTable,
  status: Uint8Array,
  order: Uint32Array,
  summary: CleaningSummary,
  quarantine: QuarantineRecord[],
): Uint32Array {
  const kept = order;
  // Per site: the time group (numbered from 1) in which it last kept a row, and that row. One
  // time can hold a row of every site, so a scan of the group would cost sites^2 per time.
  const groupOfSite = new Float64Array(table.siteNames.length);
  const rowOfSite = new Uint32Array(table.siteNames.length);
  let keptCount = 0;
  let group = 0;
  let groupTime = Number.NaN;

  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    if (status[row] !== KEEP) continue;

    if (table.time[row] !== groupTime) {
      group++;
      groupTime = table.time[row]!;
    }
    const site = table.site[row]!;
    if (groupOfSite[site] === group) {
      summary.removed.duplicate++;
      quarantine.push(duplicateRecord(table, row, rowOfSite[site]!));
      continue;
    }
    groupOfSite[site] = group;
    rowOfSite[site] = row;
    kept[keptCount++] = row;
  }
  return kept.subarray(0, keptCount);
}

/** Arrays of the clean stage that become columns of its result or spare memory for it. */
interface CleanBuffers {
  aod550SourceNm: Uint16Array;
  /** Row status, no longer needed: it receives the reordered level column. */
  status: Uint8Array;
  /** The time sort's scratch, no longer needed: it becomes the first float spare and the lines. */
  scratch: ArrayBuffer;
}

/**
 * Reorders the columns to the rows `kept`. Each column is gathered into a spare buffer, and the
 * column's own buffer becomes the spare for the next column of its type. So no column is copied
 * back, and the only new buffer is one spare of two bytes per row.
 */
function permuteInPlace(
  table: ObservationTable,
  kept: Uint32Array,
  { aod550SourceNm, status, scratch }: CleanBuffers,
): CleanTable {
  const n = kept.length;
  const rows = table.length;
  let floats: Float64Array = new Float64Array(scratch, 0, rows);
  const f64 = (column: Float64Array) => {
    const gathered = gatherFloat64(column, kept, floats);
    floats = column;
    return gathered;
  };
  let shorts: Uint16Array = new Uint16Array(n);
  const u16 = (column: Uint16Array) => {
    const gathered = gatherUint16(column, kept, shorts);
    shorts = column;
    return gathered;
  };

  const values = {} as Record<Measurement, Float64Array>;
  for (const name of MEASUREMENTS) values[name] = f64(table.values[name]);
  const time = f64(table.time);
  const latitude = f64(table.latitude);
  const longitude = f64(table.longitude);
  const elevation = f64(table.elevation);
  const instrument = f64(table.instrument);
  const sourceNm = u16(aod550SourceNm);
  return {
    length: n,
    siteNames: table.siteNames,
    sources: table.sources,
    time,
    latitude,
    longitude,
    elevation,
    instrument,
    // The last column's old buffer is free now and takes the derived AOD.
    aod550: deriveAod550(values, sourceNm, floats),
    values,
    site: u16(table.site),
    source: u16(table.source),
    aod550SourceNm: sourceNm,
    level: gatherUint8(table.level, kept, status),
    line: gatherUint32(table.line, kept, new Uint32Array(scratch, 8 * rows, rows)),
  };
}

/**
 * Writes `column[kept[i]]` to `into[i]` and returns the first kept.length entries of `into`.
 * Each array type has its own function so that each loop stays monomorphic, because one generic
 * loop over four types ran at half the speed.
 */
function gatherFloat64(column: Float64Array, kept: Uint32Array, into: Float64Array) {
  const n = kept.length;
  for (let i = 0; i < n; i++) into[i] = column[kept[i]!]!;
  return into.subarray(0, n);
}

function gatherUint16(column: Uint16Array, kept: Uint32Array, into: Uint16Array) {
  const n = kept.length;
  for (let i = 0; i < n; i++) into[i] = column[kept[i]!]!;
  return into.subarray(0, n);
}

function gatherUint8(column: Uint8Array, kept: Uint32Array, into: Uint8Array) {
  const n = kept.length;
  for (let i = 0; i < n; i++) into[i] = column[kept[i]!]!;
  return into.subarray(0, n);
}

function gatherUint32(column: Uint32Array, kept: Uint32Array, into: Uint32Array) {
  const n = kept.length;
  for (let i = 0; i < n; i++) into[i] = column[kept[i]!]!;
  return into.subarray(0, n);
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
