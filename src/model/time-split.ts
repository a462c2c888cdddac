/** The time-ordered split of the modelled rows into a training part and a test part. */

/** Fraction of the rows, the latest ones, held out for testing. */
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Rounds half to even, as Python's `round` does (`round(2.5) == 2`, `round(3.5) == 4`).
 * Math.round rounds half up instead.
 */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const rest = value - floor;
  if (rest < 0.5) return floor;
  if (rest > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Number of training rows among `rows` rows in time order: `int(round(rows * (1 - f)))`,
 * the rule of the pandas/scikit-learn pipeline this model reproduces.
 */
export function trainingRowCount(rows: number, testFraction = DEFAULT_TEST_FRACTION): number {
  return roundHalfEven(rows * (1 - testFraction));
}
