/**
 * Simulates the Level 2.0 All Points observations of one site over a span of days.
 */
import { buildObservation, type DayState } from './build-observation.ts';
import { instrumentOnDay, planInstruments } from './instrument-plan.ts';
import type { SampleObservation } from './sample-observation.ts';
import type { SampleSite } from './sample-sites.ts';
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random.ts';
import { valueOnDay, type SiteClimatology } from './site-climatology.ts';
import { opticalAirMass, solarZenithAngle } from './solar-geometry.ts';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** Nominal spacing of direct-sun measurements, in minutes. */
const SLOT_MINUTES = 15;
/** Points with the sun lower than this (zenith angle in degrees) are left out. */
const MAX_ZENITH_DEGREES = 75;
/** Lag-one autocorrelation of the daily Angstrom and water-vapour anomalies. */
const ANGSTROM_PERSISTENCE = 0.5;
const WATER_PERSISTENCE = 0.6;
const LOG_WATER_SD = 0.15;

/**
 * Returns the observations of `site` from `firstDayMs` to `lastDayMs` (UTC midnights, both
 * included), in time order. The site's stream of random numbers is derived from `seed` and the
 * site name, so one site's data do not depend on which other sites are generated.
 */
export function simulateSite(
  site: SampleSite,
  climatology: SiteClimatology,
  firstDayMs: number,
  lastDayMs: number,
  seed: number,
): SampleObservation[] {
  const random = createSeededRandom(deriveSeed(seed, site.name));
  const plan = planInstruments(random, firstDayMs, lastDayMs);
  const observations: SampleObservation[] = [];

  // Daily anomalies follow AR(1) processes started in their stationary distribution.
  let logAodAnomaly = climatology.logAodSd * random.normal();
  let angstromAnomaly = climatology.angstromSd * random.normal();
  let logWaterAnomaly = LOG_WATER_SD * random.normal();

  for (let dayMs = firstDayMs; dayMs <= lastDayMs; dayMs += MS_PER_DAY) {
    logAodAnomaly = stepAr1(random, logAodAnomaly, climatology.persistence, climatology.logAodSd);
    angstromAnomaly = stepAr1(
      random,
      angstromAnomaly,
      ANGSTROM_PERSISTENCE,
      climatology.angstromSd,
    );
    logWaterAnomaly = stepAr1(random, logWaterAnomaly, WATER_PERSISTENCE, LOG_WATER_SD);
    const day = dayState(climatology, dayMs, logAodAnomaly, angstromAnomaly, logWaterAnomaly);
    const cloudyDayOdds = valueOnDay(climatology.cloudyDay, day.dayOfYear, day.daysInYear);
    const overcast = random.uniform() < cloudyDayOdds;

    const instrument = instrumentOnDay(plan, dayMs);
    if (instrument === undefined || overcast) continue;

    // NOTE: 5-50% of a day's slots survive, fewer in wet months. Real cloud screening removes
    // only 20-50% of points (Smirnov et al. 2000), so this thins the data to keep the default
    // sample near 45,000 rows, which a whole pipeline run reads in seconds.
    const clearFraction = (0.05 + 0.45 * random.uniform()) * (1 - 0.5 * cloudyDayOdds);
    for (const timeMs of clearSkyTimes(random, site, dayMs, clearFraction)) {
      const zenith = solarZenithAngle(timeMs, site.latitude, site.longitude);
      const context = {
        site,
        climatology,
        instrument,
        timeMs,
        solarZenithAngle: zenith,
        opticalAirMass: opticalAirMass(zenith),
      };
      observations.push(buildObservation(random, day, context));
    }
  }
  return observations;
}

/**
 * Returns the day's state: the monthly climatology at this day, times a log-normal AOD
 * anomaly whose mean is 1, so the long-run monthly mean AOD matches the climatology.
 */
function dayState(
  climatology: SiteClimatology,
  dayMs: number,
  logAodAnomaly: number,
  angstromAnomaly: number,
  logWaterAnomaly: number,
): DayState {
  const year = new Date(dayMs).getUTCFullYear();
  const yearStartMs = Date.UTC(year, 0, 1);
  const daysInYear = Math.round((Date.UTC(year + 1, 0, 1) - yearStartMs) / MS_PER_DAY);
  const dayOfYear = Math.round((dayMs - yearStartMs) / MS_PER_DAY) + 1;

  const meanAod = valueOnDay(climatology.aod500, dayOfYear, daysInYear);
  const meanAngstrom = valueOnDay(climatology.angstrom, dayOfYear, daysInYear);
  const meanWater = valueOnDay(climatology.precipitableWater, dayOfYear, daysInYear);
  const logAodSd = climatology.logAodSd;
  const angstrom = meanAngstrom + climatology.angstromPerLogAod * logAodAnomaly + angstromAnomaly;

  return {
    dayOfYear,
    daysInYear,
    aod500: meanAod * Math.exp(logAodAnomaly - (logAodSd * logAodSd) / 2),
    angstrom: Math.min(2.4, Math.max(-0.1, angstrom)),
    precipitableWater: meanWater * Math.exp(logWaterAnomaly - (LOG_WATER_SD * LOG_WATER_SD) / 2),
  };
}

/**
 * Returns the day's measurement times with the sun higher than `MAX_ZENITH_DEGREES` that pass
 * cloud screening. Slots are every `SLOT_MINUTES` minutes, shifted by up to 3 minutes each
 * way. Clear and cloudy spells follow a two-state Markov chain whose long-run clear share is
 * `clearFraction`, so the gaps come in runs as passing clouds make them.
 */
function clearSkyTimes(
  random: SeededRandom,
  site: SampleSite,
  dayMs: number,
  clearFraction: number,
): number[] {
  const switchRate = 0.35;
  const times: number[] = [];
  let clear = random.uniform() < clearFraction;

  for (let minute = 0; minute < 24 * 60; minute += SLOT_MINUTES) {
    const jitterSeconds = Math.round((random.uniform() - 0.5) * 360);
    const timeMs = dayMs + minute * MS_PER_MINUTE + jitterSeconds * 1000;
    const zenith = solarZenithAngle(timeMs, site.latitude, site.longitude);
    if (zenith >= MAX_ZENITH_DEGREES || timeMs < dayMs) continue;

    const flip = random.uniform();
    clear = clear ? flip >= (1 - clearFraction) * switchRate : flip < clearFraction * switchRate;
    if (clear) times.push(timeMs);
  }
  return times;
}

function stepAr1(random: SeededRandom, previous: number, persistence: number, sd: number): number {
  return persistence * previous + Math.sqrt(1 - persistence * persistence) * sd * random.normal();
}
