/**
 * The simple path of the reader: parses data rows line by line with `split(',')`. It reads
 * small and HTML-wrapped inputs, and is the reference the byte scanner is tested against, so
 * its rules (and messages) must stay the same as those of scan-rows.js.
 */
import type { QuarantineRecord } from '../quarantine.ts';
import { NUMBER_SLOTS } from './column-layout.ts';
import {
  DATE,
  LEVEL,
  MAX_LINE_BYTES,
  NUMBER,
  SITE,
  TIME,
  allocateColumns,
  daysFromCivil,
  parseNumberText,
  type IrregularLine,
  type ScanColumns,
  type ScanLayout,
} from './scan-rows.js';
import { isBlankLine } from './text-lines.ts';

/** A quarantine record of a row, before the reader adds its source. */
export type RowQuarantine = Omit<QuarantineRecord, 'source'>;

/** Rows parsed from text, in columns of exactly `rows` rows. */
export interface TextRows {
  columns: ScanColumns;
  rows: number;
  siteNames: string[];
  quarantine: RowQuarantine[];
}

type Problem = Pick<QuarantineRecord, 'field' | 'value' | 'detail'>;

/** Any value at or below this is AERONET's missing-value marker (-999., -999.000000). */
const MISSING_AT_OR_BELOW = -999;
const MAX_SHOWN_CHARS = 60;
const DATE_TEXT = /^(\d\d)([:-])(\d\d)\2(\d\d\d\d)$/;
const TIME_TEXT = /^(\d\d):(\d\d):(\d\d)$/;
const LEVEL_TEXT = /^lev(10|15|20)$/;

export class TextRowReader {
  private columns: ScanColumns = allocateColumns(1024, NUMBER_SLOTS);
  private rows = 0;
  private readonly siteNames: string[] = [];
  private readonly siteIds = new Map<string, number>();
  private readonly quarantine: RowQuarantine[] = [];
  private readonly values = new Float64Array(NUMBER_SLOTS);
  private readonly wanted: { column: number; kind: number; slot: number }[];

  constructor(private readonly layout: ScanLayout) {
    this.wanted = layout.kinds.flatMap((kind, column) =>
      kind === 0 ? [] : [{ column, kind, slot: layout.slots[column]! }],
    );
  }

  /**
   * Parses one line. `unterminated` marks the last line of an input without a final newline,
   * and `overlong` a line longer than MAX_LINE_BYTES that was not kept.
   */
  readLine(text: string, line: number, unterminated = false, overlong = false): void {
    if (overlong) {
      const detail = `expected a line of at most ${MAX_LINE_BYTES} bytes, got a longer one`;
      this.reject(
        false,
        line,
        { day: NaN, seconds: NaN, site: null },
        {
          field: null,
          value: null,
          detail,
        },
      );
      return;
    }
    if (isBlankLine(text)) return;

    const fields = text.split(',');
    const row = this.parseFields(fields);
    const columnCount = this.layout.columnCount;
    if (fields.length !== columnCount) {
      const truncated = unterminated && fields.length < columnCount;
      const countDetail = `expected ${columnCount} fields, got ${fields.length}`;
      const detail = truncated ? `${countDetail}: the last line is cut short` : countDetail;
      this.reject(truncated, line, row, { field: null, value: null, detail });
      return;
    }
    if (row.problem !== null) {
      this.reject(false, line, row, row.problem);
      return;
    }
    this.commit(line, row);
  }

  /**
   * Reads a line the byte scanner set aside. Both readers apply the same rules, so such a line
   * never parses as a row here. If it does, the two disagree and this throws.
   */
  readSetAside({ text, line, unterminated, overlong }: IrregularLine): void {
    const rows = this.rows;
    this.readLine(text, line, unterminated, overlong);
    if (this.rows !== rows) {
      throw new Error(`the byte scanner set aside line ${line}, but the text reader parses it`);
    }
  }

