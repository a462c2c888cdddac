/**
 * The prediction service: Fastify with TypeBox schemas, OpenAPI docs at /docs, Prometheus
 * metrics at /metrics, and the latest fitted model, reloaded when a new one is saved.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import { silentLogger, type Logger } from '../logger.ts';
import { ModelArtifactSchema, type ModelArtifact } from '../model/artifact.ts';
import { parseIsoDate } from '../model/iso-date.ts';
import { AccessLogController } from './access-log.ts';
import { installErrorReplies } from './error-replies.ts';
import { createHttpMetrics, type HttpMetrics } from './http-metrics.ts';
import { ModelWatcher } from './model-watcher.ts';
import { parseJsonBody } from './json-body-parser.ts';
import { registerPredictRoutes } from './predict-routes.ts';
import { HealthSchema, ISO_DATE_FORMAT } from './prediction-schemas.ts';

export interface ServerOptions {
  /** Folder of the model registry; its latest.json names the model served. */
  modelsDir: string;
  /** Logger for lifecycle and one line per request. @default silent */
  logger?: Logger;
  /** Milliseconds between checks of latest.json for a new model; 0 turns them off. @default 5000 */
  reloadIntervalMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The served model; `check('SIGHUP', true)` reloads it at once. */
    modelWatcher: ModelWatcher;
  }
}

/** Routes as `METHOD /path`, for the not-found and method-not-allowed replies. */
export const ROUTES = [
  'POST /predict',
  'POST /predict/batch',
  'GET /health',
  'GET /model',
  'GET /metrics',
  'GET /docs',
];

/**
 * Builds the server with the latest model of `modelsDir` loaded; rejects with NotFoundError
 * AOD_MODEL_NOT_FOUND when there is none. The caller listens and closes.
 */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger ?? silentLogger;
  const watcher = await ModelWatcher.start({
    modelsDir: options.modelsDir,
    logger: options.logger ?? silentLogger,
    intervalMs: options.reloadIntervalMs,
  });
  const artifact = watcher.current;
  logger.info({ modelVersion: artifact.modelVersion }, 'model loaded');

  const app = Fastify({
    loggerInstance: logger,
    logController: new AccessLogController(),
    ajv: {
      customOptions: {
        // Every bad field is reported (allErrors); the schemas bound every string and array,
        // which keeps the cost of collecting all errors bounded. No type coercion, so "2.1"
        // is rejected as a string, and unknown fields are rejected, not silently dropped.
        allErrors: true,
        coerceTypes: false,
        removeAdditional: false,
        verbose: true,
        formats: { [ISO_DATE_FORMAT]: (text: string) => parseIsoDate(text) !== undefined },
      },
    },
  });
  app.decorate('modelWatcher', watcher);
  app.addHook('onClose', async () => watcher.stop());
  const metrics = createHttpMetrics();
  const startedAt = Date.now();

  // JSON only: other media types get 415 instead of reaching the schema as a string.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  installErrorReplies(app, ROUTES);
  recordRequestMetrics(app, metrics);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'aodflow prediction API',
        description: 'Aerosol optical depth at 550 nm for AERONET sites, from a linear model.',
        // The model version at start; GET /health returns the one served now.
        version: artifact.modelVersion,
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const model = (): ModelArtifact => watcher.current;
  registerPredictRoutes(app, model, metrics);
  registerInfoRoutes(app, model, metrics, startedAt);
  return app;
}

function recordRequestMetrics(app: FastifyInstance, metrics: HttpMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
  });
}

function registerInfoRoutes(
  app: FastifyInstance,
  model: () => ModelArtifact,
  metrics: HttpMetrics,
  startedAt: number,
): void {
  app.get(
    '/health',
    {
      schema: { summary: 'Liveness and the model version served', response: { 200: HealthSchema } },
    },
    async () => ({
      status: 'ok' as const,
      model_version: model().modelVersion,
      uptime_seconds: (Date.now() - startedAt) / 1000,
    }),
  );

  app.get(
    '/model',
    {
      schema: {
        summary: 'The model artifact: coefficients, diagnostics, metrics, data lineage',
        response: { 200: ModelArtifactSchema },
      },
    },
    async () => model(),
  );

  app.get('/metrics', { schema: { summary: 'Prometheus metrics' } }, async (_, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
