/**
 * Monthly climatologies that drive the synthetic sample data of each sample site.
 *
 * The figures are approximate, read off or rounded from the published AERONET climatologies
 * cited at each site. Where a paper gives only seasonal means or the month of the peak, the
 * monthly shape around them is an estimate. Precipitable water, cloudy-day odds and sensor
 * temperatures are estimates that follow each site's rainy season. They quote no paper.
 */

/** Twelve monthly values, January first. */
export type MonthlyValues = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** Aerosol and weather parameters of one site that drive the generator. */
export interface SiteClimatology {
  /** Monthly mean AOD at 500 nm. */
  aod500: MonthlyValues;
  /** Monthly mean 440-870 nm Angstrom exponent. */
  angstrom: MonthlyValues;
  /** Monthly mean precipitable water in cm. */
  precipitableWater: MonthlyValues;
  /** Monthly probability that a day has no cloud-free observation at all. */
  cloudyDay: MonthlyValues;
  /** Standard deviation of the day-to-day anomaly of ln AOD. */
  logAodSd: number;
  /** Lag-one autocorrelation of the daily ln AOD anomaly. Dust and smoke episodes last days. */
  persistence: number;
  /** Standard deviation of the daily Angstrom exponent around its monthly mean. */
  angstromSd: number;
  /**
   * Change of the Angstrom exponent per unit ln AOD anomaly. It is negative where heavy days
   * are coarse dust outbreaks and positive where they are fine smoke plumes.
   */
  angstromPerLogAod: number;
  /** Fractional range of AOD within a day, peaking in mid-afternoon local solar time. */
  diurnalRange: number;
  /** Annual mean air temperature (degrees C), its seasonal half-range, and the warmest month. */
  temperature: { mean: number; halfRange: number; warmestMonth: number };
}

/*
 * Shared sources, cited by short name below:
 * - Holben et al. 2001, "An emerging ground-based aerosol climatology: Aerosol optical depth
 *   from AERONET", J. Geophys. Res. 106, 12067-12097 (Banizoumbou, Ilorin, Mongu regimes).
 * - Eck et al. 1999, "Wavelength dependence of the optical depth of biomass burning, urban,
 *   and desert dust aerosols", J. Geophys. Res. 104, 31333-31349: Angstrom exponent near
 *   0.1-0.5 for desert dust and 1.5-2 for biomass-burning smoke.
 * - Dubovik et al. 2002, "Variability of absorption and optical properties of key aerosol
 *   types observed in worldwide locations", J. Atmos. Sci. 59, 590-608 (aerosol types).
 * - Bado et al. 2019, "Climatological analysis of aerosols optical properties ... in West
 *   Africa: case of the Sahelian zone", Open J. Air Pollut. 8 (Banizoumbou, Cinzana, Dakar):
 *   the Sahelian aerosol season is spring and summer and is dominated by desert dust.
 */

/** Sahelian dust: spring maximum (Mar-Jun) with low alpha; smoke raises alpha in Dec-Feb. */
const BANIZOUMBOU: SiteClimatology = {
  // Holben et al. 2001 and Bado et al. 2019, approximate, read off their monthly means.
  aod500: [0.45, 0.55, 0.7, 0.75, 0.7, 0.72, 0.55, 0.42, 0.4, 0.35, 0.35, 0.4],
  angstrom: [0.55, 0.45, 0.3, 0.25, 0.25, 0.25, 0.35, 0.45, 0.5, 0.45, 0.45, 0.6],
  precipitableWater: [1.0, 1.0, 1.3, 2.0, 3.0, 3.8, 4.5, 4.7, 4.3, 3.0, 1.5, 1.1],
  cloudyDay: [0.03, 0.03, 0.05, 0.1, 0.18, 0.3, 0.45, 0.55, 0.4, 0.12, 0.04, 0.03],
  logAodSd: 0.45,
  persistence: 0.75,
  angstromSd: 0.12,
  angstromPerLogAod: -0.2,
  diurnalRange: 0.06,
  temperature: { mean: 29, halfRange: 4, warmestMonth: 5 },
};

/** Coastal Sahel at M'Bour: dust in spring and a summer maximum as the Saharan air layer passes. */
const DAKAR: SiteClimatology = {
  // Bado et al. 2019, approximate.
  aod500: [0.35, 0.4, 0.45, 0.45, 0.5, 0.65, 0.6, 0.45, 0.4, 0.3, 0.25, 0.3],
  angstrom: [0.45, 0.4, 0.3, 0.25, 0.2, 0.15, 0.2, 0.3, 0.35, 0.4, 0.45, 0.45],
  precipitableWater: [1.5, 1.4, 1.5, 1.7, 2.2, 3.0, 4.0, 4.8, 4.8, 3.8, 2.5, 1.8],
  cloudyDay: [0.04, 0.04, 0.04, 0.04, 0.06, 0.12, 0.3, 0.5, 0.45, 0.2, 0.06, 0.04],
  logAodSd: 0.45,
  persistence: 0.75,
  angstromSd: 0.1,
  angstromPerLogAod: -0.15,
  diurnalRange: 0.05,
  temperature: { mean: 25, halfRange: 3, warmestMonth: 10 },
};

