// Types of scan-chunks.js.
import type { IrregularLine, KernelMemory, ScanColumns, ScanLayout } from './scan-rows.js';

/** Shared buffers of the output columns, one per column of ScanColumns. */
export interface SharedColumnBuffers {
  time: SharedArrayBuffer;
  site: SharedArrayBuffer;
  level: SharedArrayBuffer;
  line: SharedArrayBuffer;
  numbers: SharedArrayBuffer[];
}

/** Chunks one worker reads and scans, as plain data that can be the worker's `workerData`. */
export interface ChunkTask {
  path: string;
  /** File size in bytes. */
  size: number;
  /** File offset of the first data line. */
  dataStart: number;
  chunkBytes: number;
  /** Chunk indices, ascending. */
  chunks: number[];
  layout: ScanLayout;
  /** The worker's memory, from createWorkerMemory. */
  memory: KernelMemory;
  /** One Int32 per slot: 1 while the slot's bytes are in use, 0 when free. */
  slotStates: SharedArrayBuffer;
  columns: SharedColumnBuffers;
  numberCount: number;
  /** Rows of the output region of each chunk. Chunk c writes from row c * chunkCapacity. */
  chunkCapacity: number;
}

export interface ChunkResult {
  chunk: number;
  /** Rows written to the chunk's region. */
  rows: number;
  spillRows: number;
  /** Rows past the region's capacity, or null. */
  spill: ScanColumns | null;
  /** Lines that start in the chunk. */
  lines: number;
  /** Lines that did not become rows, numbered from 1 within the chunk. */
  irregular: IrregularLine[];
}

export interface WorkerResult {
  chunks: ChunkResult[];
  /** Site names of the worker; `site` values of its rows index this list. */
  siteNames: string[];
}

export const SLOTS_PER_WORKER: number;
/** Creates a worker's shared WebAssembly memory (its `buffer` is a SharedArrayBuffer). */
export function createWorkerMemory(layout: ScanLayout, chunkBytes: number): KernelMemory;
export function scanChunks(
  task: ChunkTask,
  announce: (chunk: number, slot: number, address: number, length: number) => void,
): WorkerResult;
