/**
 * Parsing of the ISO 8601 dates a prediction request carries: a calendar date
 * (`2019-03-15`) or a date-time (`2019-03-15T10:30:00Z`, `2019-03-15 10:30:00.5+01:00`).
 * Stricter than `Date.parse`, which accepts other layouts and rolls 30 February over to March.
 */

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Returns the instant an ISO 8601 date or date-time names, or undefined when `text` is not
 * one. A date-time without an offset and a bare date are taken as UTC.
 */
export function parseIsoDate(text: string): Date | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;

  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone = 'Z'] =
    match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;

  const offsetMinutes = parseOffset(zone);
  if (offsetMinutes === undefined) return undefined;

  const milliseconds = fraction === '' ? 0 : Number(`0.${fraction}`) * 1000;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) + milliseconds - offsetMinutes * 60_000;
  const date = new Date(utc);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Minutes east of UTC of `Z`, `+hh`, `+hhmm` or `+hh:mm`; undefined when out of range. */
function parseOffset(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;

  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}