/** Inland Sahel in Mali, a little less dusty than Banizoumbou. */
const CINZANA: SiteClimatology = {
  // Bado et al. 2019, approximate.
  aod500: [0.4, 0.48, 0.6, 0.65, 0.62, 0.62, 0.5, 0.38, 0.35, 0.32, 0.32, 0.36],
  angstrom: [0.55, 0.45, 0.32, 0.27, 0.27, 0.28, 0.38, 0.5, 0.55, 0.5, 0.5, 0.6],
  precipitableWater: [1.1, 1.1, 1.4, 2.2, 3.2, 4.0, 4.7, 4.9, 4.5, 3.3, 1.7, 1.2],
  cloudyDay: [0.03, 0.03, 0.05, 0.1, 0.2, 0.32, 0.5, 0.6, 0.45, 0.15, 0.04, 0.03],
  logAodSd: 0.45,
  persistence: 0.75,
  angstromSd: 0.12,
  angstromPerLogAod: -0.2,
  diurnalRange: 0.06,
  temperature: { mean: 28, halfRange: 4, warmestMonth: 5 },
};

/** Central Sahara: clear, cool dry season and a dusty hot season from spring to late summer. */
const TAMANRASSET: SiteClimatology = {
  // Guirado et al. 2014, "Aerosol characterization at the Saharan AERONET site Tamanrasset",
  // Atmos. Chem. Phys. 14, 11753-11773: AOD(440) ~0.09 and alpha ~0.62 in autumn and winter,
  // AOD(440) ~0.39 and alpha ~0.28 in spring and summer. Shifted to 500 nm, shape estimated.
  aod500: [0.08, 0.1, 0.18, 0.28, 0.35, 0.45, 0.45, 0.4, 0.3, 0.15, 0.09, 0.07],
  angstrom: [0.65, 0.6, 0.45, 0.32, 0.28, 0.22, 0.22, 0.25, 0.3, 0.45, 0.6, 0.65],
  precipitableWater: [0.5, 0.5, 0.6, 0.7, 0.9, 1.2, 1.5, 1.7, 1.5, 1.0, 0.7, 0.5],
  cloudyDay: [0.04, 0.04, 0.05, 0.05, 0.05, 0.06, 0.1, 0.12, 0.1, 0.06, 0.04, 0.04],
  logAodSd: 0.55,
  persistence: 0.7,
  angstromSd: 0.12,
  angstromPerLogAod: -0.25,
  diurnalRange: 0.05,
  temperature: { mean: 22, halfRange: 8, warmestMonth: 7 },
};

/** Gulf of Guinea side: Harmattan dust mixed with biomass smoke in Dec-Mar, cleaner monsoon. */
const ILORIN: SiteClimatology = {
  // Balarabe et al. 2016, Atmos. Clim. Sci. 6, 1-16 (AERONET Ilorin 1998-2013): mean AOD
  // 0.97 in the Harmattan season and 0.46 in summer, alpha ~0.68 and ~0.64. Monthly shape
  // approximate, after Holben et al. 2001.
  aod500: [1.05, 1.1, 0.95, 0.7, 0.55, 0.45, 0.45, 0.45, 0.4, 0.45, 0.65, 0.95],
  angstrom: [0.6, 0.55, 0.55, 0.6, 0.65, 0.7, 0.65, 0.6, 0.7, 0.8, 0.8, 0.7],
  precipitableWater: [1.8, 2.2, 3.0, 3.8, 4.2, 4.6, 4.9, 4.9, 4.8, 4.4, 3.2, 2.2],
  cloudyDay: [0.06, 0.08, 0.15, 0.3, 0.4, 0.5, 0.6, 0.65, 0.6, 0.4, 0.12, 0.06],
  logAodSd: 0.4,
  persistence: 0.75,
  // Wide spread: dust days (alpha ~0.4) alternate with smoke days (alpha ~0.9).
  angstromSd: 0.2,
  angstromPerLogAod: -0.25,
  diurnalRange: 0.06,
  temperature: { mean: 27, halfRange: 2.5, warmestMonth: 3 },
};

