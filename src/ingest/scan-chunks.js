/* global WebAssembly */
// Reads and scans the chunks of a plain AERONET file given to one worker thread. Plain
// JavaScript, typed by scan-chunks.d.ts, because it runs in worker threads (see scan-rows.js).
//
// Chunk c covers file bytes [c * chunkBytes, (c + 1) * chunkBytes) and owns the lines that
// start in it, so chunks share no line and miss none. Each chunk is read once, into a slot of
// the worker's shared memory. The reader's thread hashes the chunk's bytes from that slot, in
// file order, while the worker scans them, and frees the slot afterwards.
import { closeSync, openSync, readSync } from 'node:fs';

import { KERNEL_PADDING } from './field-kernel.js';
import { ColumnSink, MAX_LINE_BYTES, RowScanner, scannerWorkspaceBytes } from './scan-rows.js';

const NEWLINE = 10;
const SLOT_BUSY = 1;
/** Input slots per worker: one is hashed while the next is read and scanned. */
export const SLOTS_PER_WORKER = 2;

/**
 * Creates the shared memory of one worker: the scanner's workspace, then its input slots. The
 * reader's thread hashes chunks straight from it.
 */
export function createWorkerMemory(layout, chunkBytes) {
  const bytes = scannerWorkspaceBytes(layout) + SLOTS_PER_WORKER * slotBytes(chunkBytes);
  const pages = Math.ceil(bytes / 65536);
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

// A slot contains the byte before the chunk, the chunk, the rest of its last line (up to
// MAX_LINE_BYTES), a newline written after an unterminated last line, and the kernel's padding.
function slotBytes(chunkBytes) {
  return 1 + chunkBytes + MAX_LINE_BYTES + 1 + KERNEL_PADDING;
}

/**
 * Reads and scans `task.chunks` in order. It calls `announce(chunk, slot, address, length)`
 * once the chunk's own bytes are in memory at `address`. The caller must then set
 * `task.slotStates[slot]` to 0, and notify it, when it no longer needs those bytes.
 */
export function scanChunks(task, announce) {
  const memory = task.memory;
  const scanner = new RowScanner(task.layout, memory);
  const columns = viewColumns(task.columns, task.numberCount);
  const states = new Int32Array(task.slotStates);
  const slotsStart = scannerWorkspaceBytes(task.layout);
  const size = slotBytes(task.chunkBytes);
  const results = [];
  const fd = openSync(task.path, 'r');

  try {
    task.chunks.forEach((chunk, j) => {
      const slot = j % SLOTS_PER_WORKER;
      while (Atomics.load(states, slot) === SLOT_BUSY) Atomics.wait(states, slot, SLOT_BUSY);
      Atomics.store(states, slot, SLOT_BUSY);

      const sink = new ColumnSink(
        columns,
        chunk * task.chunkCapacity,
        task.chunkCapacity,
        task.numberCount,
      );
      scanner.startChunk(sink, 0);
      const input = new ChunkInput(fd, memory, slotsStart + slot * size, task, chunk);
      announce(chunk, slot, input.ownAddress, input.ownLength);
      scanOwnedLines(input, scanner, task);

      results.push({
        chunk,
        rows: sink.rows,
        spillRows: sink.spillRows,
        spill: sink.spill === null ? null : trimColumns(sink.spill, sink.spillRows),
        lines: scanner.lines,
        irregular: scanner.irregular.splice(0),
      });
    });
  } finally {
    closeSync(fd);
  }
  return { chunks: results, siteNames: scanner.siteNames };
}

// The bytes of one chunk in a slot: from the byte before the chunk to where reading stopped.
class ChunkInput {
  constructor(fd, memory, address, task, chunk) {
    this.fd = fd;
    this.bytes = new Uint8Array(memory.buffer);
    this.fileSize = task.size;
    this.chunkStart = chunk * task.chunkBytes;
    this.chunkEnd = Math.min(this.chunkStart + task.chunkBytes, task.size);
    /** File offset held at `address`. */
    this.fileStart = Math.max(this.chunkStart - 1, 0);
    this.address = address;
    this.limit = address + slotBytes(task.chunkBytes) - 1 - KERNEL_PADDING;
    this.readEnd = this.fileStart;
    this.read(this.chunkEnd);
    this.ownAddress = this.toAddress(this.chunkStart);
    this.ownLength = this.chunkEnd - this.chunkStart;
  }

  toAddress(offset) {
    return this.address + offset - this.fileStart;
  }

  toOffset(address) {
    return address - this.address + this.fileStart;
  }

  /** Reads on until file offset `end` (or the end of the file or slot); returns the new end. */
  read(end) {
    end = Math.min(end, this.fileSize, this.toOffset(this.limit));
    while (this.readEnd < end) {
      const at = this.toAddress(this.readEnd);
      const read = readSync(this.fd, this.bytes, at, end - this.readEnd, this.readEnd);
      if (read === 0) break;
      this.readEnd += read;
    }
    return this.readEnd;
  }

  /** Address of the first newline at or after file offset `from`, reading on as needed. */
  findNewline(from) {
    let searched = from;
    for (;;) {
      const stop = this.toAddress(this.readEnd);
      const found = this.bytes.subarray(this.toAddress(searched), stop).indexOf(NEWLINE);
      if (found >= 0) return this.toAddress(searched) + found;
      searched = this.readEnd;
      const before = this.readEnd;
      if (this.read(this.readEnd + 64 * 1024) === before) return -1;
    }
  }
}

// Scans the lines that start in the chunk (and at or after the first data line).
function scanOwnedLines(input, scanner, task) {
  const { chunkStart, chunkEnd } = input;
  let first;
  if (task.dataStart >= chunkStart) {
    if (task.dataStart >= chunkEnd) return;
    first = input.toAddress(task.dataStart);
  } else {
    const newline = input.findNewline(chunkStart - 1);
    if (newline < 0 || input.toOffset(newline) + 1 >= chunkEnd) return;
    first = newline + 1;
  }

  // The last line starts after the last newline before the chunk end, and ends at a newline
  // at or after chunkEnd - 1, or at the end of the file.
  const lastStart = Math.max(first, lastNewlineBefore(input, first, chunkEnd) + 1);
  const end = input.findNewline(chunkEnd - 1);
  if (lastStart > first) scanner.scan(first, lastStart);

  const lastEnd = end >= 0 ? end : input.toAddress(input.readEnd);
  const fileEnded = end < 0 && input.readEnd === input.fileSize;
  if (lastEnd - lastStart > MAX_LINE_BYTES || (end < 0 && !fileEnded)) {
    scanner.setAsideOverlong(fileEnded);
  } else if (end >= 0) {
    scanner.scan(lastStart, end + 1);
  } else if (lastEnd > lastStart) {
    scanner.scanUnterminated(lastStart, lastEnd);
  }
}

// Address of the last newline in [first, chunk end - 1), or first - 1 when there is none.
function lastNewlineBefore(input, first, chunkEnd) {
  const found = input.bytes.subarray(first, input.toAddress(chunkEnd) - 1).lastIndexOf(NEWLINE);
  return found < 0 ? first - 1 : first + found;
}

function viewColumns(buffers, numberCount) {
  const numbers = [];
  for (let k = 0; k < numberCount; k++) numbers.push(new Float64Array(buffers.numbers[k]));
  return {
    time: new Float64Array(buffers.time),
    site: new Uint16Array(buffers.site),
    level: new Uint8Array(buffers.level),
    line: new Uint32Array(buffers.line),
    numbers,
  };
}

function trimColumns(columns, rows) {
  return {
    time: columns.time.slice(0, rows),
    site: columns.site.slice(0, rows),
    level: columns.level.slice(0, rows),
    line: columns.line.slice(0, rows),
    numbers: columns.numbers.map((column) => column.slice(0, rows)),
  };
}
