/**
 * One-dimensional PostgreSQL arrays in the binary wire format, built straight from typed
 * arrays. node-postgres sends a Buffer parameter in binary format, and the server decodes it
 * with `array_recv`, so a column of 10,000 doubles crosses as 120 kB without being formatted
 * as text and parsed back.
 *
 * Layout (PostgreSQL `array_send`, src/backend/utils/adt/arrayfuncs.c): int32 number of
 * dimensions, int32 has-nulls flag, int32 element type OID, then per dimension int32 length and
 * int32 lower bound, then per element int32 byte length (-1 for NULL) and the big-endian value.
 * The arrays built here never contain NULL.
 */

/** Element type OIDs from PostgreSQL's pg_type catalog. */
const OID = { int2: 21, int4: 23, int8: 20, float8: 701 } as const;

const HEADER_BYTES = 20;

const INTEGER_BYTES = { int2: 2, int4: 4, int8: 8 } as const;

type IndexColumn = ArrayLike<number>;

/** Rows of a column to send: `rows[start..end)` when `rows` is given, else `start..end`. */
export interface RowRange {
  rows: Uint32Array | null;
  start: number;
  end: number;
}

function rowAt(range: RowRange, i: number): number {
  return range.rows === null ? range.start + i : range.rows[range.start + i]!;
}

function header(view: DataView, oid: number, length: number): void {
  view.setInt32(0, 1);
  view.setInt32(4, 0);
  view.setInt32(8, oid);
  view.setInt32(12, length);
  view.setInt32(16, 1);
}

/**
 * Encodes a float8[] without NULLs: NaN stays NaN, for SQL to turn into NULL. An array with a
 * NULL bitmap makes each subscript scan the bitmap up to the element, which is quadratic over
 * a batch.
 */
export function float8Array(column: Float64Array, range: RowRange): Buffer {
  const length = range.end - range.start;
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + length * 12);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  header(view, OID.float8, length);

  let offset = HEADER_BYTES;
  for (let i = 0; i < length; i++) {
    view.setInt32(offset, 8);
    view.setFloat64(offset + 4, column[rowAt(range, i)]!);
    offset += 12;
  }
  return buffer;
}

/** Encodes an int2[], int4[] or int8[] of whole numbers (int8 values up to 2^53). */
export function integerArray(
  type: 'int2' | 'int4' | 'int8',
  column: IndexColumn,
  range: RowRange,
): Buffer {
  const length = range.end - range.start;
  const width = INTEGER_BYTES[type];
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + length * (4 + width));
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  header(view, OID[type], length);

  let offset = HEADER_BYTES;
  for (let i = 0; i < length; i++) {
    const value = column[rowAt(range, i)]!;
    view.setInt32(offset, width);
    if (type === 'int2') view.setInt16(offset + 4, value);
    else if (type === 'int4') view.setInt32(offset + 4, value);
    else {
      view.setInt32(offset + 4, Math.floor(value / 2 ** 32));
      view.setUint32(offset + 8, value >>> 0);
    }
    offset += 4 + width;
  }
  return buffer;
}

/** Encodes an int8[] of 64-bit hashes given as high and low 32-bit halves. */
export function hashArray(high: Int32Array, low: Int32Array, range: RowRange): Buffer {
  const length = range.end - range.start;
  const buffer = Buffer.allocUnsafe(HEADER_BYTES + length * 12);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  header(view, OID.int8, length);

  let offset = HEADER_BYTES;
  for (let i = 0; i < length; i++) {
    const row = rowAt(range, i);
    view.setInt32(offset, 8);
    view.setInt32(offset + 4, high[row]!);
    view.setInt32(offset + 8, low[row]!);
    offset += 12;
  }
  return buffer;
}
