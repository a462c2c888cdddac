/**
 * Checks of command-line values, run before a command does any work, so a typo fails fast with
 * exit code 2 instead of after minutes of ingest.
 */
import { BadInputError } from '../errors.ts';

/**
 * Returns `text` as an integer from `min` to `max`; throws BadInputError AOD_CONFIG_INVALID
 * naming `option` and the range otherwise. Only plain decimal digits are accepted, so `1e3`,
 * `0x10` and `2.5` are rejected.
 */
export function parseIntegerOption(option: string, text: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (Number.isSafeInteger(value) && value >= min && value <= max) return value;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${option}: expected ${describeRange(min, max)}, got ${JSON.stringify(text)}`,
  );
}

/** Returns `text` as a positive integer; throws like `parseIntegerOption`. */
export function parsePositiveInteger(option: string, text: string): number {
  return parseIntegerOption(option, text, 1, Number.MAX_SAFE_INTEGER);
}

/** Returns `text` if it is one of `choices`; throws BadInputError AOD_CONFIG_INVALID otherwise. */
export function parseChoice<T extends string>(
  option: string,
  text: string,
  choices: readonly T[],
): T {
  if ((choices as readonly string[]).includes(text)) return text as T;

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${option}: expected one of ${choices.join(', ')}, got ${JSON.stringify(text)}`,
  );
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Returns `text` if it is a Gregorian calendar day written `YYYY-MM-DD`, else throws
 * BadInputError AOD_CONFIG_INVALID naming `option`. The check is plain arithmetic, because
 * `Date` makes month 13 an Invalid Date, whose toISOString throws, and rolls February 30 over to
 * March 1.
 */
export function parseCalendarDate(option: string, text: string): string {
  const match = DATE_TEXT.exec(text);
  if (match !== null) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return text;
  }

  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `${option}: expected a calendar date YYYY-MM-DD (month 01 to 12, a day of that month), ` +
      `got ${JSON.stringify(text)}`,
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function describeRange(min: number, max: number): string {
  if (max !== Number.MAX_SAFE_INTEGER) return `an integer from ${min} to ${max}`;
  return min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
}

/**
 * Returns `parse()`, and names `option` in place of the value's own label (`country: ...`
 * becomes `--country: ...`) when it rejects the value, so every option error starts alike.
 */
export function forOption<T>(option: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof BadInputError) || error.code !== 'AOD_CONFIG_INVALID') throw error;
    const detail = error.message.slice(error.message.indexOf(': ') + 2);
    throw new BadInputError('AOD_CONFIG_INVALID', `${option}: ${detail}`, { cause: error });
  }
}
