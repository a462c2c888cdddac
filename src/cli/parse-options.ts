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

function describeRange(min: number, max: number): string {
  if (max !== Number.MAX_SAFE_INTEGER) return `an integer from ${min} to ${max}`;
  return min === 1 ? 'a positive integer' : `an integer of at least ${min}`;
}
