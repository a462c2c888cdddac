/**
 * Predictions from a model artifact: the fitted linear form evaluated on one observation.
 * An artifact is compiled once (coefficient lookups by site and feature) and cached.
 */
import { BadInputError } from '../errors.ts';
import type { ModelArtifact } from './artifact.ts';
import { dayOfYearUtc, seasonalAngle } from './day-of-year.ts';
import { parseIsoDate } from './iso-date.ts';
import { COORDINATE_FEATURES, type CoordinateFeature } from './model-rows.ts';
import { siteFeatureName } from './site-encoder.ts';

/** Seconds in 365 days: rows spanning at least this long cover every day of the year. */
const SECONDS_PER_YEAR = 365 * 86_400;

export interface PredictionInput {
  site: string;
  /** ISO 8601 date or date-time (UTC when no offset is given), or a Date. */
  date: string | Date;
  /** Precipitable water, cm. */
  precipitable_water: number;
  angstrom_440_870: number;
  /** Degrees north; needed only when the model uses it and the site is unknown. */
  latitude?: number;
  /** Degrees east. */
  longitude?: number;
  /** Metres above sea level. */
  elevation?: number;
}

export interface Prediction {
  /** The observation time, ISO 8601 UTC. */
  date: string;
  /** AOD at `wavelengthNm`. */
  aod: number;
  /** ln(aod); null when the target is aod_500 and the prediction is not positive. */
  logAod: number | null;
  /** False when the site was not among the training sites (baseline offset used). */
  knownSite: boolean;
  /**
   * False when the date's day of the year lies outside those the modelled rows span, so the
   * seasonal features are extrapolated. Only rows spanning less than a year leave days out.
   */
  seasonCovered: boolean;
  modelVersion: string;
  wavelengthNm: 550 | 500;
}

interface CompiledModel {
  artifact: ModelArtifact;
  /** Coefficient of each training site; the baseline's is 0. */
  siteOffsets: Map<string, number>;
  doySin: number;
  doyCos: number;
  precipitableWater: number;
  angstrom: number;
  coordinates: Array<{ name: CoordinateFeature; coefficient: number }>;
}

const compiled = new WeakMap<ModelArtifact, CompiledModel>();

/** An invalid prediction input, with the field it concerns. */
export class InvalidPredictionInput extends BadInputError {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super('AOD_REQUEST_INVALID', `${field}: ${detail}`);
  }
}

/** Predicts the AOD of one observation; throws InvalidPredictionInput on bad input. */
export function predictOne(artifact: ModelArtifact, input: PredictionInput): Prediction {
  const model = compiledModel(artifact);
  const time = observationTime(input.date);
  checkFinite('precipitable_water', input.precipitable_water);
  checkFinite('angstrom_440_870', input.angstrom_440_870);

  const offset = model.siteOffsets.get(input.site);
  const angle = seasonalAngle(dayOfYearUtc(time.getTime() / 1000));
  let value = artifact.intercept + (offset ?? 0);
  value += model.doySin * Math.sin(angle) + model.doyCos * Math.cos(angle);
  value += model.precipitableWater * input.precipitable_water;
  value += model.angstrom * input.angstrom_440_870;
  for (const { name, coefficient } of model.coordinates) {
    value += coefficient * coordinateOf(artifact, input, name);
  }

  const logTarget = artifact.target === 'log_aod_550';
  const aod = logTarget ? Math.exp(value) : value;
  let logAod: number | null = value;
  if (!logTarget) logAod = aod > 0 ? Math.log(aod) : null;
  return {
    date: time.toISOString(),
    aod,
    logAod,
    knownSite: offset !== undefined,
    seasonCovered: seasonCovered(artifact, time.getTime() / 1000),
    modelVersion: artifact.modelVersion,
    wavelengthNm: artifact.wavelengthNm,
  };
}

/**
 * Returns true when the UTC day of the year of `seconds` lies within the days of the year from
 * the first to the last modelled row, which wrap past 31 December when the rows do.
 */
export function seasonCovered(artifact: ModelArtifact, seconds: number): boolean {
  if (spansWholeYear(artifact.data.from, artifact.data.to)) return true;

  const from = Date.parse(artifact.data.from) / 1000;
  const to = Date.parse(artifact.data.to) / 1000;
  const first = dayOfYearUtc(from);
  const last = dayOfYearUtc(to);
  const day = dayOfYearUtc(seconds);
  if (first <= last) return day >= first && day <= last;
  return day >= first || day <= last;
}

/**
 * Returns false when the ISO 8601 times `from` to `to` span less than 365 days, so some days
 * of the year lie outside them. Unreadable times count as a whole year, since nothing is known.
 */
export function spansWholeYear(from: string, to: string): boolean {
  return !((Date.parse(to) - Date.parse(from)) / 1000 < SECONDS_PER_YEAR);
}

function compiledModel(artifact: ModelArtifact): CompiledModel {
  const cached = compiled.get(artifact);
  if (cached !== undefined) return cached;

  // A feature the fit left out (droppedFeatures) has no coefficient, so its input is ignored.
  // It is not in `features` either, so a dropped coordinate is never required.
  const coefficient = (name: string) => artifact.coefficients[name] ?? 0;
  const siteOffsets = new Map(
    artifact.encoder.categories.map((site) => [site, coefficient(siteFeatureName(site))]),
  );
  siteOffsets.set(artifact.encoder.dropped, 0);
  const used = new Set(artifact.features.map((feature) => feature.name));
  const model: CompiledModel = {
    artifact,
    siteOffsets,
    doySin: coefficient('doy_sin'),
    doyCos: coefficient('doy_cos'),
    precipitableWater: coefficient('precipitable_water'),
    angstrom: coefficient('angstrom_440_870'),
    coordinates: COORDINATE_FEATURES.filter((name) => used.has(name)).map((name) => ({
      name,
      coefficient: coefficient(name),
    })),
  };
  compiled.set(artifact, model);
  return model;
}

function observationTime(date: string | Date): Date {
  const time = typeof date === 'string' ? parseIsoDate(date) : date;
  if (time instanceof Date && !Number.isNaN(time.getTime())) return time;

  throw new InvalidPredictionInput(
    'date',
    `expected an ISO 8601 date or date-time such as 2019-03-15T10:30:00Z, got ${JSON.stringify(String(date))}`,
  );
}

function checkFinite(field: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) return;

  throw new InvalidPredictionInput(
    field,
    `expected a finite number, got ${typeof value === 'number' ? value : typeof value}`,
  );
}

/**
 * Returns the coordinate from the input, else the training site's first known one (AERONET
 * sites have one position each).
 */
function coordinateOf(
  artifact: ModelArtifact,
  input: PredictionInput,
  name: CoordinateFeature,
): number {
  const fromInput = input[name];
  if (fromInput !== undefined) {
    checkFinite(name, fromInput);
    return fromInput;
  }

  const stored = artifact.siteCoordinates?.[input.site]?.[name];
  if (stored !== undefined && stored !== null) return stored;

  throw new InvalidPredictionInput(
    name,
    `required, because the model uses it and site ${JSON.stringify(input.site)} has no ${name} on record`,
  );
}
