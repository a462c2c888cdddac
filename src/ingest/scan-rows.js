// Byte scanner for the data rows of plain AERONET Version 3 files, the fast path of the reader.
//
// This file and the modules it imports are plain JavaScript, typed by .d.ts files, because
// worker threads start without the tsx loader. Registering tsx in each worker cost 200-400 ms
// of CPU (measured with tsx 4 on Node 20), most of the time budget for a 1 GB file. So these
// modules must not import any .ts file.
//
// The field kernel (WebAssembly) finds the fields of each line, and this file parses the kept
// fields of lines with the expected field count in place, without a string per field. Any
// other line (blank, HTML, wrong field count, a value that does not parse) is set aside as
// text for the text reader, which holds the rules and messages of quarantine records.
import { TABLES_BYTES, createFieldKernel, writeKernelTables } from './field-kernel.js';
import {
  decodeBytes,
  parseDay,
  parseLevel,
  parseNumberBytes,
  parseSeconds,
} from './field-parsers.js';

export { daysFromCivil, parseNumberText } from './field-parsers.js';

/** Column kinds of a layout. */
export const SKIP = 0;
export const NUMBER = 1;
export const DATE = 2;
export const TIME = 3;
export const LEVEL = 4;
export const SITE = 5;

/** Maximum bytes of a line either reader parses. A longer line is quarantined unread. */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Any value at or below this is AERONET's missing-value marker (written -999., -999.000000). */
const MISSING_AT_OR_BELOW = -999;
const RETURN = 13;
const NEWLINE = 10;
const SPILL_ROWS = 65536;
const RECORDS_PER_CALL = 512;

/** Output columns at rows `offset .. offset + capacity`, then growable private spill columns. */
export class ColumnSink {
  constructor(columns, offset, capacity, numberCount) {
    this.columns = columns;
    this.offset = offset;
    this.capacity = capacity;
    this.numberCount = numberCount;
    this.rows = 0;
    this.spill = null;
    this.spillRows = 0;
  }

  /** Returns spill columns with room for one more row after `spillRows`, growing them. */
  spillColumns() {
    const size = this.spill === null ? SPILL_ROWS : this.spill.time.length * 2;
    const grown = allocateColumns(size, this.numberCount);
    if (this.spill !== null) copyColumns(this.spill, grown, this.spillRows);
    this.spill = grown;
    return grown;
  }
}

/** Allocates columns for `rows` rows in ordinary (transferable) memory. */
export function allocateColumns(rows, numberCount) {
  const numbers = [];
  for (let k = 0; k < numberCount; k++) numbers.push(new Float64Array(rows));
  return {
    time: new Float64Array(rows),
    site: new Uint16Array(rows),
    level: new Uint8Array(rows),
    line: new Uint32Array(rows),
    numbers,
  };
}

function copyColumns(from, to, rows) {
  to.time.set(from.time.subarray(0, rows));
  to.site.set(from.site.subarray(0, rows));
  to.level.set(from.level.subarray(0, rows));
  to.line.set(from.line.subarray(0, rows));
  for (let k = 0; k < from.numbers.length; k++) {
    to.numbers[k].set(from.numbers[k].subarray(0, rows));
  }
}

/** Bytes of a kernel memory the scanner uses from address 0, before any input. */
export function scannerWorkspaceBytes(layout) {
  return alignUp(TABLES_BYTES + RECORDS_PER_CALL * recordStride(layout), 64);
}

// Record slots (8 bytes each): 0 count and line end, 1 .. kept for the start and end of each
// kept field, then one f64 per kept number field.
function recordStride(layout) {
  const kept = layout.kinds.filter((kind) => kind !== SKIP).length;
  const numbers = layout.kinds.filter((kind) => kind === NUMBER).length;
  return (1 + kept + numbers) * 8;
}

/**
 * Parses lines of bytes held in a kernel memory (from `scannerWorkspaceBytes(layout)` on) into
 * the ColumnSink of the current chunk.
 */
