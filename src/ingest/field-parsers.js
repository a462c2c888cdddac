// Parsers of AERONET field bytes, for the byte scanner. Each returns NaN (or 0 for the level)
// when the bytes are not of its form. The text reader applies the same rules to strings.
//
// Numbers are built as integer digits divided by a power of ten. That division is correctly
// rounded, so it equals parseFloat for up to 15 significant digits. Other forms (more digits,
// exponents, a leading +) go through parseFloat.
import { TextDecoder } from 'node:util';

const MAX_FAST_DIGITS = 15;
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];
const DOT = 46;
const MINUS = 45;
// Little-endian 32-bit words of "-999", ".000" and "0000".
const WORD_MINUS_999 = 0x3939392d;
const WORD_DOT_000 = 0x3030302e;
const WORD_0000 = 0x30303030;

const decoder = new TextDecoder();

/**
 * Value of the number in bytes [start, end) of `b` (`d` is a DataView of the same memory), or
 * NaN when the bytes are not a plain decimal number.
 */
export function parseNumberBytes(b, d, start, end) {
  if (d.getInt32(start, true) === WORD_MINUS_999 && isMarker(b, d, start, end)) return -999;

  const value = parseSixDecimals(b, d, start, end);
  if (value === value) return value;

  const decimal = parseDecimal(b, start, end);
  if (decimal === decimal) return decimal;
  return parseNumberText(decodeBytes(b, start, end));
}

// True for the missing-value marker in its two spellings, -999.000000 and -999., given that
// the bytes start with "-999".
function isMarker(b, d, start, end) {
  const length = end - start;
  if (length === 5) return b[start + 4] === DOT;
  return (
    length === 11 &&
    d.getInt32(start + 4, true) === WORD_DOT_000 &&
    d.getInt32(start + 7, true) === WORD_0000
  );
}

// Value of `[-]digits.dddddd` (AERONET's usual number form) in bytes [start, end), or NaN
// for any other form. The six decimals are checked and converted four and two bytes at a time.
function parseSixDecimals(b, d, start, end) {
  let p = start;
  const negative = b[p] === MINUS;
  if (negative) p++;
  const point = end - 7;
  if (point < p || point - p > 9 || b[point] !== DOT) return NaN;

  let whole = 0;
  for (; p < point; p++) {
    const digit = b[p] - 48;
    if (digit < 0 || digit > 9) return NaN;
    whole = whole * 10 + digit;
  }
  const high = d.getInt32(point + 1, true);
  const low = d.getUint16(point + 5, true);
  if ((high & 0xf0f0f0f0) !== 0x30303030 || ((high + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) {
    return NaN;
  }
  if ((low & 0xf0f0) !== 0x3030 || ((low + 0x0606) & 0xf0f0) !== 0x3030) return NaN;

  // Little-endian: the first digit is the lowest byte. Pairs, then the four-digit number.
  let four = high & 0x0f0f0f0f;
  four = (four * 10 + (four >>> 8)) & 0x00ff00ff;
  four = (four * 100 + (four >>> 16)) & 0xffff;
  const fraction = four * 100 + (low & 0x0f) * 10 + ((low >>> 8) & 0x0f);
  const value = (whole * 1e6 + fraction) / 1e6;
  return negative ? -value : value;
}

// Value of `[-]digits[.digits]` with at most MAX_FAST_DIGITS digits in bytes [start, end), or
// NaN for any other form.
function parseDecimal(b, start, end) {
  let p = start;
  const negative = b[p] === MINUS;
  if (negative) p++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; p < end; p++) {
    const c = b[p];
    const digit = c - 48;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === DOT && decimals < 0) {
      decimals = 0;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > MAX_FAST_DIGITS) return NaN;
  const value = decimals > 0 ? mantissa / POWERS_OF_TEN[decimals] : mantissa;
  return negative ? -value : value;
}

/** Decodes bytes [start, end) as UTF-8. */
export function decodeBytes(b, start, end) {
  return decoder.decode(b.subarray(start, end));
}

/** Parses the text of a number field as the text reader does; NaN when it is not a number. */
export function parseNumberText(text) {
  return NUMBER_TEXT.test(text) ? Number.parseFloat(text) : NaN;
}

/** Days since 1970-01-01 of `dd:mm:yyyy` (or `dd-mm-yyyy`); NaN when invalid. */
export function parseDay(b, start, end) {
  if (end - start !== 10) return NaN;
  const separator = b[start + 2];
  if ((separator !== 58 && separator !== MINUS) || b[start + 5] !== separator) return NaN;

  const day = twoDigits(b, start);
  const month = twoDigits(b, start + 3);
  const year = twoDigits(b, start + 6) * 100 + twoDigits(b, start + 8);
  return daysFromCivil(year, month, day);
}

/** Seconds since midnight of `hh:mm:ss`; NaN when invalid. */
export function parseSeconds(b, start, end) {
  if (end - start !== 8 || b[start + 2] !== 58 || b[start + 5] !== 58) return NaN;

  const hours = twoDigits(b, start);
  const minutes = twoDigits(b, start + 3);
  const seconds = twoDigits(b, start + 6);
  if (!(hours <= 23 && minutes <= 59 && seconds <= 59)) return NaN;
  return hours * 3600 + minutes * 60 + seconds;
}

function twoDigits(b, at) {
  const tens = b[at] - 48;
  const ones = b[at + 1] - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return NaN;
  return tens * 10 + ones;
}

/** Days from 1970-01-01 to a proleptic Gregorian date; NaN when the date does not exist. */
export function daysFromCivil(year, month, day) {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return NaN;

  // Howard Hinnant's days_from_civil: years start in March so the leap day comes last.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function daysInMonth(year, month) {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 10, 15 or 20 for lev10, lev15, lev20; 0 otherwise. */
export function parseLevel(b, start, end) {
  if (end - start !== 5 || b[start] !== 108 || b[start + 1] !== 101 || b[start + 2] !== 118) {
    return 0;
  }
  const level = twoDigits(b, start + 3);
  return level === 10 || level === 15 || level === 20 ? level : 0;
}
