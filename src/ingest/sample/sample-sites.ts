/**
 * The African AERONET sites of aodflow's synthetic sample data.
 *
 * Names, coordinates and elevations are copied from the AERONET site list
 * (aeronet_locations_v3.txt), NASA GSFC, generated 13 Dec 2024. Country and region are added
 * here. The sites span the continent's main aerosol regimes: Sahelian and Saharan dust,
 * Harmattan dust mixed with smoke on the Gulf of Guinea side, southern African biomass
 * burning, and the mixed urban aerosol of the East African highlands.
 */

/** Aerosol regime a sample site stands for. */
export type SampleRegion =
  'Sahel' | 'Sahara' | 'Gulf of Guinea' | 'Southern Africa' | 'East Africa';

/** One sample site as the AERONET site list records it, plus country and region. */
export interface SampleSite {
  /** AERONET site name, case-sensitive, `_` in place of spaces. */
  name: string;
  /** Decimal degrees, north positive. */
  latitude: number;
  /** Decimal degrees, east positive. */
  longitude: number;
  /** Metres above sea level. */
  elevation: number;
  country: string;
  region: SampleRegion;
}

export const SAMPLE_SITES: readonly SampleSite[] = [
  {
    name: 'Banizoumbou',
    latitude: 13.54693,
    longitude: 2.66519,
    elevation: 274,
    country: 'Niger',
    region: 'Sahel',
  },
  {
    // The AERONET site named Dakar is at M'Bour, on the coast south-east of Dakar.
    name: 'Dakar',
    latitude: 14.394167,
    longitude: -16.958611,
    elevation: 21,
    country: 'Senegal',
    region: 'Sahel',
  },
  {
    name: 'IER_Cinzana',
    latitude: 13.278433,
    longitude: -5.933867,
    elevation: 285,
    country: 'Mali',
    region: 'Sahel',
  },
  {
    name: 'Tamanrasset_INM',
    latitude: 22.79,
    longitude: 5.53,
    elevation: 1377,
    country: 'Algeria',
    region: 'Sahara',
  },
  {
    name: 'Ilorin',
    latitude: 8.4841,
    longitude: 4.6745,
    elevation: 400,
    country: 'Nigeria',
    region: 'Gulf of Guinea',
  },
  {
    name: 'Mongu',
    latitude: -15.253611,
    longitude: 23.150833,
    elevation: 1047,
    country: 'Zambia',
    region: 'Southern Africa',
  },
  {
    name: 'Skukuza',
    latitude: -24.9917,
    longitude: 31.5875,
    elevation: 265,
    country: 'South Africa',
    region: 'Southern Africa',
  },
  {
    name: 'Nairobi',
    latitude: -1.338882,
    longitude: 36.8653,
    elevation: 1650,
    country: 'Kenya',
    region: 'East Africa',
  },
];
