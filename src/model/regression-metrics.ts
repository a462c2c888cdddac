/**
 * Test-set scores with scikit-learn's definitions (sklearn.metrics r2_score,
 * mean_squared_error(squared=False), mean_absolute_error), in target units.
 */

export interface RegressionScores {
  /** null with fewer than two rows, where scikit-learn returns NaN. */
  r2: number | null;
  rmse: number | null;
  mae: number | null;
}

/** Scores `predicted` against `actual`; every score is null for zero rows. */
export function regressionScores(actual: Float64Array, predicted: Float64Array): RegressionScores {
  const n = actual.length;
  if (n === 0) return { r2: null, rmse: null, mae: null };

  let mean = 0;
  for (let i = 0; i < n; i++) mean += actual[i]!;
  mean /= n;

  let squaredErrors = 0;
  let absoluteErrors = 0;
  let squaredDeviations = 0;
  for (let i = 0; i < n; i++) {
    const error = actual[i]! - predicted[i]!;
    squaredErrors += error * error;
    absoluteErrors += Math.abs(error);
    squaredDeviations += (actual[i]! - mean) ** 2;
  }
  return {
    r2: n < 2 ? null : coefficientOfDetermination(squaredErrors, squaredDeviations),
    rmse: Math.sqrt(squaredErrors / n),
    mae: absoluteErrors / n,
  };
}

/**
 * 1 - SSE / SST. For a constant `actual` (SST = 0) scikit-learn's default
 * force_finite=True gives 1 for a perfect prediction and 0 otherwise.
 */
function coefficientOfDetermination(squaredErrors: number, squaredDeviations: number): number {
  if (squaredDeviations === 0) return squaredErrors === 0 ? 1 : 0;
  return 1 - squaredErrors / squaredDeviations;
}
