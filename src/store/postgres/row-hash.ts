/**
 * 64-bit content hash of each observation row, computed in JavaScript from the typed arrays.
 *
 * The hash covers the key (site, time, level, product) and the value columns (latitude,
 * longitude, elevation, instrument and every measurement), never lineage, so the same
 * observation read from another file hashes alike. NaN (stored as NULL) hashes as one fixed
 * word pair and -0 as 0, matching how PostgreSQL compares the stored doubles.
 *
 * Each half is a 32-bit lane of MurmurHash3 (Austin Appleby, public domain) over the row's
 * 32-bit words, with different seeds. Hashing in JavaScript keeps the server from formatting a
 * million rows as text to hash them.
 *
 * NOTE: doubles are read as 32-bit words in the host's byte order, little-endian on every
 * platform Node.js ships for. A big-endian host would hash differently, so its writes would
 * see stored rows as changed once, and its data versions would differ for equal data.
 */
import { MEASUREMENTS, type ObservationTable } from '../../observation.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const SEED_HIGH = 0x5bd1e995;
const SEED_LOW = 0x27d4eb2f;
/** XORed into every word of the low lane so the two lanes differ beyond their seeds. */
const LOW_TWEAK = 0x9e3779b9;
/** Word pair standing for NULL: a NaN bit pattern, which no stored value has. */
const NULL_WORD = -1;

/** Hashes of a table's rows: `high[i] * 2^32 + low[i] >>> 0` is the int8 hash of row i. */
export interface RowHashes {
  high: Int32Array;
  low: Int32Array;
}

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finish(h: number, words: number): number {
  h ^= words;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Returns a 32-bit unsigned hash of the UTF-16 code units of `text`. */
export function hashString(text: string): number {
  let h = SEED_HIGH;
  for (let i = 0; i < text.length; i++) h = mixWord(h, text.charCodeAt(i));
  return finish(h, text.length) >>> 0;
}

/** Value columns in hash order; the same list as the embedded store compares. */
function valueColumns(table: ObservationTable): Float64Array[] {
  return [
    table.latitude,
    table.longitude,
    table.elevation,
    table.instrument,
    ...MEASUREMENTS.map((m) => table.values[m]),
  ];
}

/** Returns the 64-bit hash of every row of `table`. */
export function hashRows(table: ObservationTable): RowHashes {
  const n = table.length;
  const high = new Int32Array(n);
  const low = new Int32Array(n);
  const columns = [table.time, ...valueColumns(table)];
  const words = columns.map((c) => new Int32Array(c.buffer, c.byteOffset, c.length * 2));
  const siteHashes = table.siteNames.map((name) => hashString(name));
  const productHashes = table.sources.map((source) => hashString(source.product));
  const wordCount = 3 + columns.length * 2;
  const lanes = new Int32Array(2);

  for (let i = 0; i < n; i++) {
    lanes[0] = SEED_HIGH;
    lanes[1] = SEED_LOW;
    mixBoth(lanes, siteHashes[table.site[i]!]!);
    mixBoth(lanes, table.level[i]!);
    mixBoth(lanes, productHashes[table.source[i]!]!);

    for (let c = 0; c < columns.length; c++) {
      const value = columns[c]![i]!;
      if (value !== value) {
        mixBoth(lanes, NULL_WORD);
        mixBoth(lanes, NULL_WORD);
      } else if (value === 0) {
        mixBoth(lanes, 0);
        mixBoth(lanes, 0);
      } else {
        mixBoth(lanes, words[c]![2 * i]!);
        mixBoth(lanes, words[c]![2 * i + 1]!);
      }
    }

    high[i] = finish(lanes[0], wordCount);
    low[i] = finish(lanes[1], wordCount);
  }
  return { high, low };
}

function mixBoth(lanes: Int32Array, word: number): void {
  lanes[0] = mixWord(lanes[0]!, word);
  lanes[1] = mixWord(lanes[1]!, word ^ LOW_TWEAK);
}
