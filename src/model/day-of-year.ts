/**
 * The seasonal features: the day of the year of an observation's UTC time, as a point on the
 * unit circle so that 31 December and 1 January are neighbours.
 */

const SECONDS_PER_DAY = 86_400;

/** Days in the mean Gregorian-Julian year, the period of the seasonal features. */
const YEAR_DAYS = 365.25;

/** Day of the year (1 to 366) of a UTC time given in seconds since 1970-01-01T00:00:00Z. */
export function dayOfYearUtc(seconds: number): number {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const year = new Date(day * SECONDS_PER_DAY * 1000).getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / (SECONDS_PER_DAY * 1000);
  return day - firstDay + 1;
}

/** angle = 2π (dayOfYear - 1) / 365.25; the features are its sine and cosine. */
export function seasonalAngle(dayOfYear: number): number {
  return (2 * Math.PI * (dayOfYear - 1)) / YEAR_DAYS;
}

/**
 * Fills `sin` and `cos` with the seasonal features of each time. Rows are usually in time
 * order, so the day of year is recomputed only when the UTC day changes.
 */
export function fillSeasonalFeatures(
  seconds: ArrayLike<number>,
  sin: Float64Array,
  cos: Float64Array,
): void {
  let lastDay = NaN;
  let lastSin = NaN;
  let lastCos = NaN;
  for (let i = 0; i < seconds.length; i++) {
    const time = seconds[i]!;
    const day = Math.floor(time / SECONDS_PER_DAY);
    if (day !== lastDay) {
      const angle = seasonalAngle(dayOfYearUtc(time));
      lastDay = day;
      lastSin = Math.sin(angle);
      lastCos = Math.cos(angle);
    }
    sin[i] = lastSin;
    cos[i] = lastCos;
  }
}
