/**
 * Countries of Africa, and the countries near it that hold AERONET sites inside the Africa
 * box, with their ISO 3166-1 codes and UN M49 geographic sub-region.
 *
 * Regions follow the UN Statistics Division's M49 standard as of December 2021
 * (en.wikipedia.org/wiki/UN_M49; bisharat.net PanAfrLoc/UN-M-49): Africa is Northern, Western,
 * Middle, Eastern and Southern Africa, and every region but Northern Africa is Sub-Saharan
 * Africa. M49 counts Cyprus and Turkey in Western Asia.
 */
import { BadInputError } from '../../errors.ts';
import { editDistance } from './site-suggestion.ts';

export type AfricanRegion =
  'Northern Africa' | 'Western Africa' | 'Middle Africa' | 'Eastern Africa' | 'Southern Africa';

export type CountryRegion = AfricanRegion | 'Southern Europe' | 'Western Asia' | 'Southern Asia';

export interface Country {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** ISO 3166-1 alpha-3 code. */
  code3: string;
  /** English short name. */
  name: string;
  /** Other names in common use, matched like the name. */
  aliases: readonly string[];
  /** UN M49 geographic sub-region. */
  region: CountryRegion;
  africa: boolean;
}

/** Region names accepted on top of the M49 sub-regions. */
export const REGION_GROUPS = ['Africa', 'Sub-Saharan Africa'] as const;

type Row = [code: string, code3: string, name: string, region: CountryRegion, aliases?: string[]];

const AFRICAN: Row[] = [
  ['DZ', 'DZA', 'Algeria', 'Northern Africa'],
  ['EG', 'EGY', 'Egypt', 'Northern Africa'],
  ['LY', 'LBY', 'Libya', 'Northern Africa'],
  ['MA', 'MAR', 'Morocco', 'Northern Africa'],
  ['SD', 'SDN', 'Sudan', 'Northern Africa'],
  ['TN', 'TUN', 'Tunisia', 'Northern Africa'],
  ['EH', 'ESH', 'Western Sahara', 'Northern Africa'],
  ['BJ', 'BEN', 'Benin', 'Western Africa'],
  ['BF', 'BFA', 'Burkina Faso', 'Western Africa'],
  ['CV', 'CPV', 'Cabo Verde', 'Western Africa', ['Cape Verde']],
  ['CI', 'CIV', "Côte d'Ivoire", 'Western Africa', ['Ivory Coast']],
  ['GM', 'GMB', 'Gambia', 'Western Africa', ['The Gambia']],
  ['GH', 'GHA', 'Ghana', 'Western Africa'],
  ['GN', 'GIN', 'Guinea', 'Western Africa'],
  ['GW', 'GNB', 'Guinea-Bissau', 'Western Africa'],
  ['LR', 'LBR', 'Liberia', 'Western Africa'],
  ['ML', 'MLI', 'Mali', 'Western Africa'],
  ['MR', 'MRT', 'Mauritania', 'Western Africa'],
  ['NE', 'NER', 'Niger', 'Western Africa'],
  ['NG', 'NGA', 'Nigeria', 'Western Africa'],
  [
    'SH',
    'SHN',
    'Saint Helena, Ascension and Tristan da Cunha',
    'Western Africa',
    ['Saint Helena', 'St Helena', 'Ascension Island'],
  ],
  ['SN', 'SEN', 'Senegal', 'Western Africa'],
  ['SL', 'SLE', 'Sierra Leone', 'Western Africa'],
  ['TG', 'TGO', 'Togo', 'Western Africa'],
  ['AO', 'AGO', 'Angola', 'Middle Africa'],
  ['CM', 'CMR', 'Cameroon', 'Middle Africa'],
  ['CF', 'CAF', 'Central African Republic', 'Middle Africa'],
  ['TD', 'TCD', 'Chad', 'Middle Africa'],
  ['CG', 'COG', 'Congo', 'Middle Africa', ['Republic of the Congo', 'Congo-Brazzaville']],
  [
    'CD',
    'COD',
    'Democratic Republic of the Congo',
    'Middle Africa',
    ['DR Congo', 'DRC', 'Congo-Kinshasa'],
  ],
  ['GQ', 'GNQ', 'Equatorial Guinea', 'Middle Africa'],
  ['GA', 'GAB', 'Gabon', 'Middle Africa'],
  ['ST', 'STP', 'Sao Tome and Principe', 'Middle Africa'],
  ['BI', 'BDI', 'Burundi', 'Eastern Africa'],
  ['KM', 'COM', 'Comoros', 'Eastern Africa'],
  ['DJ', 'DJI', 'Djibouti', 'Eastern Africa'],
  ['ER', 'ERI', 'Eritrea', 'Eastern Africa'],
  ['ET', 'ETH', 'Ethiopia', 'Eastern Africa'],
  ['TF', 'ATF', 'French Southern Territories', 'Eastern Africa'],
  ['KE', 'KEN', 'Kenya', 'Eastern Africa'],
  ['MG', 'MDG', 'Madagascar', 'Eastern Africa'],
  ['MW', 'MWI', 'Malawi', 'Eastern Africa'],
  ['MU', 'MUS', 'Mauritius', 'Eastern Africa'],
  ['YT', 'MYT', 'Mayotte', 'Eastern Africa'],
  ['MZ', 'MOZ', 'Mozambique', 'Eastern Africa'],
  ['RE', 'REU', 'Réunion', 'Eastern Africa'],
  ['RW', 'RWA', 'Rwanda', 'Eastern Africa'],
  ['SC', 'SYC', 'Seychelles', 'Eastern Africa'],
  ['SO', 'SOM', 'Somalia', 'Eastern Africa'],
  ['SS', 'SSD', 'South Sudan', 'Eastern Africa'],
  ['UG', 'UGA', 'Uganda', 'Eastern Africa'],
  ['TZ', 'TZA', 'Tanzania', 'Eastern Africa', ['United Republic of Tanzania']],
  ['ZM', 'ZMB', 'Zambia', 'Eastern Africa'],
  ['ZW', 'ZWE', 'Zimbabwe', 'Eastern Africa'],
  ['BW', 'BWA', 'Botswana', 'Southern Africa'],
  ['SZ', 'SWZ', 'Eswatini', 'Southern Africa', ['Swaziland']],
  ['LS', 'LSO', 'Lesotho', 'Southern Africa'],
  ['NA', 'NAM', 'Namibia', 'Southern Africa'],
  ['ZA', 'ZAF', 'South Africa', 'Southern Africa'],
];

