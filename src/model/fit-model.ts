/**
 * The model stage: ordinary least squares of log(AOD at 550 nm) on the site (one-hot), the
 * season (sin and cos of the day of year), precipitable water and the 440-870 nm Angstrom
 * exponent. The model is fitted on the earliest rows and scored on the latest. It reproduces
 * the pandas/scikit-learn pipeline (OneHotEncoder(drop="first"), LinearRegression) it replaces.
 * A feature that is constant or collinear over the training rows is left out of the fit and
 * listed in the artifact's droppedFeatures, as R's lm does with aliased columns.
 */
import type { CleanTable } from '../clean/clean-table.ts';
import { BadInputError } from '../errors.ts';
import { isoTime } from '../observation.ts';
import {
  ARTIFACT_SCHEMA_VERSION,
  type DroppedFeature,
  type ModelArtifact,
  type SiteCoordinates,
} from './artifact.ts';
import type { DroppedColumn } from './column-selection.ts';
import { fingerprintRows } from './fingerprint.ts';
import { fitLeastSquares, type LeastSquaresFit } from './least-squares.ts';
import {
  buildModelRows,
  forEachRowBlock,
  COORDINATE_FEATURES,
  FEATURE_KINDS,
  type CoordinateFeature,
  type ModelRows,
  type NumericFeature,
} from './model-rows.ts';
import type { Design } from './normal-equations.ts';
import { olsDiagnostics } from './ols-diagnostics.ts';
import { regressionScores } from './regression-metrics.ts';
import {
  fitSiteEncoder,
  NO_COLUMN,
  siteColumnsOf,
  siteFeatureName,
  type SiteEncoder,
} from './site-encoder.ts';
import { DEFAULT_TEST_FRACTION, trainingRowCount } from './time-split.ts';

export interface FitOptions {
  /** Fraction of the rows, the latest ones, held out for testing. @default 0.2 */
  testFraction?: number;
  /** Version of the stored data, recorded in the artifact. */
  dataVersion?: string;
  /** Time of the fit, part of the model version. @default now */
  createdAt?: Date;
}

export interface ModelFit {
  artifact: ModelArtifact;
  /** Row counts from the clean table to the training and test parts. */
  rows: {
    input: number;
    targetMissing: number;
    missingValue: number;
    train: number;
    test: number;
  };
}

/** Fits the model on `table` (rows in time order); throws BadInputError when it cannot. */
export function fitModel(table: CleanTable, options: FitOptions = {}): ModelFit {
  const testFraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new BadInputError(
      'AOD_CONFIG_INVALID',
      `testFraction: expected a number from 0 (inclusive) to 1 (exclusive), got ${testFraction}`,
    );
  }

  const rows = buildModelRows(table);
  const train = trainingRowCount(rows.length, testFraction);
  const encoder = fitSiteEncoder(sitesOf(table, rows, 0, train));
  const numericNames: string[] = rows.numericFeatures;
  const featureNames = [...encoder.categories.slice(1).map(siteFeatureName), ...numericNames];
  checkRowCount(rows, train, featureNames.length, testFraction);

  const siteColumns = siteColumnsOf(encoder, table.siteNames);
  const fit = fitLeastSquares(designOf(rows, siteColumns, encoder, train), featureNames);
  checkSomethingFitted(fit, featureNames, train);
  const fittedNames = fit.columns.map((column) => featureNames[column]!);
  const slopes = slopesOf(fit, featureNames.length);
  const predicted = predictRows(rows, siteColumns, fit.intercept, slopes, train);
  const scores = regressionScores(rows.y.subarray(train), predicted);

  const createdAt = options.createdAt ?? new Date();
  const fingerprint = fingerprintRows(rows, train, table.siteNames, encoder.categories);
  const artifact: ModelArtifact = {
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    modelVersion: modelVersionOf(createdAt, fingerprint),
    createdAt: createdAt.toISOString(),
    target: rows.target,
    wavelengthNm: rows.wavelengthNm,
    features: featureList(encoder, rows).filter((feature) => fittedNames.includes(feature.name)),
    droppedFeatures: fit.dropped.map((dropped) => droppedFeatureOf(dropped, featureNames)),
    encoder: { column: 'site', categories: encoder.categories, dropped: encoder.categories[0]! },
    intercept: fit.intercept,
    coefficients: Object.fromEntries(fittedNames.map((name, i) => [name, fit.coefficients[i]!])),
    diagnostics: olsDiagnostics(fit, train, fittedNames),
    metrics: { ...scores, rowsTrain: train, rowsTest: rows.length - train },
    data: {
      fingerprint,
      rows: rows.length,
      sites: sitesOf(table, rows, 0, rows.length).length,
      from: isoTime(table.time[rows.tableRow[0]!]!),
      to: isoTime(table.time[rows.tableRow[rows.length - 1]!]!),
      ...(options.dataVersion === undefined ? {} : { dataVersion: options.dataVersion }),
    },
  };
  if (rows.numericFeatures.some((name) => isCoordinate(name) && fittedNames.includes(name))) {
    artifact.siteCoordinates = firstCoordinates(table, encoder);
  }

  return {
    artifact,
    rows: {
      input: table.length,
      targetMissing: rows.targetMissing,
      missingValue: rows.missingValue,
      train,
      test: rows.length - train,
    },
  };
}

/** Returns the model version `aod-ols-<yyyymmddThhmmssZ>-<first 8 hex digits of the fingerprint>`. */
export function modelVersionOf(createdAt: Date, fingerprint: string): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `aod-ols-${stamp}-${fingerprint.slice(0, 8)}`;
}

