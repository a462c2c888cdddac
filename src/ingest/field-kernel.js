/* global WebAssembly */
// WebAssembly SIMD kernel that finds the fields of every line in a block of bytes and parses
// the number fields among those the reader keeps.
//
// It looks at 16 bytes at a time for commas and newlines and writes one record per line:
//   i32 field count, i32 index of the newline,
//   i32 start and i32 end of each kept field (record slots 1 .. kept),
//   f64 value of each kept number field (the slots after those),
// so JavaScript touches only the fields it keeps. A block without a newline in which no kept
// field ends only adds its commas to the field count. The long runs of skipped columns in an
// All Points line so cost one step per 16 bytes, not one per field.
// A number is `[-]digits[.digits]` with at most 15 digits, built as an integer divided by a
// power of ten. That division is correctly rounded, so the value equals parseFloat's. Any
// other text gives NaN, and the caller parses it itself.
// Finding the fields this way took about a third of the CPU time of a JavaScript byte loop
// (measured once on the 1 GB All Points benchmark file, on a busy 2-core VM).
//
// The module is assembled here because the repository has no WebAssembly toolchain. The
// instruction list in `scan` is written one text-format instruction per `op` entry.

import { TextEncoder } from 'node:util';

/** Bytes after the input that the kernel may load (it reads whole 16-byte blocks). */
export const KERNEL_PADDING = 16;

/**
 * Layout of the kernel's tables at the start of its memory: the record slot of each kept field
 * (by field index 0-255, 0 = skipped), the record slot of each kept number field's value, the
 * powers of ten 1e0 .. 1e15 as f64, and the next kept field at or after each field index (255
 * when none).
 */
export const FIELD_SLOTS_AT = 0;
export const NUMBER_SLOTS_AT = 256;
export const POWERS_AT = 512;
export const NEXT_KEPT_AT = 640;
export const TABLES_BYTES = 896;

// The imported memory is shared (flag 0x03) with 1 to 65536 pages, so one module serves every
// worker's memory.
const SHARED_MEMORY_LIMITS = [0x03, ...unsigned(1), ...unsigned(65536)];
const I32 = 0x7f;
const I64 = 0x7e;
const V128 = 0x7b;

// Parameters of `scan`.
const P = 0; // current 16-byte block
const END = 1; // index after the last newline of the input
const OUT = 2; // address of the next record
const STRIDE = 3; // record size in bytes
const OUT_LIMIT = 4; // return after the record that reaches this address
// Locals.
const MASK = 5; // separators of the block not yet handled
const FIELD = 6; // field index within the line
const FIELD_START = 7;
const SEPARATOR = 8;
const SLOT = 9;
const NEWLINES = 10; // newline bits of the block
const CLAMPED = 11; // min(FIELD, 255)
const AT = 12; // byte of a number being parsed
const NEGATIVE = 13;
const DIGITS = 14;
const DECIMALS = 15; // -1 before the decimal point
const DIGIT = 16;
const MANTISSA = 17; // i64
const FRACTION = 18; // i64
const VECTOR = 19; // v128
const COUNT = 20; // separators of a block
const LOCALS = [
  [12, I32],
  [2, I64],
  [1, V128],
  [1, I32],
];

