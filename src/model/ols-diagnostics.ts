/**
 * The inference statistics of an OLS fit that statsmodels' OLS summary shows. Per
 * coefficient: standard error, t statistic, two-sided p-value and 95 % confidence interval.
 * For the fit: R2 and adjusted R2, the F test of all slopes, residual standard error,
 * log-likelihood, AIC and BIC. The formulas are the classical ones (Greene, Econometric
 * Analysis, chapters 4-5).
 */
import type { Diagnostics, Term } from './artifact.ts';
import { fSurvival, studentTCriticalValue, studentTTwoSidedPValue } from './distributions.ts';
import type { LeastSquaresFit } from './least-squares.ts';

/** Computes the diagnostics of `fit` over `rows` training rows. */
export function olsDiagnostics(fit: LeastSquaresFit, rows: number, names: string[]): Diagnostics {
  const slopes = fit.coefficients.length;
  const dfResidual = rows - slopes - 1;
  const ssr = fit.residualSumOfSquares;
  const sst = fit.totalSumOfSquares;
  const sigma2 = ssr / dfResidual;
  const critical = studentTCriticalValue(0.05, dfResidual);

  // Var(intercept) = sigma^2 (1/n + mean' (X_c'X_c)^-1 mean).
  let interceptFactor = 1 / rows;
  for (let i = 0; i < slopes; i++) {
    for (let j = 0; j < slopes; j++) {
      interceptFactor += fit.means[i]! * fit.inverse[i * slopes + j]! * fit.means[j]!;
    }
  }
  const term = (name: string, coefficient: number, varianceFactor: number): Term => {
    const stdError = Math.sqrt(sigma2 * varianceFactor);
    const t = coefficient / stdError;
    return {
      name,
      coefficient,
      stdError,
      tStatistic: finiteOrNull(t),
      pValue: finiteOrNull(studentTTwoSidedPValue(t, dfResidual)),
      ciLower: coefficient - critical * stdError,
      ciUpper: coefficient + critical * stdError,
    };
  };
  const terms = [term('intercept', fit.intercept, interceptFactor)];
  names.forEach((name, i) => {
    terms.push(term(name, fit.coefficients[i]!, fit.inverse[i * slopes + i]!));
  });

  const r2 = sst > 0 ? 1 - ssr / sst : NaN;
  const fStatistic = (sst - ssr) / slopes / sigma2;
  const logLikelihood = -(rows / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / rows) + 1);
  const parameters = slopes + 1;
  return {
    method: 'ols',
    nObservations: rows,
    dfModel: slopes,
    dfResidual,
    r2: finiteOrNull(r2),
    adjustedR2: finiteOrNull(1 - ((1 - r2) * (rows - 1)) / dfResidual),
    fStatistic: slopes > 0 ? finiteOrNull(fStatistic) : null,
    fPValue: slopes > 0 ? finiteOrNull(fSurvival(fStatistic, slopes, dfResidual)) : null,
    residualStdError: Math.sqrt(sigma2),
    logLikelihood: finiteOrNull(logLikelihood),
    aic: finiteOrNull(-2 * logLikelihood + 2 * parameters),
    bic: finiteOrNull(-2 * logLikelihood + Math.log(rows) * parameters),
    conditionNumber: fit.conditionNumber,
    terms,
  };
}

/** JSON has no NaN or Infinity: such statistics (a perfect fit, a constant target) are null. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
