/**
 * Reads AERONET Version 3 AOD files (All Points and Daily Averages, Levels 1.0, 1.5 and 2.0,
 * download-tool and web-service layouts) into an observation table.
 *
 * Large plain files go through the byte scanner in worker threads, which read each byte once
 * while this thread hashes it. Small and HTML-wrapped inputs go through the text reader. Both
 * give the same table. No input is held in memory as one string. Rows that do not parse are
 * quarantined with their line, so `rowsRead = table.length + quarantine.length`.
 */
import { open, type FileHandle } from 'node:fs/promises';

import { NotFoundError } from '../errors.ts';
import {
  MEASUREMENTS,
  type Measurement,
  type ObservationTable,
  type Source,
} from '../observation.ts';
import type { QuarantineRecord } from '../quarantine.ts';
import { ELEVATION_SLOT, INSTRUMENT_SLOT, LATITUDE_SLOT, LONGITUDE_SLOT } from './column-layout.ts';
import { contentHashOf, createContentHasher, type ContentHasher } from './content-hash.ts';
import { readFileHeader, type FileHeader, type HeaderReading } from './file-header.ts';
import { scanAndHash, type ScannedRows } from './parallel-scan.ts';
import { MAX_LINE_BYTES } from './scan-rows.js';
import { looksLikeHtml, TextLineSplitter, type TextLine } from './text-lines.ts';
import { TextRowReader, type RowQuarantine } from './text-rows.ts';

export type { FileHeader } from './file-header.ts';

export interface ReadResult {
  table: ObservationTable;
  quarantine: QuarantineRecord[];
  header: FileHeader;
  /** Data rows read: rows in the table plus quarantined rows. */
  rowsRead: number;
  /** Sentences for a person, each naming the file and line. */
  warnings: string[];
}

export interface ReadOptions {
  /** Source URI for lineage and quarantine records. Default: the path, or the given URI. */
  uri?: string;
  /** ISO 8601 time the bytes were read or downloaded. Default: now. */
  retrievedAt?: string;
  /** Lineage kind. Default: 'file' for readAeronetFile, 'request' for parseAeronetBytes. */
  kind?: Source['kind'];
}

export interface ReadFileOptions extends ReadOptions {
  /** Worker threads for plain files of at least `workerMinBytes`. Default 2; 0 reads in-thread. */
  workers?: number;
  /** Smallest file, in bytes, read with worker threads. Default 8 MiB. */
  workerMinBytes?: number;
  /** Bytes read at a time (one chunk), at most 8 MiB. Default 4 MiB. */
  chunkBytes?: number;
}

const MIB = 1024 * 1024;
const DEFAULT_WORKERS = 2;
const DEFAULT_CHUNK_BYTES = 4 * MIB;
const DEFAULT_WORKER_MIN_BYTES = 8 * MIB;
/** Bytes read to find the column header; AERONET headers take well under 1 KiB. */
const HEAD_BYTES = MIB;

/** Reads an AERONET Version 3 AOD file. Throws BadInputError for a file aodflow cannot read. */
export async function readAeronetFile(
  path: string,
  options: ReadFileOptions = {},
): Promise<ReadResult> {
  const uri = options.uri ?? path;
  const handle = await openInput(path);
  try {
    const { size } = await handle.stat();
    const head = await readBytes(handle, 0, Math.min(size, HEAD_BYTES));
    const html = looksLikeHtml(new TextDecoder().decode(head.subarray(0, 64 * 1024)));
    const reading = readHeadHeader(head, size <= HEAD_BYTES, uri, html);
    const source = sourceOf(uri, options, reading.header, 'file');
    // The chunk scanner relies on chunks no longer than MAX_LINE_BYTES.
    const chunkBytes = Math.max(
      1,
      Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, MAX_LINE_BYTES),
    );

    const dataStart = html ? -1 : byteAfterLine(head, reading.header.headerLine);
    const workers = options.workers ?? DEFAULT_WORKERS;
    const minBytes = options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES;
    if (dataStart < 0 || dataStart >= size || workers <= 0 || size < minBytes) {
      const hash = createContentHasher();
      const rows = await readText(handle, reading, html, chunkBytes, hash);
      return buildResult(rows, reading.header, { ...source, contentHash: hash.digest() });
    }

    const { rows, hash } = await scanAndHash({
      path,
      dataStart,
      size,
      layout: reading.layout,
      headerLine: reading.header.headerLine,
      workers,
      chunkBytes,
      rowBytes: meanRowBytes(head, dataStart, reading.header.columns),
    });
    return buildResult(rows, reading.header, { ...source, contentHash: hash });
  } finally {
    await handle.close();
  }
}