const op = {
  get: (index) => [0x20, ...unsigned(index)],
  set: (index) => [0x21, ...unsigned(index)],
  tee: (index) => [0x22, ...unsigned(index)],
  const: (value) => [0x41, ...signed(value)],
  i64Const: (value) => [0x42, ...signed64(BigInt(value))],
  f64NaN: [0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f],
  f64Const1e6: [0x44, ...new Uint8Array(new Float64Array([1e6]).buffer)],
  add: [0x6a],
  sub: [0x6b],
  and: [0x71],
  shl: [0x74],
  clz: [0x67],
  ctz: [0x68],
  popcnt: [0x69],
  eqz: [0x45],
  eq: [0x46],
  ne: [0x47],
  ltS: [0x48],
  ltU: [0x49],
  geS: [0x4e],
  geU: [0x4f],
  select: [0x1b],
  i64Add: [0x7c],
  i64Mul: [0x7e],
  i64And: [0x83],
  i64Shl: [0x86],
  i64ShrU: [0x88],
  i64Ne: [0x52],
  i64Load: (offset) => [0x29, 0, ...unsigned(offset)],
  i64ExtendI32U: [0xad],
  f64ConvertI64S: [0xb9],
  f64Div: [0xa3],
  f64Mul: [0xa2],
  f64ConvertI32S: [0xb7],
  load8U: [0x2d, 0, 0],
  store: (offset) => [0x36, 2, ...unsigned(offset)],
  f64Load: (offset) => [0x2b, 3, ...unsigned(offset)],
  f64Store: [0x39, 3, 0],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  end: [0x0b],
  br: (depth) => [0x0c, depth],
  brIf: (depth) => [0x0d, depth],
  return: [0x0f],
  v128Load: [0xfd, 0x00, 0, 0],
  i8x16Splat: [0xfd, 0x0f],
  i8x16Eq: [0xfd, 0x23],
  v128Or: [0xfd, 0x50],
  i8x16Bitmask: [0xfd, 0x64],
};

// Stores the value of `[-]d.dddddd` .. `[-]ddddddddd.dddddd` at address SLOT and leaves the
// $number block when the field at [FIELD_START, SEPARATOR) has that form (AERONET writes most
// numbers with six decimals). The six decimals are checked and converted as one 64-bit word.
const parseSixDecimals = [
  ...op.block, // $other
    ...op.get(FIELD_START), ...op.load8U, ...op.const(45), ...op.eq, ...op.tee(NEGATIVE),
    ...op.get(FIELD_START), ...op.add, ...op.set(AT),
    // The point 7 bytes before the end, after 1 to 9 integer digits.
    ...op.get(SEPARATOR), ...op.const(7), ...op.sub, ...op.tee(DIGIT),
    ...op.get(AT), ...op.sub, ...op.const(1), ...op.sub, ...op.const(9), ...op.geU, ...op.brIf(0),
    ...op.get(DIGIT), ...op.load8U, ...op.const(46), ...op.ne, ...op.brIf(0),
    // fraction = the 6 bytes after the point, which must all be digits
    ...op.get(DIGIT), ...op.i64Load(1), ...op.i64Const(0xffffffffffffn), ...op.i64And,
    ...op.tee(FRACTION), ...op.i64Const(0xf0f0f0f0f0f0n), ...op.i64And,
    ...op.i64Const(0x303030303030n), ...op.i64Ne, ...op.brIf(0),
    ...op.get(FRACTION), ...op.i64Const(0x060606060606n), ...op.i64Add,
    ...op.i64Const(0xf0f0f0f0f0f0n), ...op.i64And, ...op.i64Const(0x303030303030n), ...op.i64Ne,
    ...op.brIf(0),
    // Digits d0..d5 are in bytes 0..5, d0 first. Shifted up 2 bytes, they read as an 8-digit
    // number with two leading zeros, which is combined in 1-digit, 2-digit and 4-digit lanes.
    ...op.get(FRACTION), ...op.i64Const(0x0f0f0f0f0f0fn), ...op.i64And, ...op.i64Const(16),
    ...op.i64Shl, ...op.tee(FRACTION),
    ...op.i64Const(10), ...op.i64Mul, ...op.get(FRACTION), ...op.i64Const(8), ...op.i64ShrU,
    ...op.i64Add, ...op.i64Const(0x00ff00ff00ff00ffn), ...op.i64And, ...op.tee(FRACTION),
    ...op.i64Const(100), ...op.i64Mul, ...op.get(FRACTION), ...op.i64Const(16), ...op.i64ShrU,
    ...op.i64Add, ...op.i64Const(0x0000ffff0000ffffn), ...op.i64And, ...op.tee(FRACTION),
    ...op.i64Const(10000), ...op.i64Mul, ...op.get(FRACTION), ...op.i64Const(32), ...op.i64ShrU,
    ...op.i64Add, ...op.i64Const(0xffffffffn), ...op.i64And, ...op.set(FRACTION),
    // mantissa = integer digits, then * 10^6 + fraction
    ...op.i64Const(0), ...op.set(MANTISSA),
    ...op.block, ...op.loop, // $integer
      ...op.get(AT), ...op.get(DIGIT), ...op.geU, ...op.brIf(1),
      ...op.get(AT), ...op.load8U, ...op.const(48), ...op.sub, ...op.tee(DIGITS),
      ...op.const(10), ...op.geU, ...op.brIf(2),
      ...op.get(MANTISSA), ...op.i64Const(10), ...op.i64Mul, ...op.get(DIGITS),
      ...op.i64ExtendI32U, ...op.i64Add, ...op.set(MANTISSA),
      ...op.get(AT), ...op.const(1), ...op.add, ...op.set(AT),
      ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(SLOT),
    ...op.get(MANTISSA), ...op.i64Const(1000000), ...op.i64Mul, ...op.get(FRACTION), ...op.i64Add,
    ...op.f64ConvertI64S, ...op.f64Const1e6, ...op.f64Div,
    ...op.const(1), ...op.get(NEGATIVE), ...op.const(1), ...op.shl, ...op.sub,
    ...op.f64ConvertI32S, ...op.f64Mul,
    ...op.f64Store,
    ...op.br(1),
  ...op.end,
]; // prettier-ignore

