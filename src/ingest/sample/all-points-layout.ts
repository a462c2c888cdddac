/**
 * The text layout of an AERONET Version 3 Level 2.0 All Points file as the AERONET download
 * tool writes it. Six header lines and a 113-name column header come first. Then each
 * observation is one comma-separated row with six decimals, where a missing value is written
 * `-999.000000`, or `-999.` in the Exact_Wavelengths columns.
 */
import type { SampleSite } from './sample-sites.ts';
import type { SampleObservation } from './sample-observation.ts';
import { STANDARD_WAVELENGTHS_NM } from './spectral-aod.ts';

const WATER = 'water';
const EMPTY = 'empty';

/** The 30 channel slots shared by the AOD, triplet and exact-wavelength column groups. */
const CHANNELS: readonly string[] = [
  '1640', '1020', '870', '865', '779', '675', '667', '620', '560', '555', '551', '532', '531',
  '510', '500', '490', '443', '440', '412', '400', '380', '340', WATER, '681', '709',
  EMPTY, EMPTY, EMPTY, EMPTY, EMPTY,
]; // prettier-ignore

const AOD_NAMES = CHANNELS.map((channel) => {
  if (channel === WATER) return 'Precipitable_Water(cm)';
  if (channel === EMPTY) return 'AOD_Empty';
  return `AOD_${channel}nm`;
});

const TRIPLET_NAMES = CHANNELS.map((channel) => {
  if (channel === WATER) return 'Triplet_Variability_Precipitable_Water(cm)';
  if (channel === EMPTY) return 'Triplet_Variability_AOD_Empty';
  return `Triplet_Variability_${channel}`;
});

const EXACT_NAMES = CHANNELS.map((channel) => {
  if (channel === WATER) return 'Exact_Wavelengths_of_PW(um)_935nm';
  if (channel === EMPTY) return 'Exact_Wavelengths_of_AOD(um)_Empty';
  return `Exact_Wavelengths_of_AOD(um)_${channel}nm`;
});

/** The 113 column names of an All Points file, in order. Names repeat (`AOD_Empty` x5). */
export const ALL_POINTS_COLUMNS: readonly string[] = [
  'Date(dd:mm:yyyy)',
  'Time(hh:mm:ss)',
  'Day_of_Year',
  'Day_of_Year(Fraction)',
  ...AOD_NAMES,
  ...TRIPLET_NAMES,
  '440-870_Angstrom_Exponent',
  '380-500_Angstrom_Exponent',
  '440-675_Angstrom_Exponent',
  '500-870_Angstrom_Exponent',
  '340-440_Angstrom_Exponent',
  '440-675_Angstrom_Exponent[Polar]',
  'Data_Quality_Level',
  'AERONET_Instrument_Number',
  'AERONET_Site_Name',
  'Site_Latitude(Degrees)',
  'Site_Longitude(Degrees)',
  'Site_Elevation(m)',
  'Solar_Zenith_Angle(Degrees)',
  'Optical_Air_Mass',
  'Sensor_Temperature(Degrees_C)',
  'Ozone(Dobson)',
  'NO2(Dobson)',
  'Last_Date_Processed',
  'Number_of_Wavelengths',
  ...EXACT_NAMES,
];

const AOD_START = 4;
const TRIPLET_START = AOD_START + CHANNELS.length;
const ANGSTROM_START = TRIPLET_START + CHANNELS.length;
const QUALITY_LEVEL = ANGSTROM_START + 6;
const EXACT_START = QUALITY_LEVEL + 13;
const WATER_SLOT = CHANNELS.indexOf(WATER);

/** Slot of each `STANDARD_WAVELENGTHS_NM` channel within a 30-column group. */
const STANDARD_SLOTS = STANDARD_WAVELENGTHS_NM.map((nm) => CHANNELS.indexOf(String(nm)));

const MISSING = '-999.000000';
const MISSING_WAVELENGTH = '-999.';

/**
 * Header line 5 names the data's origin in place of a principal investigator, because no PI
 * measured these values. It keeps the `Contact: PI=...; PI Email=...` shape that readers expect.
 */
export const SAMPLE_CONTACT_LINE =
  'Contact: PI=Synthetic_sample_generated_by_aodflow_not_AERONET_measurements; PI Email=none';

