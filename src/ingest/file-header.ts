/**
 * Reads the header lines of an AERONET AOD file: finds the column-header line, detects the
 * product, level and layout, and rejects what aodflow cannot read (Version 2, Monthly
 * Averages, HTML pages, empty input) with a message that says what to download instead.
 *
 * Layouts are those of the AERONET Version 3 download tool (`.lev10/.lev15/.lev20`, six header
 * lines) and of the web service print_web_data_v3 (five header lines, a leading `AERONET_Site`
 * column, several sites per response).
 */
import { BadInputError } from '../errors.ts';
import type { Product } from '../observation.ts';
import { buildColumnLayout } from './column-layout.ts';
import type { ScanLayout } from './scan-rows.js';
import { isBlankLine, type TextLine } from './text-lines.ts';

/** Facts from the header lines of an AERONET file. */
export interface FileHeader {
  version: 3;
  /** AERONET quality level: 10, 15 or 20 for Level 1.0, 1.5 and 2.0. */
  level: 10 | 15 | 20;
  product: Product;
  /** 1-based line of the column-header line. */
  headerLine: number;
  /** Fields per data row. */
  columns: number;
  /** True for web-service output: a leading `AERONET_Site` column, possibly several sites. */
  webService: boolean;
  /** Site named on a header line of its own (download-tool files), else null. */
  siteFromPreamble: string | null;
  /** True when the input was wrapped in HTML. */
  html: boolean;
  /** Column names in file order; names repeat. */
  columnNames: string[];
}

export interface HeaderReading {
  header: FileHeader;
  layout: ScanLayout;
}

const DOWNLOAD_ADVICE = 'from the AERONET download tool or print_web_data_v3';

/**
 * Reads the header from the first lines of an input. `lines` must reach past the column-header
 * line when there is one, and `html` is true when the input is wrapped in HTML.
 */
export function readFileHeader(lines: TextLine[], file: string, html: boolean): HeaderReading {
  const content = lines.filter((line) => !isBlankLine(line.text));
  if (content.length === 0) throw emptyInput(file, html);

  rejectVersion2(content, file);
  const headerIndex = content.findIndex((line) => isColumnHeader(line.text));
  rejectMonthly(headerIndex < 0 ? content : content.slice(0, headerIndex), file);
  if (headerIndex < 0) throw missingHeader(lines.length, file, html);

  const headerLine = content[headerIndex]!;
  const preamble = content.slice(0, headerIndex);
  const columnNames = headerLine.text.split(',');
  rejectVersion2Columns(columnNames, headerLine.line, file);
  const layout = buildColumnLayout(columnNames, { file, line: headerLine.line });
  const firstRow = content[headerIndex + 1]?.text ?? null;

  const header: FileHeader = {
    version: 3,
    level: levelOf(preamble, firstRow, headerLine.line, file),
    product: productOf(columnNames, preamble),
    headerLine: headerLine.line,
    columns: columnNames.length,
    webService: columnNames[0] === 'AERONET_Site',
    siteFromPreamble: siteOf(preamble),
    html,
    columnNames,
  };
  return { header, layout };
}

/** True for the column-header line: it starts with `Date(` or `AERONET_Site,`. */
export function isColumnHeader(text: string): boolean {
  return text.startsWith('Date(') || text.startsWith('AERONET_Site,');
}

function emptyInput(file: string, html: boolean): BadInputError {
  if (html) return htmlPage(file);
  return new BadInputError(
    'AOD_FILE_EMPTY',
    'expected an AERONET Version 3 AOD file, got an empty file; ' +
      `download the file again ${DOWNLOAD_ADVICE}`,
    { file },
  );
}

function htmlPage(file: string): BadInputError {
  return new BadInputError(
    'AOD_FILE_HTML',
    'expected AERONET data, got an HTML page without an AERONET column header ' +
      '(the web service returns such a page on errors); check the request, ' +
      `or download the Version 3 file ${DOWNLOAD_ADVICE}`,
    { file },
  );
}