// Parses bytes [FIELD_START, SEPARATOR) as a number and stores it, or NaN, at address SLOT.
const parseNumber = [
  ...op.block, // $stored
    ...parseSixDecimals,
    ...op.block, // $invalid
      ...op.get(FIELD_START), ...op.set(AT),
      ...op.i64Const(0), ...op.set(MANTISSA),
      ...op.const(0), ...op.set(DIGITS),
      ...op.const(-1), ...op.set(DECIMALS),
      ...op.get(AT), ...op.load8U, ...op.const(45), ...op.eq, ...op.tee(NEGATIVE),
      ...op.get(AT), ...op.add, ...op.set(AT),
      ...op.block, ...op.loop, // $bytes
        ...op.get(AT), ...op.get(SEPARATOR), ...op.geU, ...op.brIf(1),
        ...op.get(AT), ...op.load8U, ...op.const(48), ...op.sub, ...op.tee(DIGIT),
        ...op.const(10), ...op.ltU,
        ...op.if,
          ...op.get(MANTISSA), ...op.i64Const(10), ...op.i64Mul,
          ...op.get(DIGIT), ...op.i64ExtendI32U, ...op.i64Add, ...op.set(MANTISSA),
          ...op.get(DIGITS), ...op.const(1), ...op.add, ...op.set(DIGITS),
          ...op.get(DECIMALS), ...op.get(DECIMALS), ...op.const(0), ...op.geS, ...op.add,
          ...op.set(DECIMALS),
        ...op.else,
          // A '.' (46 - 48 = -2) before any other is the decimal point. Anything else is invalid.
          ...op.get(DIGIT), ...op.const(-2), ...op.ne, ...op.brIf(3),
          ...op.get(DECIMALS), ...op.const(0), ...op.geS, ...op.brIf(3),
          ...op.const(0), ...op.set(DECIMALS),
        ...op.end,
        ...op.get(AT), ...op.const(1), ...op.add, ...op.set(AT),
        ...op.br(0),
      ...op.end, ...op.end,
      // 1 to 15 digits: digits - 1 < 15, unsigned.
      ...op.get(DIGITS), ...op.const(1), ...op.sub, ...op.const(15), ...op.geU, ...op.brIf(0),
      // value = mantissa / 10^max(decimals, 0) * (1 - 2 * negative)
      ...op.get(SLOT),
      ...op.get(MANTISSA), ...op.f64ConvertI64S,
      ...op.get(DECIMALS), ...op.const(0), ...op.get(DECIMALS), ...op.const(0), ...op.geS,
      ...op.select, ...op.const(3), ...op.shl, ...op.f64Load(POWERS_AT),
      ...op.f64Div,
      ...op.const(1), ...op.get(NEGATIVE), ...op.const(1), ...op.shl, ...op.sub,
      ...op.f64ConvertI32S, ...op.f64Mul,
      ...op.f64Store,
      ...op.br(1),
    ...op.end,
    ...op.get(SLOT), ...op.f64NaN, ...op.f64Store,
  ...op.end,
]; // prettier-ignore

