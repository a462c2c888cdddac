/**
 * Spectral AOD from an AOD at 500 nm and an Angstrom exponent, and Angstrom exponents back
 * from spectral AOD the way AERONET computes them.
 */

/** Nominal wavelengths of a standard Cimel sun photometer, in the order of the AOD columns. */
export const STANDARD_WAVELENGTHS_NM = [1640, 1020, 870, 675, 500, 440, 380, 340] as const;

/** Wavelength ranges of the Angstrom exponent columns of an All Points file, in column order. */
export const ANGSTROM_RANGES_NM = [
  [440, 870],
  [380, 500],
  [440, 675],
  [500, 870],
  [340, 440],
] as const;

/** Geometric mean of 440 and 870 nm: the curvature term below is centred here. */
const CENTRE_NM = Math.sqrt(440 * 870);

/**
 * Returns the curvature of ln AOD versus ln wavelength for an aerosol with this 440-870 nm
 * Angstrom exponent. Eck et al. (1999, J. Geophys. Res. 104, 31333-31349) found marked
 * curvature for accumulation-mode smoke and urban aerosol, so that alpha rises with
 * wavelength, and almost none for coarse dust. The linear ramp and its 0.35 ceiling are an
 * approximate choice, not a fitted relation.
 */
export function curvatureFor(angstrom: number): number {
  const fineness = Math.min(1, Math.max(0, (angstrom - 0.3) / 1.5));
  return 0.35 * fineness;
}

/**
 * Returns AOD at each of `STANDARD_WAVELENGTHS_NM` from the Angstrom power law
 * tau(l) = tau(500) (l / 500)^-alpha (Angstrom 1929), bent by a quadratic term in
 * u = ln(l / 619 nm): ln tau(l) = ln tau(619) - alpha u - curvature u^2. The bend leaves the
 * 440-870 nm fit close to alpha while short wavelengths see a smaller local exponent.
 */
export function spectralAod(aod500: number, angstrom: number, curvature: number): number[] {
  const u500 = Math.log(500 / CENTRE_NM);
  const logAodCentre = Math.log(aod500) + angstrom * u500 + curvature * u500 * u500;

  return STANDARD_WAVELENGTHS_NM.map((wavelength) => {
    const u = Math.log(wavelength / CENTRE_NM);
    return Math.exp(logAodCentre - angstrom * u - curvature * u * u);
  });
}

/**
 * Returns the Angstrom exponent over a nominal wavelength range as AERONET Version 3 does:
 * minus the least-squares slope of ln AOD against ln exact wavelength, over every wavelength in
 * the range that has an AOD. Refitting written rows of real Level 2.0 files this way
 * reproduces their Angstrom columns to about 1e-5. Returns NaN when fewer than two
 * wavelengths are present.
 *
 * @param aod AOD at each of `STANDARD_WAVELENGTHS_NM`, NaN where missing.
 * @param exactWavelengthsUm exact wavelength of each channel in micrometres.
 */
export function angstromExponent(
  aod: readonly number[],
  exactWavelengthsUm: readonly number[],
  lowNm: number,
  highNm: number,
): number {
  const xs: number[] = [];
  const ys: number[] = [];
  STANDARD_WAVELENGTHS_NM.forEach((nominal, index) => {
    const value = aod[index] ?? Number.NaN;
    const exact = exactWavelengthsUm[index] ?? Number.NaN;
    if (nominal < lowNm || nominal > highNm || !(value > 0) || !(exact > 0)) return;
    xs.push(Math.log(exact));
    ys.push(Math.log(value));
  });
  if (xs.length < 2) return Number.NaN;

  return -leastSquaresSlope(xs, ys);
}

function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, index) => {
    covariance += (x - meanX) * ((ys[index] ?? 0) - meanY);
    variance += (x - meanX) * (x - meanX);
  });
  return covariance / variance;
}
