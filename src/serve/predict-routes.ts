/**
 * POST /predict and POST /predict/batch: AOD at 550 nm for observations, from the loaded
 * model artifact.
 */
import type { FastifyInstance } from 'fastify';

import type { ModelArtifact } from '../model/artifact.ts';
import { InvalidPredictionInput, predictOne } from '../model/predict.ts';
import type { HttpMetrics } from './http-metrics.ts';
import {
  BatchRequestSchema,
  BatchResponseSchema,
  ErrorSchema,
  ObservationSchema,
  PredictionSchema,
  type BatchRequest,
  type Observation,
  type PredictionBody,
} from './prediction-schemas.ts';

/** Request bodies of a full batch (10,000 observations) stay well under this size. */
const BATCH_BODY_LIMIT = 8 << 20;

export function registerPredictRoutes(
  app: FastifyInstance,
  model: () => ModelArtifact,
  metrics: HttpMetrics,
): void {
  app.post(
    '/predict',
    {
      schema: {
        summary: 'Predict the AOD of one observation',
        tags: ['prediction'],
        body: ObservationSchema,
        response: { 200: PredictionSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const prediction = predictObservation(model(), request.body as Observation);
      countPredictions(metrics, [prediction]);
      return prediction;
    },
  );

  app.post(
    '/predict/batch',
    {
      bodyLimit: BATCH_BODY_LIMIT,
      schema: {
        summary: 'Predict the AOD of up to 10,000 observations',
        tags: ['prediction'],
        body: BatchRequestSchema,
        response: { 200: BatchResponseSchema, 400: ErrorSchema },
      },
    },
    async (request) => {
      const artifact = model();
      const { observations } = request.body as BatchRequest;
      const predictions = observations.map((observation, i) => {
        try {
          return predictObservation(artifact, observation);
        } catch (error) {
          if (!(error instanceof InvalidPredictionInput)) throw error;
          throw new InvalidPredictionInput(`observations[${i}].${error.field}`, error.detail);
        }
      });
      countPredictions(metrics, predictions);
      return { model_version: artifact.modelVersion, predictions };
    },
  );
}

function predictObservation(artifact: ModelArtifact, observation: Observation): PredictionBody {
  const prediction = predictOne(artifact, observation);
  return {
    site: observation.site,
    date: prediction.date,
    wavelength_nm: prediction.wavelengthNm,
    aod: prediction.aod,
    log_aod: prediction.logAod,
    known_site: prediction.knownSite,
    season_covered: prediction.seasonCovered,
    model_version: prediction.modelVersion,
  };
}

function countPredictions(metrics: HttpMetrics, predictions: PredictionBody[]): void {
  metrics.predictions.inc(predictions.length);
  const unknown = predictions.filter((prediction) => !prediction.known_site).length;
  if (unknown > 0) metrics.unknownSites.inc(unknown);
}