// (func scan (param p end out stride outLimit) (result i32)) returns the address after the
// last record. The input must end with a newline at end - 1.
const scan = [
  ...op.get(P), ...op.set(FIELD_START),
  ...op.block, ...op.loop, // $blocks
    // newlines = bitmask(v == '\n'), mask = bitmask(v == ',') | newlines
    ...op.get(P), ...op.v128Load, ...op.tee(VECTOR), ...op.const(44), ...op.i8x16Splat, ...op.i8x16Eq,
    ...op.get(VECTOR), ...op.const(10), ...op.i8x16Splat, ...op.i8x16Eq, ...op.tee(VECTOR),
    ...op.i8x16Bitmask, ...op.set(NEWLINES),
    ...op.get(VECTOR), ...op.v128Or, ...op.i8x16Bitmask, ...op.set(MASK),
    // No newline, and the next kept field at or after FIELD is at or after FIELD + COUNT: the
    // block ends only skipped fields. Count them, start the next field after the last comma.
    ...op.get(NEWLINES), ...op.eqz,
    ...op.if,
      ...op.get(MASK), ...op.popcnt, ...op.set(COUNT),
      ...op.get(FIELD), ...op.const(255), ...op.get(FIELD), ...op.const(255), ...op.ltU,
      ...op.select, ...op.const(NEXT_KEPT_AT), ...op.add, ...op.load8U,
      ...op.get(FIELD), ...op.get(COUNT), ...op.add, ...op.geU,
      ...op.if,
        ...op.get(MASK),
        ...op.if,
          ...op.get(FIELD), ...op.get(COUNT), ...op.add, ...op.set(FIELD),
          ...op.get(P), ...op.const(32), ...op.add, ...op.get(MASK), ...op.clz, ...op.sub,
          ...op.set(FIELD_START),
        ...op.end,
        ...op.get(P), ...op.const(16), ...op.add, ...op.set(P),
        ...op.br(2), // next block
      ...op.end,
    ...op.end,
    ...op.block, ...op.loop, // $separators
      ...op.get(MASK), ...op.eqz, ...op.brIf(1),
      ...op.get(P), ...op.get(MASK), ...op.ctz, ...op.add, ...op.set(SEPARATOR),
      ...op.get(FIELD), ...op.const(255), ...op.get(FIELD), ...op.const(255), ...op.ltU,
      ...op.select, ...op.set(CLAMPED),
      // A kept field: its start and end go to out + slot * 8.
      ...op.get(CLAMPED), ...op.load8U, ...op.tee(SLOT),
      ...op.if,
        ...op.get(OUT), ...op.get(SLOT), ...op.const(3), ...op.shl, ...op.add, ...op.tee(SLOT),
        ...op.get(FIELD_START), ...op.store(0),
        ...op.get(SLOT), ...op.get(SEPARATOR), ...op.store(4),
        // A kept number field: its value goes to out + number slot * 8.
        ...op.get(CLAMPED), ...op.const(NUMBER_SLOTS_AT), ...op.add, ...op.load8U, ...op.tee(SLOT),
        ...op.if,
          ...op.get(OUT), ...op.get(SLOT), ...op.const(3), ...op.shl, ...op.add, ...op.set(SLOT),
          ...parseNumber,
        ...op.end,
      ...op.end,
      ...op.get(FIELD), ...op.const(1), ...op.add, ...op.set(FIELD),
      ...op.get(SEPARATOR), ...op.const(1), ...op.add, ...op.set(FIELD_START),
      // At a newline (the lowest mask bit is a newline bit): write count and end, next record.
      ...op.get(NEWLINES), ...op.get(MASK), ...op.const(0), ...op.get(MASK), ...op.sub, ...op.and,
      ...op.and,
      ...op.if,
        ...op.get(OUT), ...op.get(FIELD), ...op.store(0),
        ...op.get(OUT), ...op.get(SEPARATOR), ...op.store(4),
        ...op.get(OUT), ...op.get(STRIDE), ...op.add, ...op.tee(OUT),
        ...op.const(0), ...op.set(FIELD),
        ...op.get(OUT_LIMIT), ...op.geU, ...op.if, ...op.get(OUT), ...op.return, ...op.end,
        ...op.get(FIELD_START), ...op.get(END), ...op.geU, ...op.brIf(4),
      ...op.end,
      // mask &= mask - 1
      ...op.get(MASK), ...op.get(MASK), ...op.const(1), ...op.sub, ...op.and, ...op.set(MASK),
      ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(P), ...op.const(16), ...op.add, ...op.set(P),
    ...op.br(0),
  ...op.end, ...op.end,
  ...op.get(OUT),
]; // prettier-ignore

