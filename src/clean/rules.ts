/**
 * Limits of the cleaning rules, with their reasons. Each rule is counted in the cleaning
 * summary and every row it removes goes to quarantine with the rule's reason.
 */

/**
 * Lowest AOD kept. AERONET's stated AOD uncertainty is about 0.01-0.02 (Holben et al. 1998,
 * Remote Sens. Environ. 66; Eck et al. 1999, J. Geophys. Res. 104), so small negative values are
 * real measurements of a very clean sky and are kept; anything below is impossible.
 */
export const MIN_AOD = -0.02;

/**
 * Highest AOD accepted. Direct-sun photometry loses the solar disk far below this optical depth;
 * the heaviest Saharan dust and smoke events in AERONET records stay under about 6.
 */
export const MAX_AOD = 10;

/** Precipitable water range in cm; the wettest tropical columns hold about 7 cm. */
export const PRECIPITABLE_WATER_RANGE = [0, 10] as const;

/**
 * Angstrom exponent range. Coarse dust gives about 0 (slightly negative at times), fine smoke
 * about 2 to 2.5; values outside -1..5 come from noise at near-zero AOD, not from aerosol.
 */
export const ANGSTROM_RANGE = [-1, 5] as const;

export const LATITUDE_RANGE = [-90, 90] as const;
export const LONGITUDE_RANGE = [-180, 180] as const;
