/**
 * Builds one synthetic All Points observation from the day's aerosol state and the time.
 */
import type { SampleSite } from './sample-sites.ts';
import type { SiteClimatology } from './site-climatology.ts';
import type { SampleInstrument, SampleObservation } from './sample-observation.ts';
import type { SeededRandom } from './seeded-random.ts';
import {
  ANGSTROM_RANGES_NM,
  STANDARD_WAVELENGTHS_NM,
  angstromExponent,
  curvatureFor,
  spectralAod,
} from './spectral-aod.ts';

/** The aerosol and water vapour of one day, before the within-day variation. */
export interface DayState {
  dayOfYear: number;
  daysInYear: number;
  aod500: number;
  angstrom: number;
  precipitableWater: number;
}

/** Site, instrument, time and solar geometry of one observation. */
export interface ObservationContext {
  site: SampleSite;
  climatology: SiteClimatology;
  instrument: SampleInstrument;
  timeMs: number;
  solarZenithAngle: number;
  opticalAirMass: number;
}

const INDEX_1640 = STANDARD_WAVELENGTHS_NM.indexOf(1640);
const INDEX_380 = STANDARD_WAVELENGTHS_NM.indexOf(380);
const INDEX_340 = STANDARD_WAVELENGTHS_NM.indexOf(340);

/**
 * Returns an observation whose AODs follow the day's state, its diurnal cycle and small
 * measurement noise, and whose Angstrom exponents are fitted to the rounded AODs it carries.
 */
export function buildObservation(
  random: SeededRandom,
  day: DayState,
  context: ObservationContext,
): SampleObservation {
  const { climatology, instrument } = context;
  const solarHour = localSolarHour(context.timeMs, context.site.longitude);

  const aod500 = day.aod500 * diurnalFactor(climatology.diurnalRange, solarHour);
  const angstrom = day.angstrom + 0.03 * random.normal();
  const clean = spectralAod(
    aod500 * Math.exp(0.03 * random.normal()),
    angstrom,
    curvatureFor(angstrom),
  );
  const present = presentChannels(random, instrument, context.solarZenithAngle);

  // About 1% relative plus 0.001 absolute noise per channel, near the ~0.01 AOD uncertainty of a
  // field-calibrated Cimel. The 0.001 floor keeps ln AOD finite for the Angstrom fits.
  const aod = clean.map((value, channel) => {
    if (!present[channel]) return Number.NaN;
    const noisy = value * (1 + 0.01 * random.normal()) + 0.001 * random.normal();
    return Number(Math.max(0.001, noisy).toFixed(6));
  });
  const angstroms = ANGSTROM_RANGES_NM.map(([low, high]) =>
    angstromExponent(aod, instrument.exactWavelengthsUm, low, high),
  );
  angstroms.push(Number.NaN); // 440-675_Angstrom_Exponent[Polar] is empty in direct-sun files.

  return {
    timeMs: context.timeMs,
    aod,
    tripletVariability: aod.map((value) => tripletVariability(random, value)),
    precipitableWater: day.precipitableWater * (1 + 0.02 * random.normal()),
    precipitableWaterTriplet: 0.001 + Math.abs(random.normal()) * 0.012,
    angstrom: angstroms,
    instrument,
    solarZenithAngle: context.solarZenithAngle,
    opticalAirMass: context.opticalAirMass,
    sensorTemperature: sensorTemperature(random, climatology, day, solarHour),
    ozone: ozoneDobson(context.site.latitude, day),
    no2: no2Dobson(day),
  };
}

/**
 * Marks which channels carry an AOD. Instruments without a channel never report it. The
 * 1640 nm value is often screened out in real Level 2.0 files, the ultraviolet pair is
 * sometimes dropped, and 340 nm is often lost at low sun, where its signal is weakest.
 */
function presentChannels(
  random: SeededRandom,
  instrument: SampleInstrument,
  solarZenithAngle: number,
): boolean[] {
  const present = STANDARD_WAVELENGTHS_NM.map(() => true);
  const drop1640 = random.uniform() < 0.15;
  const dropUltraviolet = random.uniform() < 0.03;
  const drop340 = solarZenithAngle > 70 && random.uniform() < 0.4;

  if (!instrument.has1640 || drop1640) present[INDEX_1640] = false;
  if (!instrument.hasUltraviolet || dropUltraviolet) {
    present[INDEX_380] = false;
    present[INDEX_340] = false;
  }
  if (drop340) present[INDEX_340] = false;
  return present;
}

/**
 * Returns a triplet variability (max - min of three readings 30 s apart). It stays below the
 * Level 2.0 cloud-screening limit of 0.02, or 0.03 x AOD for turbid air (Smirnov et al. 2000,
 * "Cloud-screening and quality control algorithms for the AERONET database", Remote Sens.
 * Environ. 73, 337-349), because points above it would have been screened out.
 */
function tripletVariability(random: SeededRandom, aod: number): number {
  if (Number.isNaN(aod)) return Number.NaN;

  const limit = 0.95 * Math.max(0.02, 0.03 * aod);
  return Math.min(limit, 0.0015 + Math.abs(random.normal()) * 0.004 * (1 + aod));
}

/**
 * Returns the factor applied to the day's AOD at a local solar hour: a cosine peaking at 15 h
 * whose peak-to-trough over 07-17 h equals `range`. Over 07-17 h the cosine averages 0.52, so
 * subtracting that keeps the daily mean factor near 1.
 */
function diurnalFactor(range: number, solarHour: number): number {
  const shape = Math.cos(((solarHour - 15) / 12) * Math.PI);
  return 1 + (range * (shape - 0.52)) / 1.5;
}

/** Sensor temperature: air temperature plus a few degrees of sunshine on the sensor head. */
function sensorTemperature(
  random: SeededRandom,
  climatology: SiteClimatology,
  day: DayState,
  solarHour: number,
): number {
  const { mean, halfRange, warmestMonth } = climatology.temperature;
  const warmestDay = (warmestMonth - 0.5) * (day.daysInYear / 12);
  const seasonal =
    halfRange * Math.cos((2 * Math.PI * (day.dayOfYear - warmestDay)) / day.daysInYear);
  const diurnal = 5 * Math.cos(((solarHour - 14) / 12) * Math.PI);
  const celsius = mean + seasonal + diurnal + 4 + 0.5 * random.normal();
  return Math.round(celsius * 10) / 10;
}

/**
 * Total ozone in Dobson units: about 255-275 DU over tropical Africa, higher in the local
 * spring. An approximate smooth climatology, not fitted to any data set.
 */
function ozoneDobson(latitude: number, day: DayState): number {
  const peakDay = latitude < 0 ? 270 : 170;
  const phase = (2 * Math.PI * (day.dayOfYear - peakDay)) / day.daysInYear;
  return 258 + 0.4 * Math.abs(latitude) + 10 * Math.cos(phase);
}

/** Total NO2 in Dobson units, an approximate smooth climatology around 0.2 DU. */
function no2Dobson(day: DayState): number {
  return 0.2 + 0.04 * Math.cos((2 * Math.PI * (day.dayOfYear - 220)) / day.daysInYear);
}

/** Local mean solar hour from UTC and longitude, ignoring the equation of time. */
function localSolarHour(timeMs: number, longitude: number): number {
  const utcHours = (timeMs % 86_400_000) / 3_600_000;
  return (utcHours + longitude / 15 + 24) % 24;
}
