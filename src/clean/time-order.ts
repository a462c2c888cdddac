/**
 * Returns the row indices ordered by time, ties kept in their input order (a stable sort, as
 * pandas' `sort_values(kind="stable")`).
 *
 * AERONET times are whole seconds, and a span of years fits 32 bits once the earliest time is
 * subtracted. Such times get a least-significant-digit radix sort on 11-bit digits, which is
 * stable by construction. It took about 0.06 s for a million rows, against 0.1 s for the native
 * sort of packed float64 keys it replaced. Any other input takes the comparator sort.
 *
 * The radix sort works in `scratch` when given one of at least TIME_ORDER_SCRATCH_BYTES per row,
 * so a caller can reuse that memory afterwards. Its contents are undefined on return.
 */
export function timeOrder(time: Float64Array, length: number, scratch?: ArrayBuffer): Uint32Array {
  if (isSorted(time, length)) return identity(length);

  const work = scratch ?? new ArrayBuffer(TIME_ORDER_SCRATCH_BYTES * length);
  if (work.byteLength < TIME_ORDER_SCRATCH_BYTES * length) {
    throw new RangeError(
      `timeOrder scratch: expected at least ${TIME_ORDER_SCRATCH_BYTES * length} bytes, got ${work.byteLength}`,
    );
  }
  const keys = new Uint32Array(work, 0, length);
  if (!secondsFromEarliest(time, length, keys)) return comparatorOrder(time, length);
  return radixOrder(
    keys,
    new Uint32Array(work, 4 * length, length),
    new Uint32Array(work, 8 * length, length),
  );
}

/** Bytes of scratch per row that timeOrder uses: keys and a second copy of keys and rows. */
export const TIME_ORDER_SCRATCH_BYTES = 12;

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MAX_SPAN = 2 ** 32;

function identity(length: number): Uint32Array<ArrayBuffer> {
  const order = new Uint32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}

function isSorted(time: Float64Array, length: number): boolean {
  for (let i = 1; i < length; i++) if (time[i]! < time[i - 1]!) return false;
  return true;
}

// Writes the seconds after the earliest time to `offsets`. Returns false when a time is not a
// whole number or the span does not fit 32 bits.
function secondsFromEarliest(time: Float64Array, length: number, offsets: Uint32Array): boolean {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const t = time[i]!;
    if (!Number.isInteger(t)) return false;
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (max - min >= MAX_SPAN) return false;

  for (let i = 0; i < length; i++) offsets[i] = time[i]! - min;
  return true;
}

// Each pass distributes (key, row) pairs by one digit, lowest digit first, and keeps the order
// of the previous pass within a bucket. So after the last pass the rows are ordered by key, with
// ties in input order. Only the returned array is new memory.
function radixOrder(keys: Uint32Array, nextKeys: Uint32Array, nextRows: Uint32Array): Uint32Array {
  const length = keys.length;
  let span = 0;
  for (let i = 0; i < length; i++) span |= keys[i]!;
  const passes = Math.max(1, Math.ceil((32 - Math.clz32(span)) / DIGIT_BITS));

  const order = identity(length);
  let rows: Uint32Array = order;
  const starts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < passes; pass++) {
    const shift = pass * DIGIT_BITS;
    bucketStarts(keys, shift, starts);

    for (let i = 0; i < length; i++) {
      const key = keys[i]!;
      const at = starts[(key >>> shift) & (BUCKETS - 1)]!++;
      nextKeys[at] = key;
      nextRows[at] = rows[i]!;
    }
    [keys, nextKeys] = [nextKeys, keys];
    [rows, nextRows] = [nextRows, rows];
  }
  if (rows !== order) order.set(rows);
  return order;
}

// Fills `starts` with the first position of each digit's bucket.
function bucketStarts(keys: Uint32Array, shift: number, starts: Uint32Array): void {
  starts.fill(0);
  for (let i = 0; i < keys.length; i++) starts[(keys[i]! >>> shift) & (BUCKETS - 1)]!++;

  let position = 0;
  for (let digit = 0; digit < BUCKETS; digit++) {
    const count = starts[digit]!;
    starts[digit] = position;
    position += count;
  }
}

function comparatorOrder(time: Float64Array, length: number): Uint32Array {
  const order = Array.from({ length }, (_, i) => i);
  order.sort((a, b) => time[a]! - time[b]! || a - b);
  return Uint32Array.from(order);
}