/** Parses AERONET data in memory, such as a web-service response body. */
export function parseAeronetBytes(
  bytes: Uint8Array,
  uri: string,
  options: ReadOptions = {},
): ReadResult {
  const html = looksLikeHtml(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)));
  const reading = readHeadHeader(bytes, true, uri, html);
  const contentHash = contentHashOf(bytes);
  const source = { ...sourceOf(uri, options, reading.header, 'request'), contentHash };

  const splitter = new TextLineSplitter(html);
  const reader = new TextRowReader(reading.layout);
  readLines(reader, splitter.push(bytes), reading.header.headerLine, false);
  readLines(reader, splitter.end(), reading.header.headerLine, true);
  return buildResult(reader.finish(), reading.header, source);
}

async function openInput(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new NotFoundError(
      'AOD_INPUT_NOT_FOUND',
      'expected an AERONET file, got a path that does not exist; check the path',
      { file: path, cause: error },
    );
  }
}

function readHeadHeader(
  head: Uint8Array,
  complete: boolean,
  uri: string,
  html: boolean,
): HeaderReading {
  const splitter = new TextLineSplitter(html);
  const lines = splitter.push(head);
  if (complete) lines.push(...splitter.end());
  return readFileHeader(lines, uri, html);
}

function sourceOf(
  uri: string,
  options: ReadOptions,
  header: FileHeader,
  kind: Source['kind'],
): Omit<Source, 'contentHash'> {
  return {
    uri,
    kind: options.kind ?? kind,
    retrievedAt: options.retrievedAt ?? new Date().toISOString(),
    product: header.product,
    level: header.level,
  };
}

async function readBytes(handle: FileHandle, position: number, length: number) {
  const bytes = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(bytes, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

// Offset of the byte after line `line` (1-based) of a plain input, or the head's length when
// the line is its last and has no newline.
function byteAfterLine(head: Uint8Array, line: number): number {
  let at = 0;
  for (let n = 0; n < line; n++) {
    const newline = head.indexOf(10, at);
    if (newline < 0) return head.length;
    at = newline + 1;
  }
  return at;
}

// Mean length of the data lines in the head. Without any, a lower bound of any real row.
function meanRowBytes(head: Uint8Array, dataStart: number, columns: number): number {
  const lastNewline = head.lastIndexOf(10);
  let lines = 0;
  for (let at = dataStart; at <= lastNewline; at = head.indexOf(10, at) + 1) lines++;
  if (lines === 0) return 2 * columns;
  return (lastNewline + 1 - dataStart) / lines;
}

async function readText(
  handle: FileHandle,
  reading: HeaderReading,
  html: boolean,
  chunkBytes: number,
  hash: ContentHasher,
) {
  const splitter = new TextLineSplitter(html);
  const reader = new TextRowReader(reading.layout);
  const buffer = new Uint8Array(chunkBytes);
  let position = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    readLines(reader, splitter.push(chunk), reading.header.headerLine, false);
  }
  readLines(reader, splitter.end(), reading.header.headerLine, true);
  return reader.finish();
}

function readLines(reader: TextRowReader, lines: TextLine[], headerLine: number, last: boolean) {
  for (const { text, line, overlong } of lines) {
    if (line > headerLine) reader.readLine(text, line, last, overlong);
  }
}

function buildResult(rows: ScannedRows, header: FileHeader, source: Source): ReadResult {
  const table = toTable(rows, source);
  const quarantine = rows.quarantine.map((record) => toRecord(record, source.uri));
  const warnings = quarantine
    .filter((record) => record.reason === 'truncated_row')
    .map(
      (record) =>
        `${source.uri} line ${record.line}: ${record.detail}; ` +
        'the row is quarantined as truncated_row',
    );
  return { table, quarantine, header, rowsRead: table.length + quarantine.length, warnings };
}

function toTable(rows: ScannedRows, source: Source): ObservationTable {
  const { columns } = rows;
  const values = {} as Record<Measurement, Float64Array>;
  MEASUREMENTS.forEach((name, slot) => (values[name] = columns.numbers[slot]!));
  return {
    length: rows.rows,
    siteNames: rows.siteNames,
    site: columns.site,
    time: columns.time,
    level: columns.level,
    latitude: columns.numbers[LATITUDE_SLOT]!,
    longitude: columns.numbers[LONGITUDE_SLOT]!,
    elevation: columns.numbers[ELEVATION_SLOT]!,
    instrument: columns.numbers[INSTRUMENT_SLOT]!,
    values,
    sources: [source],
    source: new Uint16Array(rows.rows),
    line: columns.line,
  };
}

function toRecord(record: RowQuarantine, uri: string): QuarantineRecord {
  return { ...record, source: uri };
}