function missingHeader(lineCount: number, file: string, html: boolean): BadInputError {
  if (html) return htmlPage(file);
  return new BadInputError(
    'AOD_FILE_NO_HEADER',
    `expected a column-header line starting "Date(" or "AERONET_Site,", got none in ` +
      `${lineCount} lines; pass an AERONET Version 3 AOD file (All Points or Daily Averages)`,
    { file },
  );
}

// Version 2 files start with `Level 2.0. Quality Assured Data.<p>...` and say
// `Version 2 Direct Sun Algorithm` on line 2 (seen in third-party reader code, no sample).
function rejectVersion2(content: TextLine[], file: string): void {
  const first = content[0]!;
  const marker = first.text.startsWith('Level ')
    ? first
    : content.slice(0, 5).find((line) => line.text.startsWith('Version 2'));
  if (marker !== undefined) throw version2(marker, file);
}

// A Version 2 column header names AOT_500 and Julian_Day where Version 3 has AOD_500nm and
// Day_of_Year.
function rejectVersion2Columns(names: string[], line: number, file: string): void {
  const marker = names.find((name) => name.startsWith('AOT_') || name === 'Julian_Day');
  if (marker !== undefined) throw version2({ text: `column ${marker}`, line }, file);
}

function version2(marker: TextLine, file: string): BadInputError {
  return new BadInputError(
    'AOD_FILE_VERSION2',
    `expected an AERONET Version 3 file, got a Version 2 file ("${clip(marker.text)}"); ` +
      `download the Version 3 file of the same site ${DOWNLOAD_ADVICE}`,
    { file, line: marker.line },
  );
}

function rejectMonthly(preamble: TextLine[], file: string): void {
  const marker = preamble.find((line) => line.text.startsWith('Monthly Averages'));
  if (marker === undefined) return;

  throw new BadInputError(
    'AOD_FILE_MONTHLY',
    'expected All Points or Daily Averages, got Monthly Averages; download the All Points ' +
      `or Daily Averages file of the same site ${DOWNLOAD_ADVICE}`,
    { file, line: marker.line },
  );
}

// Level from the line `Version 3: AOD Level 1.5`, else from the first row's Data_Quality_Level.
function levelOf(
  preamble: TextLine[],
  firstRow: string | null,
  headerLine: number,
  file: string,
): 10 | 15 | 20 {
  for (const { text } of preamble) {
    const match = /AOD Level (1\.0|1\.5|2\.0)/.exec(text);
    if (match !== null) return toLevel(match[1]!.replace('.', ''));
  }
  const rowLevel = firstRow === null ? null : /,lev(10|15|20),/.exec(firstRow);
  if (rowLevel !== null) return toLevel(rowLevel[1]!);

  throw new BadInputError(
    'AOD_FILE_NO_HEADER',
    'expected a header line "Version 3: AOD Level 1.0", "1.5" or "2.0" before the column ' +
      'header, got none, and no data row to take the level from; pass an unmodified ' +
      'AERONET Version 3 AOD file',
    { file, line: headerLine },
  );
}

function toLevel(digits: string): 10 | 15 | 20 {
  return Number(digits) as 10 | 15 | 20;
}

// Daily Averages files have N[...] count columns and no Day_of_Year(Fraction).
function productOf(names: string[], preamble: TextLine[]): Product {
  if (names.includes('Day_of_Year(Fraction)')) return 'all_points';
  if (names.some((name) => name.startsWith('N['))) return 'daily';
  return preamble.some((line) => line.text.startsWith('Daily Averages')) ? 'daily' : 'all_points';
}

// Download-tool files name the site alone on the line after `AERONET Version 3;`.
function siteOf(preamble: TextLine[]): string | null {
  const banner = preamble.findIndex((line) => line.text.startsWith('AERONET Version 3;'));
  const candidate = banner < 0 ? undefined : preamble[banner + 1]?.text.trim();
  if (candidate === undefined || !/^[\w.-]+$/.test(candidate)) return null;
  return candidate;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
