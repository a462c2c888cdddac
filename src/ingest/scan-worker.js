// Worker-thread entry: reads and scans the chunks in `workerData`, announcing each chunk's bytes
// for hashing as soon as they are in memory, then posts the rows' bookkeeping back, moving (not
// copying) any spill columns.
import { parentPort, workerData } from 'node:worker_threads';

import { scanChunks } from './scan-chunks.js';

const result = scanChunks(workerData, (chunk, slot, address, length) => {
  parentPort.postMessage({ type: 'read', chunk, slot, address, length });
});

const transfer = [];
for (const { spill } of result.chunks) {
  if (spill === null) continue;
  transfer.push(spill.time.buffer, spill.site.buffer, spill.level.buffer, spill.line.buffer);
  for (const column of spill.numbers) transfer.push(column.buffer);
}
parentPort.postMessage({ type: 'done', ...result }, transfer);