const NEIGHBOURS: Row[] = [
  ['ES', 'ESP', 'Spain', 'Southern Europe', ['Canary Islands']],
  ['PT', 'PRT', 'Portugal', 'Southern Europe'],
  ['IT', 'ITA', 'Italy', 'Southern Europe'],
  ['MT', 'MLT', 'Malta', 'Southern Europe'],
  ['GR', 'GRC', 'Greece', 'Southern Europe'],
  ['CY', 'CYP', 'Cyprus', 'Western Asia'],
  ['TR', 'TUR', 'Türkiye', 'Western Asia', ['Turkey']],
  ['IL', 'ISR', 'Israel', 'Western Asia'],
  ['JO', 'JOR', 'Jordan', 'Western Asia'],
  ['SA', 'SAU', 'Saudi Arabia', 'Western Asia'],
  ['KW', 'KWT', 'Kuwait', 'Western Asia'],
  ['BH', 'BHR', 'Bahrain', 'Western Asia'],
  ['AE', 'ARE', 'United Arab Emirates', 'Western Asia', ['UAE']],
  ['OM', 'OMN', 'Oman', 'Western Asia'],
  ['IR', 'IRN', 'Iran', 'Southern Asia'],
];

function toCountry([code, code3, name, region, aliases = []]: Row, africa: boolean): Country {
  return { code, code3, name, aliases, region, africa };
}

export const COUNTRIES: readonly Country[] = [
  ...AFRICAN.map((row) => toCountry(row, true)),
  ...NEIGHBOURS.map((row) => toCountry(row, false)),
];

const BY_KEY = new Map<string, Country>();
for (const country of COUNTRIES) {
  for (const key of [country.code, country.code3, country.name, ...country.aliases]) {
    BY_KEY.set(normalizeName(key), country);
  }
}

/** Returns the country with this ISO code (alpha-2 or alpha-3) or name, or undefined. */
export function lookupCountry(query: string): Country | undefined {
  return BY_KEY.get(normalizeName(query));
}

/**
 * Returns the country with this ISO code or name (any case, accents optional).
 * @throws BadInputError (AOD_CONFIG_INVALID) naming the closest country name.
 */
export function findCountry(query: string): Country {
  const country = lookupCountry(query);
  if (country !== undefined) return country;

  const closest = closestKey(
    query,
    COUNTRIES.map((entry) => entry.name),
  );
  const hint = closest === null ? '' : `; did you mean "${closest}"?`;
  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `country: expected an ISO 3166 country name or code of Africa or its neighbours, ` +
      `got "${query}"${hint}`,
  );
}

/**
 * Returns the countries of a region: an M49 sub-region (`Western Africa`), `Africa` or
 * `Sub-Saharan Africa`, in any case.
 * @throws BadInputError (AOD_CONFIG_INVALID) listing the region names.
 */
export function countriesInRegion(query: string): Country[] {
  const key = normalizeName(query);
  if (key === 'africa') return COUNTRIES.filter((country) => country.africa);
  if (key === normalizeName('Sub-Saharan Africa')) {
    return COUNTRIES.filter((country) => country.africa && country.region !== 'Northern Africa');
  }

  const members = COUNTRIES.filter((country) => normalizeName(country.region) === key);
  if (members.length > 0) return members;

  const regions = [...REGION_GROUPS, ...new Set(COUNTRIES.map((country) => country.region))];
  throw new BadInputError(
    'AOD_CONFIG_INVALID',
    `region: expected one of ${regions.join(', ')}, got "${query}"`,
  );
}

/** Lower-cases and drops accents and punctuation: `Côte d'Ivoire` -> `cote d ivoire`. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function closestKey(query: string, names: string[]): string | null {
  const target = normalizeName(query);
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(target.length / 3)) + 1;
  for (const name of names) {
    const distance = editDistance(target, normalizeName(name));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}
