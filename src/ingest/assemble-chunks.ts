/**
 * Puts the chunks scanned by worker threads together into one set of columns. Rows come in file
 * order, with one site dictionary and line numbers counted from the top of the file. The text
 * reader turns the lines the scanner set aside into quarantine records.
 */
import { NUMBER_SLOTS } from './column-layout.ts';
import type { ScannedRows } from './parallel-scan.ts';
import type { ChunkResult, WorkerResult } from './scan-chunks.js';
import { allocateColumns, type ScanColumns, type ScanLayout } from './scan-rows.js';
import { TextRowReader } from './text-rows.ts';

export interface ScannedChunks {
  layout: ScanLayout;
  headerLine: number;
  /** Shared columns, where chunk c wrote from row c * chunkCapacity. */
  shared: ScanColumns;
  chunkCapacity: number;
  /** Results by worker: worker w scanned chunks w, w + workers.length, and so on. */
  workers: WorkerResult[];
}

type Column = Float64Array | Uint16Array | Uint8Array | Uint32Array;

export function assembleChunks(scanned: ScannedChunks): ScannedRows {
  const chunks = inFileOrder(scanned.workers);
  const total = chunks.reduce((sum, { result }) => sum + result.rows + result.spillRows, 0);
  const spilled = chunks.some(({ result }) => result.spill !== null);
  // Without spill, rows move down within the shared columns. With spill, they move to new ones.
  const columns = spilled ? allocateColumns(total, NUMBER_SLOTS) : scanned.shared;
  const sites = new SiteDictionary(scanned.workers);
  const setAside = new TextRowReader(scanned.layout);

  let lineShift = scanned.headerLine;
  let cursor = 0;
  for (const { result, worker } of chunks) {
    const segments: [ScanColumns, number, number][] = [
      [scanned.shared, result.chunk * scanned.chunkCapacity, result.rows],
    ];
    if (result.spill !== null) segments.push([result.spill, 0, result.spillRows]);

    for (const [from, start, rows] of segments) {
      moveRows(from, start, columns, cursor, rows);
      renumberRows(columns, cursor, rows, (local) => sites.globalId(worker, local), lineShift);
      cursor += rows;
    }
    for (const line of result.irregular) {
      setAside.readSetAside({ ...line, line: line.line + lineShift });
    }
    lineShift += result.lines;
  }

  const { quarantine } = setAside.finish();
  return { columns: exactLength(columns, total), rows: total, siteNames: sites.names, quarantine };
}

function inFileOrder(workers: WorkerResult[]): { result: ChunkResult; worker: number }[] {
  return workers
    .flatMap((result, worker) => result.chunks.map((chunk) => ({ result: chunk, worker })))
    .sort((a, b) => a.result.chunk - b.result.chunk);
}

/**
 * One site list for the file. Sites get ids in order of first appearance among rows, so names
 * seen only on quarantined rows are left out, as in the text reader.
 */
class SiteDictionary {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private readonly maps: Int32Array[];

  constructor(private readonly workers: WorkerResult[]) {
    this.maps = workers.map((worker) => new Int32Array(worker.siteNames.length).fill(-1));
  }

  globalId(worker: number, local: number): number {
    const map = this.maps[worker]!;
    if (map[local]! >= 0) return map[local]!;

    const name = this.workers[worker]!.siteNames[local]!;
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.push(name) - 1;
      this.ids.set(name, id);
    }
    map[local] = id;
    return id;
  }
}

// Moves rows within or between column sets. copyWithin handles overlapping ranges.
function moveRows(from: ScanColumns, start: number, to: ScanColumns, at: number, rows: number) {
  if ((from === to && start === at) || rows === 0) return;

  const move = <T extends Column>(source: T, target: T) => {
    if (source === target) target.copyWithin(at, start, start + rows);
    else target.set(source.subarray(start, start + rows), at);
  };
  move(from.time, to.time);
  move(from.site, to.site);
  move(from.level, to.level);
  move(from.line, to.line);
  from.numbers.forEach((column, slot) => move(column, to.numbers[slot]!));
}

function renumberRows(
  columns: ScanColumns,
  at: number,
  rows: number,
  siteOf: (local: number) => number,
  lineShift: number,
): void {
  const { site, line } = columns;
  let local = -1;
  let global = 0;
  for (let i = at; i < at + rows; i++) {
    if (site[i] !== local) {
      local = site[i]!;
      global = siteOf(local);
    }
    site[i] = global;
    line[i] = line[i]! + lineShift;
  }
}

function exactLength(columns: ScanColumns, rows: number): ScanColumns {
  return {
    time: columns.time.subarray(0, rows),
    site: columns.site.subarray(0, rows),
    level: columns.level.subarray(0, rows),
    line: columns.line.subarray(0, rows),
    numbers: columns.numbers.map((column) => column.subarray(0, rows)),
  };
}
