/**
 * The fingerprint of the training rows: SHA-256 over their sites, times, feature values and
 * target values, so two model versions fitted on the same rows share it.
 */
import { createHash } from 'node:crypto';

import { forEachRowBlock, MODEL_BLOCK_ROWS, type ModelRows } from './model-rows.ts';

/**
 * Hashes the first `rows` rows of `modelRows`, whose sites index `tableSites`. Sites enter as
 * the `categories` list (NUL-separated) plus each row's index into it, so the hash does not
 * depend on the table's site dictionary. Numbers enter as little-endian IEEE 754 doubles:
 * times, then features row by row, then targets.
 */
export function fingerprintRows(
  modelRows: ModelRows,
  rows: number,
  tableSites: string[],
  categories: string[],
): string {
  const hash = createHash('sha256');
  hash.update(`${modelRows.target}\0${modelRows.numericFeatures.join(',')}\0`);
  hash.update(categories.join('\0'));

  const rank = new Map(categories.map((site, index) => [site, index]));
  const tableRank = tableSites.map((site) => rank.get(site) ?? -1);
  const { table, tableRow } = modelRows;
  const sites = new Uint32Array(Math.min(rows, MODEL_BLOCK_ROWS));
  for (let start = 0; start < rows; start += MODEL_BLOCK_ROWS) {
    const end = Math.min(rows, start + MODEL_BLOCK_ROWS);
    for (let i = start; i < end; i++) sites[i - start] = tableRank[table.site[tableRow[i]!]!]!;
    hash.update(littleEndian(sites.subarray(0, end - start)));
  }
  const times = new Float64Array(Math.min(rows, MODEL_BLOCK_ROWS));
  for (let start = 0; start < rows; start += MODEL_BLOCK_ROWS) {
    const end = Math.min(rows, start + MODEL_BLOCK_ROWS);
    for (let i = start; i < end; i++) times[i - start] = table.time[tableRow[i]!]!;
    hash.update(littleEndian(times.subarray(0, end - start)));
  }
  forEachRowBlock(modelRows, 0, rows, (block) => hash.update(littleEndian(block.numeric)));
  hash.update(littleEndian(modelRows.y.subarray(0, rows)));
  return hash.digest('hex');
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function littleEndian(values: Float64Array | Uint32Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN_HOST) return bytes;

  const copy = new Uint8Array(bytes);
  const size = values.BYTES_PER_ELEMENT;
  for (let i = 0; i < copy.length; i += size) copy.subarray(i, i + size).reverse();
  return copy;
}
