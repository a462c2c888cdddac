// Types of scan-rows.js, the byte scanner for plain AERONET Version 3 data rows.

export const SKIP: 0;
export const NUMBER: 1;
export const DATE: 2;
export const TIME: 3;
export const LEVEL: 4;
export const SITE: 5;

/** How to read each column of a file, by position. Plain data, so it can go to a worker. */
export interface ScanLayout {
  columnCount: number;
  /** Kind of each column: SKIP, NUMBER, DATE, TIME, LEVEL or SITE. */
  kinds: number[];
  /** Output number slot of each NUMBER column, -1 elsewhere. */
  slots: number[];
  /** Column names, for messages. */
  names: string[];
  /** Number slots no column fills; the scanner writes NaN there. */
  absentSlots: number[];
}

/** Output columns of scanned rows. */
export interface ScanColumns {
  /** Seconds since the epoch, UTC. */
  time: Float64Array;
  site: Uint16Array;
  level: Uint8Array;
  line: Uint32Array;
  /** One column per number slot. */
  numbers: Float64Array[];
}

/** A line the scanner did not turn into a row, for the text reader. */
export interface IrregularLine {
  line: number;
  /** The line without its line end ('' when overlong). */
  text: string;
  /** True for the last line of a file that does not end with a newline. */
  unterminated: boolean;
  /** True for a line longer than MAX_LINE_BYTES, which was not read whole. */
  overlong: boolean;
}

/** Maximum bytes of a line either reader parses. A longer line is quarantined unread. */
export const MAX_LINE_BYTES: number;

export class ColumnSink {
  constructor(columns: ScanColumns, offset: number, capacity: number, numberCount: number);
  readonly columns: ScanColumns;
  readonly offset: number;
  readonly capacity: number;
  /** Rows written to `columns` from `offset`. */
  rows: number;
  /** Rows past `capacity`, in private growable columns. */
  spill: ScanColumns | null;
  spillRows: number;
}

export function allocateColumns(rows: number, numberCount: number): ScanColumns;

/** A WebAssembly.Memory, as far as TypeScript code uses it. */
export interface KernelMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** Bytes of a kernel memory the scanner uses from address 0, before any input. */
export function scannerWorkspaceBytes(layout: ScanLayout): number;

export class RowScanner {
  constructor(layout: ScanLayout, memory: KernelMemory);
  /** Lines consumed in the current chunk, blank and set-aside ones included. */
  readonly lines: number;
  readonly irregular: IrregularLine[];
  /** Site names; `site` values index this list. */
  readonly siteNames: string[];
  startChunk(sink: ColumnSink, lineBase: number): void;
  scan(start: number, end: number): void;
  scanUnterminated(start: number, end: number): void;
  setAsideOverlong(unterminated: boolean): void;
}

/** Parses number text as the scanner does: NaN unless it is a plain decimal number. */
export function parseNumberText(text: string): number;

/** Days from 1970-01-01 to a date, or NaN when the date does not exist. */
export function daysFromCivil(year: number, month: number, day: number): number;
