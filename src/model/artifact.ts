/**
 * The model artifact: everything needed to predict and to judge a fitted model, as one JSON
 * document. The TypeBox schema is checked when an artifact is saved and when it is loaded.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

import { BadInputError } from '../errors.ts';

export const ARTIFACT_SCHEMA_VERSION = 1;

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const FeatureSchema = Type.Object({
  name: Type.String({ description: 'feature name, the key of its coefficient' }),
  kind: Type.Union([Type.Literal('one_hot'), Type.Literal('numeric'), Type.Literal('derived')], {
    description: 'one_hot: a site column; numeric: a measured value; derived: computed from time',
  }),
});

export const DroppedFeatureSchema = Type.Object({
  feature: Type.String({ description: 'name of the feature, which has no coefficient' }),
  reason: Type.Union([Type.Literal('constant'), Type.Literal('collinear')], {
    description:
      'constant: the same value in every training row; collinear: nearly a linear combination ' +
      'of the intercept and the features in collinearWith',
  }),
  collinearWith: Type.Array(Type.String(), {
    description: 'fitted features of that combination; empty for a constant feature',
  }),
  conditionNumber: Nullable(
    Type.Number({
      description:
        'scaled condition number of the design had the feature been kept (limit 1e6); ' +
        'null when it is infinite',
    }),
  ),
});

export const TermSchema = Type.Object({
  name: Type.String({ description: '`intercept` or a feature name' }),
  coefficient: Type.Number(),
  stdError: Type.Number(),
  tStatistic: Nullable(Type.Number({ description: 'null when the standard error is 0' })),
  pValue: Nullable(Type.Number({ description: 'two-sided, Student t with dfResidual' })),
  ciLower: Type.Number({ description: 'lower bound of the 95 % confidence interval' }),
  ciUpper: Type.Number({ description: 'upper bound of the 95 % confidence interval' }),
});

export const DiagnosticsSchema = Type.Object({
  method: Type.Literal('ols'),
  nObservations: Type.Integer({ description: 'training rows' }),
  dfModel: Type.Integer({ description: 'coefficients besides the intercept' }),
  dfResidual: Type.Integer({ description: 'nObservations - dfModel - 1' }),
  r2: Nullable(Type.Number({ description: 'on the training rows; null for a constant target' })),
  adjustedR2: Nullable(Type.Number()),
  fStatistic: Nullable(Type.Number({ description: 'all coefficients but the intercept are 0' })),
  fPValue: Nullable(Type.Number()),
  residualStdError: Type.Number({ description: 'sqrt(residual sum of squares / dfResidual)' }),
  logLikelihood: Nullable(Type.Number({ description: 'Gaussian; null for a perfect fit' })),
  aic: Nullable(Type.Number()),
  bic: Nullable(Type.Number()),
  conditionNumber: Type.Number({
    description: 'of the centered design with unit-length columns, so independent of units',
  }),
  terms: Type.Array(TermSchema, { description: 'the intercept, then the features in order' }),
});

export const MetricsSchema = Type.Object({
  r2: Nullable(Type.Number({ description: 'on the test rows, target units' })),
  rmse: Nullable(Type.Number()),
  mae: Nullable(Type.Number()),
  rowsTrain: Type.Integer(),
  rowsTest: Type.Integer(),
});

export const DataSchema = Type.Object({
  fingerprint: Type.String({
    pattern: '^[0-9a-f]{64}$',
    description: "SHA-256 of the training rows' sites, times, feature and target values",
  }),
  rows: Type.Integer({ description: 'rows modelled (training and test)' }),
  sites: Type.Integer({ description: 'distinct sites among the rows modelled' }),
  from: Type.String({ description: 'ISO 8601 time of the first row modelled' }),
  to: Type.String({ description: 'ISO 8601 time of the last row modelled' }),
  dataVersion: Type.Optional(Type.String({ description: 'version of the stored data fitted' })),
});

export const SiteCoordinatesSchema = Type.Object({
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  elevation: Nullable(Type.Number()),
});

export const ModelArtifactSchema = Type.Object({
  schemaVersion: Type.Literal(ARTIFACT_SCHEMA_VERSION),
  modelVersion: Type.String({ pattern: '^[A-Za-z0-9._-]+$' }),
  createdAt: Type.String({ description: 'ISO 8601 UTC time of the fit' }),
  target: Type.Union([Type.Literal('log_aod_550'), Type.Literal('aod_500')], {
    description: 'log_aod_550 unless no row has a positive AOD at 550 nm',
  }),
  wavelengthNm: Type.Union([Type.Literal(550), Type.Literal(500)]),
  features: Type.Array(FeatureSchema, {
    description: 'the fitted features, in design-matrix column order',
  }),
  droppedFeatures: Type.Optional(
    Type.Array(DroppedFeatureSchema, {
      description:
        'features left out of the fit, in design-matrix column order; prediction ignores ' +
        'them. Absent from artifacts written before aodflow dropped features.',
    }),
  ),
  encoder: Type.Object({
    column: Type.Literal('site'),
    categories: Type.Array(Type.String(), {
      description: 'training sites in code-point order; the first is the baseline',
    }),
    dropped: Type.String({ description: 'the baseline site, without a column' }),
  }),
  intercept: Type.Number(),
  coefficients: Type.Record(Type.String(), Type.Number()),
  diagnostics: DiagnosticsSchema,
  metrics: MetricsSchema,
  data: DataSchema,
  siteCoordinates: Type.Optional(
    Type.Record(Type.String(), SiteCoordinatesSchema, {
      description:
        'first known position of each training site; present when coordinates are features',
    }),
  ),
});

export type FeatureKind = Static<typeof FeatureSchema>['kind'];
export type DroppedFeature = Static<typeof DroppedFeatureSchema>;
export type Term = Static<typeof TermSchema>;
export type Diagnostics = Static<typeof DiagnosticsSchema>;
export type Metrics = Static<typeof MetricsSchema>;
export type SiteCoordinates = Static<typeof SiteCoordinatesSchema>;
export type ModelArtifact = Static<typeof ModelArtifactSchema>;
export type TargetName = ModelArtifact['target'];

/** Throws BadInputError AOD_MODEL_INVALID listing the first schema violations of `value`. */
export function assertModelArtifact(
  value: unknown,
  source: string,
): asserts value is ModelArtifact {
  if (Value.Check(ModelArtifactSchema, value)) return;

  // The first error of each path, for at most five paths.
  const problems = new Map<string, string>();
  for (const error of Value.Errors(ModelArtifactSchema, value)) {
    const path = error.path || '/';
    if (!problems.has(path)) problems.set(path, `${path}: ${error.message}`);
    if (problems.size === 5) break;
  }
  throw new BadInputError(
    'AOD_MODEL_INVALID',
    `model artifact is malformed: ${[...problems.values()].join('; ')}; expected schemaVersion ${ARTIFACT_SCHEMA_VERSION} as written by \`aodflow run\``,
    { file: source },
  );
}