  /** Returns the rows read, in columns of exactly that length. */
  finish(): TextRows {
    const rows = this.rows;
    const { time, site, level, line, numbers } = this.columns;
    return {
      columns: {
        time: time.subarray(0, rows),
        site: site.subarray(0, rows),
        level: level.subarray(0, rows),
        line: line.subarray(0, rows),
        numbers: numbers.map((column) => column.subarray(0, rows)),
      },
      rows,
      siteNames: this.siteNames,
      quarantine: this.quarantine,
    };
  }

  // Parses the kept columns in column order and stops at the first that fails, as the byte
  // scanner does, so both report the same problem.
  private parseFields(fields: string[]) {
    const values = this.values.fill(NaN);
    const row = { day: NaN, seconds: NaN, level: 0, site: null as string | null };
    let problem: Problem | null = null;

    for (const { column, kind, slot } of this.wanted) {
      const text = fields[column];
      if (text === undefined) break;

      const name = this.layout.names[column]!;
      if (kind === NUMBER) {
        const value = parseNumberText(text);
        if (Number.isNaN(value)) problem = describe(name, 'a number or -999', text);
        values[slot] = value <= MISSING_AT_OR_BELOW ? NaN : value;
      } else if (kind === DATE) {
        row.day = parseDay(text);
        if (Number.isNaN(row.day)) problem = describe(name, 'a date dd:mm:yyyy', text);
      } else if (kind === TIME) {
        row.seconds = parseSeconds(text);
        if (Number.isNaN(row.seconds)) problem = describe(name, 'a time hh:mm:ss', text);
      } else if (kind === LEVEL) {
        const level = LEVEL_TEXT.exec(text);
        row.level = level === null ? 0 : Number(level[1]);
        if (level === null) problem = describe(name, 'lev10, lev15 or lev20', text);
      } else if (kind === SITE) {
        if (text === '') problem = describe(name, 'a site name', text);
        else row.site = text;
      }
      if (problem !== null) break;
    }
    return { ...row, problem };
  }

  private reject(
    truncated: boolean,
    line: number,
    row: { day: number; seconds: number; site: string | null },
    problem: Problem,
  ): void {
    const time = row.day * 86400 + row.seconds;
    this.quarantine.push({
      reason: truncated ? 'truncated_row' : 'malformed_row',
      line,
      site: row.site,
      time: Number.isFinite(time) ? new Date(time * 1000).toISOString() : null,
      ...problem,
    });
  }

  private commit(
    line: number,
    row: { day: number; seconds: number; level: number; site: string | null },
  ) {
    if (this.rows === this.columns.time.length) this.grow();

    const at = this.rows++;
    const columns = this.columns;
    columns.time[at] = row.day * 86400 + row.seconds;
    columns.site[at] = this.siteId(row.site!);
    columns.level[at] = row.level;
    columns.line[at] = line;
    for (let slot = 0; slot < NUMBER_SLOTS; slot++) columns.numbers[slot]![at] = this.values[slot]!;
  }

  private siteId(name: string): number {
    let id = this.siteIds.get(name);
    if (id === undefined) {
      id = this.siteNames.push(name) - 1;
      this.siteIds.set(name, id);
    }
    return id;
  }

  private grow(): void {
    const grown = allocateColumns(this.columns.time.length * 2, NUMBER_SLOTS);
    grown.time.set(this.columns.time);
    grown.site.set(this.columns.site);
    grown.level.set(this.columns.level);
    grown.line.set(this.columns.line);
    this.columns.numbers.forEach((column, slot) => grown.numbers[slot]!.set(column));
    this.columns = grown;
  }
}

function describe(name: string, expected: string, text: string): Problem {
  const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}...` : text;
  return { field: name, value: text, detail: `${name}: expected ${expected}, got "${shown}"` };
}

function parseDay(text: string): number {
  const match = DATE_TEXT.exec(text);
  if (match === null) return NaN;
  return daysFromCivil(Number(match[4]), Number(match[3]), Number(match[1]));
}

function parseSeconds(text: string): number {
  const match = TIME_TEXT.exec(text);
  if (match === null) return NaN;

  const [hours, minutes, seconds] = [match[1], match[2], match[3]].map(Number) as [
    number,
    number,
    number,
  ];
  if (hours > 23 || minutes > 59 || seconds > 59) return NaN;
  return hours * 3600 + minutes * 60 + seconds;
}
