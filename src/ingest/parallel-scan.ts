/**
 * Scans the data rows of a large plain AERONET file with worker threads and hashes it, reading
 * every byte from disk once.
 *
 * The file is cut into chunks dealt to the workers in turn. A worker reads a chunk into its
 * shared memory and announces it. This thread hashes the announced chunks in file order while
 * the workers scan them. Workers write rows straight into shared columns, each chunk from its
 * own row offset sized by an estimate, so no row is copied between threads. The chunks are
 * moved together in place afterwards. A chunk that outgrows its estimate continues in private
 * spill columns, and only then is the table assembled by copying.
 */
import { Worker } from 'node:worker_threads';

import { BadInputError } from '../errors.ts';
import { NUMBER_SLOTS } from './column-layout.ts';
import {
  SLOTS_PER_WORKER,
  createWorkerMemory,
  type ChunkTask,
  type SharedColumnBuffers,
  type WorkerResult,
} from './scan-chunks.js';
import type { ScanColumns, ScanLayout } from './scan-rows.js';
import { assembleChunks } from './assemble-chunks.ts';
import { createContentHasher } from './content-hash.ts';
import type { RowQuarantine } from './text-rows.ts';

export interface ScanPlan {
  path: string;
  /** File offset of the first data line. */
  dataStart: number;
  /** File size in bytes. */
  size: number;
  layout: ScanLayout;
  headerLine: number;
  workers: number;
  /** Bytes per chunk. */
  chunkBytes: number;
  /** Mean bytes per data row, to size each chunk's share of the shared columns. */
  rowBytes: number;
}

/** Rows scanned from a file: columns of exactly `rows` rows. */
export interface ScannedRows {
  columns: ScanColumns;
  rows: number;
  siteNames: string[];
  quarantine: RowQuarantine[];
}

/** Room over the estimated row count of a chunk. */
const CAPACITY_MARGIN = 1.05;
const MAX_SITES = 65536;

interface Announcement {
  type: 'read';
  chunk: number;
  slot: number;
  address: number;
  length: number;
}

/** Scans the file's rows and returns them with the content hash of the whole file. */
export async function scanAndHash(plan: ScanPlan): Promise<{ rows: ScannedRows; hash: string }> {
  const chunkCount = Math.max(1, Math.ceil(plan.size / plan.chunkBytes));
  const chunkCapacity = Math.ceil((plan.chunkBytes / plan.rowBytes) * CAPACITY_MARGIN) + 64;
  const columns = sharedColumns(chunkCount * chunkCapacity);
  const tasks = dealChunks(plan, chunkCount, chunkCapacity, columns);

  const hasher = new ChunkHasher(tasks);
  const results = await runWorkers(tasks, hasher);
  const hash = hasher.digest(chunkCount);

  for (const result of results) {
    if (result.siteNames.length > MAX_SITES) throw tooManySites(plan.path);
  }
  const rows = assembleChunks({
    layout: plan.layout,
    headerLine: plan.headerLine,
    shared: viewShared(columns),
    chunkCapacity,
    workers: results,
  });
  return { rows, hash };
}

function dealChunks(
  plan: ScanPlan,
  chunkCount: number,
  chunkCapacity: number,
  columns: SharedColumnBuffers,
): ChunkTask[] {
  const workers = Math.max(1, Math.min(plan.workers, chunkCount));
  return Array.from({ length: workers }, (_, w) => ({
    path: plan.path,
    size: plan.size,
    dataStart: plan.dataStart,
    chunkBytes: plan.chunkBytes,
    chunks: Array.from({ length: chunkCount }, (_, c) => c).filter((c) => c % workers === w),
    layout: plan.layout,
    memory: createWorkerMemory(plan.layout, plan.chunkBytes),
    slotStates: new SharedArrayBuffer(4 * SLOTS_PER_WORKER),
    columns,
    numberCount: NUMBER_SLOTS,
    chunkCapacity,
  }));
}

// Untouched pages of a SharedArrayBuffer take no memory, so over-sizing costs address space only.
function sharedColumns(rows: number): SharedColumnBuffers {
  return {
    time: new SharedArrayBuffer(rows * 8),
    site: new SharedArrayBuffer(rows * 2),
    level: new SharedArrayBuffer(rows),
    line: new SharedArrayBuffer(rows * 4),
    numbers: Array.from({ length: NUMBER_SLOTS }, () => new SharedArrayBuffer(rows * 8)),
  };
}

function viewShared(buffers: SharedColumnBuffers): ScanColumns {
  return {
    time: new Float64Array(buffers.time),
    site: new Uint16Array(buffers.site),
    level: new Uint8Array(buffers.level),
    line: new Uint32Array(buffers.line),
    numbers: buffers.numbers.map((buffer) => new Float64Array(buffer)),
  };
}

/** Hashes announced chunks in file order and hands their slots back to the workers. */
class ChunkHasher {
  private readonly hash = createContentHasher();
  private readonly waiting = new Map<number, Announcement>();
  private next = 0;

  constructor(private readonly tasks: ChunkTask[]) {}

  take(announcement: Announcement): void {
    this.waiting.set(announcement.chunk, announcement);
    for (let ready = this.waiting.get(this.next); ready; ready = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      this.next++;
      const task = this.tasks[ready.chunk % this.tasks.length]!;
      this.hash.update(new Uint8Array(task.memory.buffer, ready.address, ready.length));
      const states = new Int32Array(task.slotStates);
      Atomics.store(states, ready.slot, 0);
      Atomics.notify(states, ready.slot);
    }
  }

  digest(chunkCount: number): string {
    if (this.next !== chunkCount) {
      throw new Error(`hashed ${this.next} of ${chunkCount} chunks; a worker skipped a chunk`);
    }
    return this.hash.digest();
  }
}

function runWorkers(tasks: ChunkTask[], hasher: ChunkHasher): Promise<WorkerResult[]> {
  // The worker code is plain JavaScript: execArgv [] keeps workers from inheriting loader
  // flags such as --import tsx, which cost about 200 ms of start-up per worker.
  const workers = tasks.map(
    (task) =>
      new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: task, execArgv: [] }),
  );
  const results = workers.map(
    (worker) =>
      new Promise<WorkerResult>((resolve, reject) => {
        worker.on('message', (message: Announcement | ({ type: 'done' } & WorkerResult)) => {
          if (message.type === 'read') hasher.take(message);
          else resolve(message);
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          reject(new Error(`scan worker exited with code ${code} before sending its rows`));
        });
      }),
  );
  return Promise.all(results).finally(() => {
    for (const worker of workers) void worker.terminate();
  });
}

function tooManySites(file: string): BadInputError {
  return new BadInputError(
    'AOD_FILE_COLUMNS',
    `expected at most ${MAX_SITES} site names in one file, got more; split the file by site`,
    { file },
  );
}