export class RowScanner {
  constructor(layout, memory) {
    this.columnCount = layout.columnCount;
    this.sink = null;
    this.line = 0;
    this.lineBase = 0;
    /** Lines set aside for the text reader: { line, text, unterminated }. */
    this.irregular = [];
    this.siteNames = [];
    this.siteIds = new Map();
    this.lastSite = new Uint8Array(0);
    this.lastSiteId = -1;
    /** True while scanning the last line of a file that does not end with a newline. */
    this.unterminated = false;

    const kept = [];
    layout.kinds.forEach((kind, column) => {
      if (kind !== SKIP) kept.push({ column, kind, slot: layout.slots[column] });
    });
    this.stride = recordStride(layout);
    if (layout.columnCount > 255 || this.stride / 8 > 255) {
      throw new Error('the field kernel reads at most 255 columns');
    }
    const fieldSlots = new Uint8Array(256);
    const numberSlots = new Uint8Array(256);
    let numberIndex = 0;
    this.keptKinds = Int32Array.from(kept.map((field) => field.kind));
    this.keptOutputSlots = Int32Array.from(kept.map((field) => field.slot));
    this.keptValueSlots = new Int32Array(kept.length).fill(-1);
    kept.forEach((field, k) => {
      fieldSlots[field.column] = k + 1;
      if (field.kind !== NUMBER) return;
      const slot = 1 + kept.length + numberIndex++;
      numberSlots[field.column] = slot;
      this.keptValueSlots[k] = slot;
    });
    this.absentSlots = Int32Array.from(layout.absentSlots);
    // Number fields as parallel arrays (kept index, record value slot, output column), and the
    // kept index of the date, time, level and site fields, which every layout has once each.
    const numberFields = [];
    kept.forEach((field, k) => field.kind === NUMBER && numberFields.push(k));
    this.numberKept = Int32Array.from(numberFields);
    this.numberValueSlots = Int32Array.from(numberFields, (k) => this.keptValueSlots[k]);
    this.numberOutputs = Int32Array.from(numberFields, (k) => this.keptOutputSlots[k]);
    const keptOf = (kind) => kept.findIndex((field) => field.kind === kind);
    this.dateField = keptOf(DATE);
    this.timeField = keptOf(TIME);
    this.levelField = keptOf(LEVEL);
    this.siteField = keptOf(SITE);
    this.recordsStart = TABLES_BYTES;

    this.memory = memory;
    this.kernel = createFieldKernel(memory);
    this.attachViews();
    writeKernelTables(memory, fieldSlots, numberSlots);
  }

  /** Starts a chunk: rows go to `sink`, lines are numbered after `lineBase`. */
  startChunk(sink, lineBase) {
    this.sink = sink;
    this.line = lineBase;
    this.lineBase = lineBase;
  }

  /** Lines consumed in the current chunk, blank and set-aside ones included. */
  get lines() {
    return this.line - this.lineBase;
  }

  /**
   * Scans memory bytes [start, end). The byte at end - 1 must be a newline, and KERNEL_PADDING
   * bytes after `end` must be readable.
   */
  scan(start, end) {
    let p = start;
    while (p < end) {
      const limit = this.recordsStart + RECORDS_PER_CALL * this.stride;
      const recordsEnd = this.kernel(p, end, this.recordsStart, this.stride, limit);
      p = this.readRecords(p, recordsEnd);
    }
  }

  /** Scans the last line of a file that does not end with a newline; writes one at `end`. */
  scanUnterminated(start, end) {
    this.bytes[end] = NEWLINE;
    this.unterminated = true;
    this.scan(start, end + 1);
    this.unterminated = false;
  }

  /** Counts a line longer than MAX_LINE_BYTES, which the caller did not read whole. */
  setAsideOverlong(unterminated) {
    this.line++;
    this.irregular.push({ line: this.line, text: '', unterminated, overlong: true });
  }

  attachViews() {
    this.bytes = new Uint8Array(this.memory.buffer);
    this.view = new DataView(this.memory.buffer);
    this.records = new Int32Array(this.memory.buffer);
    this.values = new Float64Array(this.memory.buffer);
  }