/** Compiles the kernel for `memory`; returns its `scan` export. */
export function createFieldKernel(memory) {
  const module = new WebAssembly.Module(moduleBytes());
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports.scan;
}

/**
 * Writes the kernel's tables: `fieldSlots[column]` and `numberSlots[column]` are record slots
 * (0 for none) of the columns 0 .. 254.
 */
export function writeKernelTables(memory, fieldSlots, numberSlots) {
  const bytes = new Uint8Array(memory.buffer, 0, TABLES_BYTES);
  bytes.fill(0);
  bytes.set(fieldSlots, FIELD_SLOTS_AT);
  bytes.set(numberSlots, NUMBER_SLOTS_AT);
  const powers = new Float64Array(memory.buffer, POWERS_AT, 16);
  for (let k = 0; k < 16; k++) powers[k] = 10 ** k;
  let next = 255;
  for (let column = 255; column >= 0; column--) {
    if (column < 255 && fieldSlots[column] !== 0) next = column;
    bytes[NEXT_KEPT_AT + column] = next;
  }
}

/** Assembles the kernel's module bytes. */
export function moduleBytes() {
  const locals = [LOCALS.length, ...LOCALS.flat()];
  const code = [...locals, ...scan, ...op.end];
  const name = (text) => [...unsigned(text.length), ...new TextEncoder().encode(text)];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [1, 0x60, 5, I32, I32, I32, I32, I32, 1, I32]), // type: 5 i32 -> i32
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...SHARED_MEMORY_LIMITS]),
    ...section(3, [1, 0]), // one function, of type 0
    ...section(7, [1, ...name('scan'), 0x00, 0]), // export function 0 as "scan"
    ...section(10, [1, ...unsigned(code.length), ...code]), // its code
  ]);
}

function section(id, bytes) {
  return [id, ...unsigned(bytes.length), ...bytes];
}

// LEB128 encodings of the WebAssembly binary format.
function unsigned(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function signed64(value) {
  const bytes = [];
  for (;;) {
    const byte = Number(value & 0x7fn);
    value >>= 7n;
    const done = (value === 0n && (byte & 0x40) === 0) || (value === -1n && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}

function signed(value) {
  const bytes = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    bytes.push(done ? byte : byte | 0x80);
    if (done) return bytes;
  }
}
