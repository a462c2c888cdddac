/**
 * One synthetic All Points observation and the instrument that made it, before formatting.
 */

/** A simulated Cimel sun photometer deployed at a site for a span of days. */
export interface SampleInstrument {
  /** AERONET_Instrument_Number: a made-up serial, unique within a site's file. */
  number: number;
  /** Exact wavelength of each `STANDARD_WAVELENGTHS_NM` channel in micrometres. */
  exactWavelengthsUm: readonly number[];
  /** Exact wavelength of the 935 nm water-vapour channel in micrometres. */
  waterVapourWavelengthUm: number;
  /** Whether the instrument has the 1640 nm channel (the newer models do). */
  has1640: boolean;
  /** Whether the instrument has the 380 and 340 nm ultraviolet channels. */
  hasUltraviolet: boolean;
  /** UTC midnight of the first and the last day the instrument measured at the site. */
  firstDayMs: number;
  lastDayMs: number;
}

/** One row of an All Points file, with NaN wherever the file writes a missing value. */
export interface SampleObservation {
  /** Measurement time, UTC milliseconds. */
  timeMs: number;
  /** AOD at each `STANDARD_WAVELENGTHS_NM` channel, already rounded to 6 decimals. */
  aod: readonly number[];
  /** Triplet variability (max - min of the three readings) of each AOD channel. */
  tripletVariability: readonly number[];
  /** Precipitable water in cm, and its triplet variability. */
  precipitableWater: number;
  precipitableWaterTriplet: number;
  /** Angstrom exponent over each of `ANGSTROM_RANGES_NM`, fitted to the rounded AODs. */
  angstrom: readonly number[];
  instrument: SampleInstrument;
  solarZenithAngle: number;
  opticalAirMass: number;
  /** Degrees C, one decimal. */
  sensorTemperature: number;
  /** Total column ozone and NO2 in Dobson units. */
  ozone: number;
  no2: number;
}