/** Zambian savanna: biomass burning from July to October with alpha near 1.8. */
const MONGU: SiteClimatology = {
  // Holben et al. 2001; "Climatology of aerosol optical properties in southern Africa"
  // (NASA NTRS record 20120016462, from Mongu and Skukuza AERONET data): AOD(500) 0.11-0.17
  // in Dec-May, 0.20-0.27 in Jun-Aug, 0.30-0.46 in Sep-Nov, higher in the north (Mongu)
  // during the burning season. Monthly values approximate.
  aod500: [0.12, 0.11, 0.11, 0.12, 0.13, 0.18, 0.26, 0.42, 0.6, 0.5, 0.25, 0.14],
  angstrom: [1.1, 1.0, 1.0, 1.2, 1.4, 1.6, 1.75, 1.85, 1.85, 1.8, 1.5, 1.2],
  precipitableWater: [3.8, 3.8, 3.5, 2.6, 1.7, 1.3, 1.2, 1.2, 1.4, 2.0, 3.0, 3.7],
  cloudyDay: [0.55, 0.55, 0.45, 0.2, 0.05, 0.03, 0.03, 0.03, 0.05, 0.12, 0.35, 0.5],
  logAodSd: 0.35,
  persistence: 0.8,
  angstromSd: 0.1,
  angstromPerLogAod: 0.15,
  // Eck et al. 2003, J. Geophys. Res. 108, 8477 (SAFARI 2000): a typical diurnal AOD range
  // of 25% in Zambia, peaking mid-afternoon with the fire counts.
  diurnalRange: 0.25,
  temperature: { mean: 23, halfRange: 5, warmestMonth: 10 },
};

/** South African lowveld: transported smoke peaking in Sep-Oct, weaker than at Mongu. */
const SKUKUZA: SiteClimatology = {
  // The southern African climatology of NASA NTRS record 20120016462, as for Mongu. Monthly
  // values approximate.
  aod500: [0.14, 0.13, 0.12, 0.11, 0.11, 0.14, 0.18, 0.24, 0.32, 0.3, 0.22, 0.15],
  angstrom: [1.2, 1.2, 1.2, 1.3, 1.4, 1.5, 1.6, 1.65, 1.7, 1.65, 1.5, 1.3],
  precipitableWater: [3.6, 3.6, 3.2, 2.6, 2.0, 1.6, 1.5, 1.6, 1.9, 2.4, 3.0, 3.4],
  cloudyDay: [0.4, 0.4, 0.35, 0.25, 0.12, 0.08, 0.07, 0.08, 0.12, 0.22, 0.3, 0.35],
  logAodSd: 0.4,
  persistence: 0.7,
  angstromSd: 0.12,
  angstromPerLogAod: 0.1,
  // Eck et al. 2003: only ~5-10% diurnal range at sites downwind of the burning.
  diurnalRange: 0.08,
  temperature: { mean: 23, halfRange: 5, warmestMonth: 1 },
};

/** East African highlands: mixed urban and smoke aerosol, lowest in the long rains. */
const NAIROBI: SiteClimatology = {
  // Zachary et al. 2018, Open Access Library J. 5, e4551 (AERONET, Kenya): annual mean AOD
  // 0.27 and alpha 1.01, higher in the dry seasons. Misiani et al. 2019, J. Geosci. Environ.
  // Prot. 7: Nairobi aerosol peaks in July and is lowest in April. Monthly shape approximate.
  aod500: [0.3, 0.3, 0.26, 0.18, 0.2, 0.28, 0.34, 0.32, 0.3, 0.26, 0.22, 0.26],
  angstrom: [1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.1, 1.1, 1.05, 1.0, 0.95, 1.0],
  precipitableWater: [1.7, 1.7, 1.9, 2.1, 2.0, 1.7, 1.5, 1.5, 1.6, 1.8, 2.0, 1.9],
  cloudyDay: [0.12, 0.1, 0.25, 0.45, 0.35, 0.18, 0.18, 0.18, 0.12, 0.22, 0.35, 0.22],
  logAodSd: 0.3,
  persistence: 0.6,
  angstromSd: 0.15,
  angstromPerLogAod: 0,
  diurnalRange: 0.1,
  temperature: { mean: 18, halfRange: 2, warmestMonth: 3 },
};

/** Climatology of every sample site, keyed by AERONET site name. */
export const SITE_CLIMATOLOGY: Readonly<Record<string, SiteClimatology>> = {
  Banizoumbou: BANIZOUMBOU,
  Dakar: DAKAR,
  IER_Cinzana: CINZANA,
  Tamanrasset_INM: TAMANRASSET,
  Ilorin: ILORIN,
  Mongu: MONGU,
  Skukuza: SKUKUZA,
  Nairobi: NAIROBI,
};

/**
 * Returns a monthly climatology at a day of the year, interpolating linearly between
 * mid-month values (wrapping December to January) so the seasonal cycle has no monthly steps.
 */
export function valueOnDay(values: MonthlyValues, dayOfYear: number, daysInYear: number): number {
  const monthPosition = ((dayOfYear - 0.5) / daysInYear) * 12 - 0.5;
  const lower = Math.floor(monthPosition);
  const fraction = monthPosition - lower;
  const before = values[(lower + 12) % 12] ?? 0;
  const after = values[(lower + 13) % 12] ?? 0;
  return before + (after - before) * fraction;
}
