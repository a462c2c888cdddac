// Types of field-parsers.js. Byte parsers take the memory `b`, a DataView `d` of it where
// needed, and the field's bytes [start, end).

export function parseNumberBytes(b: Uint8Array, d: DataView, start: number, end: number): number;
export function decodeBytes(b: Uint8Array, start: number, end: number): string;
/** Parses number text: NaN unless it is a plain decimal number (optionally with exponent). */
export function parseNumberText(text: string): number;
export function parseDay(b: Uint8Array, start: number, end: number): number;
export function parseSeconds(b: Uint8Array, start: number, end: number): number;
export function parseLevel(b: Uint8Array, start: number, end: number): number;
/** Days from 1970-01-01 to a date, or NaN when the date does not exist. */
export function daysFromCivil(year: number, month: number, day: number): number;
