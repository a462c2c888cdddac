/**
 * Small AERONET Version 3 inputs for reader tests, built column by column in the layout of the
 * download tool's All Points files (113 columns) and the web service (114).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { tempDir } from '../support/paths.ts';

const WAVELENGTHS = [
  '1640', '1020', '870', '865', '779', '675', '667', '620', '560', '555', '551', '532', '531',
  '510', '500', '490', '443', '440', '412', '400', '380', '340',
]; // prettier-ignore
const FIVE = [1, 2, 3, 4, 5];

/** The 113 All Points column names, in file order. */
export const ALL_POINTS_COLUMNS = [
  'Date(dd:mm:yyyy)',
  'Time(hh:mm:ss)',
  'Day_of_Year',
  'Day_of_Year(Fraction)',
  ...WAVELENGTHS.map((nm) => `AOD_${nm}nm`),
  'Precipitable_Water(cm)',
  'AOD_681nm',
  'AOD_709nm',
  ...FIVE.map(() => 'AOD_Empty'),
  ...WAVELENGTHS.map((nm) => `Triplet_Variability_${nm}`),
  'Triplet_Variability_Precipitable_Water(cm)',
  'Triplet_Variability_681',
  'Triplet_Variability_709',
  ...FIVE.map(() => 'Triplet_Variability_AOD_Empty'),
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
  ...WAVELENGTHS.map((nm) => `Exact_Wavelengths_of_AOD(um)_${nm}nm`),
  'Exact_Wavelengths_of_PW(um)_935nm',
  'Exact_Wavelengths_of_AOD(um)_681nm',
  'Exact_Wavelengths_of_AOD(um)_709nm',
  ...FIVE.map(() => 'Exact_Wavelengths_of_AOD(um)_Empty'),
];

const LEVEL_TEXT = {
  20: [
    'Version 3: AOD Level 2.0',
    'The following data are automatically cloud cleared and quality assured with pre-field and post-field calibration applied.',
  ],
  15: [
    'Version 3: AOD Level 1.5',
    'The following data are cloud cleared and quality controls have been applied but these data may not have final calibration applied.  These data may change.',
  ],
};

/** Header lines of a download-tool All Points file, column header included (7 lines). */
export function downloadToolHeader(site = 'Dakar', level: 15 | 20 = 20): string[] {
  return [
    'AERONET Version 3; ',
    site,
    ...LEVEL_TEXT[level],
    'Contact: PI=Test_Person; PI Email=test.person@example.org',
    'All Points,UNITS can be found at,,, https://aeronet.gsfc.nasa.gov/new_web/units.html',
    ALL_POINTS_COLUMNS.join(','),
  ];
}

/** Header lines of a web-service response, column header included (6 lines). */
export function webServiceHeader(): string[] {
  return [
    'AERONET Data Download (Version 3 Direct Sun)',
    'AERONET Version 3;',
    ...LEVEL_TEXT[15],
    'Contact: PI=Test_Person; PI Email=test.person@example.org',
    ['AERONET_Site', ...ALL_POINTS_COLUMNS].join(','),
  ];
}

export interface RowValues {
  date?: string;
  time?: string;
  site?: string;
  level?: string;
  /** Values by column name, for the first column of that name. */
  columns?: Record<string, string>;
}

/** Builds an All Points data row: -999.000000 everywhere except the values given. */
export function allPointsRow(values: RowValues = {}): string {
  const fields = ALL_POINTS_COLUMNS.map(() => '-999.000000');
  const set = (name: string, value: string) => (fields[ALL_POINTS_COLUMNS.indexOf(name)] = value);
  set('Date(dd:mm:yyyy)', values.date ?? '01:01:2019');
  set('Time(hh:mm:ss)', values.time ?? '09:40:09');
  set('Day_of_Year', '1');
  set('Day_of_Year(Fraction)', '1.402882');
  set('AOD_500nm', '0.217702');
  set('AOD_440nm', '0.252863');
  set('440-870_Angstrom_Exponent', '1.450629');
  set('Precipitable_Water(cm)', '2.307398');
  set('Data_Quality_Level', values.level ?? 'lev20');
  set('AERONET_Instrument_Number', '196');
  set('AERONET_Site_Name', values.site ?? 'Dakar');
  set('Site_Latitude(Degrees)', '14.394000');
  set('Site_Longitude(Degrees)', '-16.959000');
  set('Site_Elevation(m)', '0.000000');
  set('Solar_Zenith_Angle(Degrees)', '74.535420');
  set('Last_Date_Processed', '31:08:2019');
  set('Number_of_Wavelengths', '8');
  for (const [name, value] of Object.entries(values.columns ?? {})) set(name, value);
  return fields.join(',');
}

const folders: string[] = [];

/** Returns a new temporary folder, removed by removeFixtures. */
export async function fixtureFolder(): Promise<string> {
  const folder = await tempDir('aodflow-ingest-');
  folders.push(folder);
  return folder;
}

/** Writes `text` (or bytes) to a new temporary folder and returns the file path. */
export async function writeFixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(await fixtureFolder(), name);
  await writeFile(path, content);
  return path;
}

/** Removes the folders of this test file's fixtures. */
export async function removeFixtures(): Promise<void> {
  const removing = folders.splice(0);
  await Promise.all(removing.map((folder) => rm(folder, { recursive: true, force: true })));
}