  // Reads the kernel's records, one per line from `lineStart`, and returns the next line start.
  readRecords(lineStart, recordsEnd) {
    const records = this.records;
    const columnCount = this.columnCount;
    for (let at = this.recordsStart; at < recordsEnd; at += this.stride) {
      const record = at >> 2;
      const lineEnd = records[record + 1];
      this.line++;
      if (records[record] !== columnCount || !this.readRow(record, lineEnd)) {
        this.setAside(lineStart, lineEnd);
      }
      lineStart = lineEnd + 1;
    }
    return lineStart;
  }

  // Parses the kept fields of one record into the sink. Returns false when a field does not parse.
  readRow(record, lineEnd) {
    const sink = this.sink;
    let out = sink.spill === null ? sink.columns : sink.spill;
    let w = sink.spill === null ? sink.offset + sink.rows : sink.spillRows;
    if (sink.spill === null && sink.rows === sink.capacity) {
      out = sink.spillColumns();
      w = sink.spillRows;
    } else if (sink.spill !== null && w === out.time.length) {
      out = sink.spillColumns();
    }

    const values = this.values;
    const valueSlots = this.numberValueSlots;
    const outputs = this.numberOutputs;
    const numbers = out.numbers;
    const valueBase = record >> 1;
    for (let j = 0; j < valueSlots.length; j++) {
      let value = values[valueBase + valueSlots[j]];
      // NaN: not a plain number of up to 15 digits (or a CR before the line end).
      if (value !== value) value = this.parseNumber(record, this.numberKept[j], lineEnd);
      if (value !== value) return false;
      numbers[outputs[j]][w] = value <= MISSING_AT_OR_BELOW ? NaN : value;
    }

    const b = this.bytes;
    const records = this.records;
    let at = record + 2 + 2 * this.dateField;
    const day = parseDay(b, records[at], this.fieldEnd(records[at + 1], lineEnd));
    at = record + 2 + 2 * this.timeField;
    const seconds = parseSeconds(b, records[at], this.fieldEnd(records[at + 1], lineEnd));
    at = record + 2 + 2 * this.levelField;
    const level = parseLevel(b, records[at], this.fieldEnd(records[at + 1], lineEnd));
    at = record + 2 + 2 * this.siteField;
    const siteId = this.siteId(b, records[at], this.fieldEnd(records[at + 1], lineEnd));
    if (day !== day || seconds !== seconds || level === 0 || siteId < 0) return false;

    out.time[w] = day * 86400 + seconds;
    out.site[w] = siteId;
    out.level[w] = level;
    out.line[w] = this.line;
    const absent = this.absentSlots;
    for (let k = 0; k < absent.length; k++) numbers[absent[k]][w] = NaN;
    if (sink.spill === null) sink.rows++;
    else sink.spillRows++;
    return true;
  }

  parseNumber(record, k, lineEnd) {
    const start = this.records[record + 2 + 2 * k];
    const end = this.fieldEnd(this.records[record + 3 + 2 * k], lineEnd);
    return parseNumberBytes(this.bytes, this.view, start, end);
  }

  // The end of a field, before the carriage return of a CRLF line.
  fieldEnd(end, lineEnd) {
    return end === lineEnd && this.bytes[end - 1] === RETURN ? end - 1 : end;
  }

  setAside(lineStart, lineEnd) {
    let text = decodeBytes(this.bytes, lineStart, lineEnd);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    this.irregular.push({
      line: this.line,
      text,
      unterminated: this.unterminated,
      overlong: false,
    });
  }

  // Site names repeat on consecutive rows: compare with the previous name before a map lookup.
  siteId(b, start, end) {
    const length = end - start;
    if (length === 0) return -1;
    const last = this.lastSite;
    if (length === last.length && sameBytes(b, start, last)) {
      return this.lastSiteId;
    }

    const name = decodeBytes(b, start, end);
    let id = this.siteIds.get(name);
    if (id === undefined) {
      id = this.siteNames.push(name) - 1;
      this.siteIds.set(name, id);
    }
    this.lastSite = b.slice(start, end);
    this.lastSiteId = id;
    return id;
  }
}

function sameBytes(b, start, saved) {
  for (let i = 0; i < saved.length; i++) if (b[start + i] !== saved[i]) return false;
  return true;
}

function alignUp(value, alignment) {
  return Math.ceil(value / alignment) * alignment;
}
