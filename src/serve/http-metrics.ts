/**
 * Prometheus metrics of the prediction service, in a registry of their own so that several
 * servers in one process (as in tests) do not share counters.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status_code'>;
  duration: Histogram<'method' | 'route' | 'status_code'>;
  predictions: Counter;
  unknownSites: Counter;
}

/** Creates the registry with the HTTP, prediction and default Node.js process metrics. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  return {
    registry,
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP responses sent, by method, route pattern and status code',
      labelNames,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to sending the response, in seconds',
      labelNames,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    predictions: new Counter({
      name: 'aodflow_predictions_total',
      help: 'AOD predictions made, single and batch',
      registers: [registry],
    }),
    unknownSites: new Counter({
      name: 'aodflow_unknown_site_predictions_total',
      help: 'Predictions for sites the model was not fitted on (baseline site offset used)',
      registers: [registry],
    }),
  };
}