/**
 * Returns the six header lines and the column header of a Level 2.0 All Points file. Lines 1,
 * 3, 4 and 6 are the exact texts of the download tool (line 1 ends in a space), because readers
 * recognise the version, level and averaging from them. Line 4 describes AERONET's own Level 2.0
 * processing and is kept only as a format marker. Line 5 states that the data are synthetic.
 */
export function allPointsHeaderLines(siteName: string): string[] {
  return [
    'AERONET Version 3; ',
    siteName,
    'Version 3: AOD Level 2.0',
    'The following data are automatically cloud cleared and quality assured with pre-field ' +
      'and post-field calibration applied.',
    SAMPLE_CONTACT_LINE,
    'All Points,UNITS can be found at,,, https://aeronet.gsfc.nasa.gov/new_web/units.html',
    ALL_POINTS_COLUMNS.join(','),
  ];
}

/** Formats one observation as an All Points data row of exactly 113 fields. */
export function formatAllPointsRow(site: SampleSite, observation: SampleObservation): string {
  const fields = new Array<string>(ALL_POINTS_COLUMNS.length).fill(MISSING);
  const { instrument } = observation;
  const time = new Date(observation.timeMs);
  const dayOfYear = dayOfYearOf(observation.timeMs);
  const secondsOfDay = time.getUTCHours() * 3600 + time.getUTCMinutes() * 60 + time.getUTCSeconds();

  fields[0] = formatDate(observation.timeMs);
  fields[1] = [time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()].map(pad2).join(':');
  fields[2] = String(dayOfYear);
  fields[3] = (dayOfYear + secondsOfDay / 86_400).toFixed(6);

  let wavelengthCount = 1;
  for (let slot = EXACT_START; slot < ALL_POINTS_COLUMNS.length; slot += 1) {
    fields[slot] = MISSING_WAVELENGTH;
  }
  STANDARD_SLOTS.forEach((slot, channel) => {
    const aod = observation.aod[channel] ?? Number.NaN;
    if (Number.isNaN(aod)) return;
    wavelengthCount += 1;
    fields[AOD_START + slot] = aod.toFixed(6);
    fields[TRIPLET_START + slot] = formatValue(observation.tripletVariability[channel]);
    fields[EXACT_START + slot] = formatValue(instrument.exactWavelengthsUm[channel]);
  });
  fields[AOD_START + WATER_SLOT] = observation.precipitableWater.toFixed(6);
  fields[TRIPLET_START + WATER_SLOT] = observation.precipitableWaterTriplet.toFixed(6);
  fields[EXACT_START + WATER_SLOT] = instrument.waterVapourWavelengthUm.toFixed(6);

  observation.angstrom.forEach((value, index) => {
    fields[ANGSTROM_START + index] = formatValue(value);
  });

  fields[QUALITY_LEVEL] = 'lev20';
  fields[QUALITY_LEVEL + 1] = String(instrument.number);
  fields[QUALITY_LEVEL + 2] = site.name;
  fields[QUALITY_LEVEL + 3] = site.latitude.toFixed(6);
  fields[QUALITY_LEVEL + 4] = site.longitude.toFixed(6);
  fields[QUALITY_LEVEL + 5] = site.elevation.toFixed(6);
  fields[QUALITY_LEVEL + 6] = observation.solarZenithAngle.toFixed(6);
  fields[QUALITY_LEVEL + 7] = observation.opticalAirMass.toFixed(6);
  fields[QUALITY_LEVEL + 8] = observation.sensorTemperature.toFixed(6);
  fields[QUALITY_LEVEL + 9] = observation.ozone.toFixed(6);
  fields[QUALITY_LEVEL + 10] = observation.no2.toFixed(6);
  fields[QUALITY_LEVEL + 11] = formatDate(instrument.lastDayMs);
  fields[QUALITY_LEVEL + 12] = String(wavelengthCount);
  return fields.join(',');
}

/** Formats a UTC instant's date as `dd:mm:yyyy`, the AERONET date layout. */
export function formatDate(timeMs: number): string {
  const date = new Date(timeMs);
  return `${pad2(date.getUTCDate())}:${pad2(date.getUTCMonth() + 1)}:${date.getUTCFullYear()}`;
}

function dayOfYearOf(timeMs: number): number {
  const year = new Date(timeMs).getUTCFullYear();
  return Math.floor((timeMs - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

function formatValue(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? MISSING : value.toFixed(6);
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
