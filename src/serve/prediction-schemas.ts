/**
 * Request and response schemas of the prediction API (TypeBox, so JSON Schema for Fastify's
 * validator and the OpenAPI document, and static types for the handlers).
 */
import { Type, type Static } from '@sinclair/typebox';

/** Ajv format name of an ISO 8601 date or date-time, checked by parseIsoDate. */
export const ISO_DATE_FORMAT = 'iso-date-or-date-time';

export const MAX_BATCH = 10_000;

/** Valid ranges of the numeric inputs, also quoted in error messages. */
export const RANGES = {
  precipitable_water: { minimum: 0, maximum: 10, unit: 'cm' },
  angstrom_440_870: { minimum: -1, maximum: 5, unit: '' },
  latitude: { minimum: -90, maximum: 90, unit: 'degrees north' },
  longitude: { minimum: -180, maximum: 180, unit: 'degrees east' },
  elevation: { minimum: -500, maximum: 9000, unit: 'm' },
} as const;

const ranged = (name: keyof typeof RANGES, description: string) => {
  const { minimum, maximum } = RANGES[name];
  return Type.Number({ minimum, maximum, description });
};

export const ObservationSchema = Type.Object(
  {
    site: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'AERONET site name; a site the model was not fitted on gets the baseline',
      examples: ['Banizoumbou'],
    }),
    date: Type.String({
      format: ISO_DATE_FORMAT,
      description:
        'ISO 8601 date (2019-03-15) or date-time (2019-03-15T10:30:00Z); UTC unless an offset is given',
      examples: ['2019-03-15T10:30:00Z'],
    }),
    precipitable_water: ranged('precipitable_water', 'precipitable water, cm, 0 to 10'),
    angstrom_440_870: ranged('angstrom_440_870', '440-870 nm Angstrom exponent, -1 to 5'),
    latitude: Type.Optional(ranged('latitude', 'degrees north; used only by models with latitude')),
    longitude: Type.Optional(
      ranged('longitude', 'degrees east; used only by models with longitude'),
    ),
    elevation: Type.Optional(
      ranged('elevation', 'm above sea level; used only by models with elevation'),
    ),
  },
  { additionalProperties: false },
);

export const PredictionSchema = Type.Object({
  site: Type.String(),
  date: Type.String({ description: 'the observation time, ISO 8601 UTC' }),
  wavelength_nm: Type.Integer({ description: '550, or 500 for a model of AOD at 500 nm' }),
  aod: Type.Number({ description: 'predicted aerosol optical depth' }),
  log_aod: Type.Union([Type.Number(), Type.Null()], { description: 'natural log of aod' }),
  known_site: Type.Boolean({ description: 'false when the site was not in the training rows' }),
  season_covered: Type.Boolean({
    description:
      "false when the date's day of the year lies outside those the modelled rows span, so " +
      'the seasonal features are extrapolated (see data.from and data.to of GET /model)',
  }),
  model_version: Type.String(),
});

export const BatchRequestSchema = Type.Object(
  {
    observations: Type.Array(ObservationSchema, { minItems: 1, maxItems: MAX_BATCH }),
  },
  { additionalProperties: false },
);

export const BatchResponseSchema = Type.Object({
  model_version: Type.String(),
  predictions: Type.Array(PredictionSchema),
});

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'an aodflow error code, such as AOD_REQUEST_INVALID' }),
    message: Type.String(),
    fields: Type.Array(
      Type.Object({
        field: Type.String({
          description: 'path of the field: precipitable_water, observations[3].date',
        }),
        message: Type.String({ description: 'what is wrong with it' }),
      }),
    ),
  }),
});

export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  model_version: Type.String(),
  uptime_seconds: Type.Number(),
});

export type Observation = Static<typeof ObservationSchema>;
export type PredictionBody = Static<typeof PredictionSchema>;
export type BatchRequest = Static<typeof BatchRequestSchema>;
export type ErrorBody = Static<typeof ErrorSchema>;
export type FieldError = ErrorBody['error']['fields'][number];