/** Lists the site columns, then the numeric features, in design-matrix order. */
function featureList(encoder: SiteEncoder, rows: ModelRows): ModelArtifact['features'] {
  return [
    ...encoder.categories.slice(1).map((site) => ({
      name: siteFeatureName(site),
      kind: 'one_hot' as const,
    })),
    ...rows.numericFeatures.map((name) => ({ name, kind: FEATURE_KINDS[name] })),
  ];
}

/** Throws when every feature was left out: the intercept alone would predict one value. */
function checkSomethingFitted(fit: LeastSquaresFit, featureNames: string[], train: number): void {
  if (fit.columns.length > 0 || featureNames.length === 0) return;

  // Site columns are never constant, so this happens with one training site only.
  throw new BadInputError(
    'AOD_MODEL_SINGULAR',
    `no feature left to fit: ${featureNames.join(', ')} are constant over the ${train} training rows, which come from one site; add observations from other days or sites`,
  );
}

/** Returns one slope per design column, 0 for a dropped column. */
function slopesOf(fit: LeastSquaresFit, columns: number): Float64Array {
  const slopes = new Float64Array(columns);
  fit.columns.forEach((column, i) => (slopes[column] = fit.coefficients[i]!));
  return slopes;
}

function droppedFeatureOf(dropped: DroppedColumn, featureNames: string[]): DroppedFeature {
  const { column, reason, collinearWith, conditionNumber } = dropped;
  return {
    feature: featureNames[column]!,
    reason,
    collinearWith: collinearWith.map((other) => featureNames[other]!),
    conditionNumber: Number.isFinite(conditionNumber) ? conditionNumber : null,
  };
}

function checkRowCount(
  rows: ModelRows,
  train: number,
  features: number,
  testFraction: number,
): void {
  if (rows.length === 0) {
    throw new BadInputError(
      'AOD_NO_ROWS',
      `no rows to model: ${rows.targetMissing} rows lack ${rows.target === 'log_aod_550' ? 'a positive AOD at 550 nm' : 'an AOD at 500 nm'} and ${rows.missingValue} lack a feature (${rows.numericFeatures.join(', ')})`,
    );
  }
  if (train <= features + 1) {
    throw new BadInputError(
      'AOD_NO_ROWS',
      `too few training rows: expected more than ${features + 1} (one per coefficient and the intercept), got ${train} of ${rows.length} rows modelled; add observations, because the training part is the earliest ${percent(1 - testFraction)} of the rows modelled`,
    );
  }
}

function percent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(6))} %`;
}

/** Distinct site names of rows `from` to `to` (exclusive). */
function sitesOf(table: CleanTable, rows: ModelRows, from: number, to: number): string[] {
  const seen = new Uint8Array(table.siteNames.length);
  for (let i = from; i < to; i++) seen[table.site[rows.tableRow[i]!]!] = 1;
  return table.siteNames.filter((_, site) => seen[site] === 1);
}

function designOf(
  rows: ModelRows,
  siteColumns: Int32Array,
  encoder: SiteEncoder,
  train: number,
): Design {
  const siteColumn = new Int32Array(train);
  for (let i = 0; i < train; i++) siteColumn[i] = siteColumns[rows.table.site[rows.tableRow[i]!]!]!;
  return {
    rows: train,
    siteColumns: encoder.categories.length - 1,
    siteColumn,
    numericColumns: rows.numericFeatures.length,
    forEachBlock: (visit) =>
      forEachRowBlock(rows, 0, train, (block) =>
        visit(block.from, block.to, block.numeric, block.y),
      ),
  };
}

/**
 * Predictions for rows `from` onwards, from one slope per design column. Unknown sites get the
 * baseline's (zero) offset.
 */
function predictRows(
  rows: ModelRows,
  siteColumns: Int32Array,
  intercept: number,
  slopes: Float64Array,
  from: number,
): Float64Array {
  const width = rows.numericFeatures.length;
  const siteCount = slopes.length - width;
  const predicted = new Float64Array(rows.length - from);
  forEachRowBlock(rows, from, rows.length, (block) => {
    for (let i = block.from; i < block.to; i++) {
      const column = siteColumns[rows.table.site[rows.tableRow[i]!]!]!;
      let value = intercept + (column === NO_COLUMN ? 0 : slopes[column]!);
      const offset = (i - block.from) * width;
      for (let j = 0; j < width; j++) value += slopes[siteCount + j]! * block.numeric[offset + j]!;
      predicted[i - from] = value;
    }
  });
  return predicted;
}

function isCoordinate(name: NumericFeature): name is CoordinateFeature {
  return (COORDINATE_FEATURES as readonly string[]).includes(name);
}

/** First non-missing coordinates of each training site, the defaults of predictOne. */
function firstCoordinates(
  table: CleanTable,
  encoder: SiteEncoder,
): Record<string, SiteCoordinates> {
  const known = new Set(encoder.categories);
  const found: Record<string, SiteCoordinates> = {};
  for (const site of encoder.categories) {
    found[site] = { latitude: null, longitude: null, elevation: null };
  }
  for (let i = 0; i < table.length; i++) {
    const site = table.siteNames[table.site[i]!]!;
    if (!known.has(site)) continue;

    const entry = found[site]!;
    if (entry.latitude === null && !Number.isNaN(table.latitude[i]!))
      entry.latitude = table.latitude[i]!;
    if (entry.longitude === null && !Number.isNaN(table.longitude[i]!))
      entry.longitude = table.longitude[i]!;
    if (entry.elevation === null && !Number.isNaN(table.elevation[i]!))
      entry.elevation = table.elevation[i]!;
  }
  return found;
}
