/**
 * Shifts AOD from one wavelength to another with the Angstrom power law,
 * tau(l) = tau(l0) * (l / l0)^-alpha (Angstrom 1929), as pyaerocom and monetio derive AOD at
 * 550 nm from AERONET's 500 nm (or 440 nm) AOD and the 440-870 nm Angstrom exponent.
 */
export function shiftAod(
  aod: number,
  fromNm: number,
  toNm: number,
  angstromExponent: number,
): number {
  return aod * Math.pow(toNm / fromNm, -angstromExponent);
}
