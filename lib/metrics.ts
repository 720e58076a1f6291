/**
 * Prometheus metrics (prom-client). Each service owns a Registry so that
 * `marina up`, which runs several services in one process, keeps their
 * series apart; `/metrics` serves `registry.metrics()` in text format.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

/** A registry for one service, with the process metrics when asked for. */
export function serviceRegistry(service: string, opts: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'marina_' });
  return registry;
}

/** Latency buckets in seconds, from 50 µs (DNS answers) to 5 s (deploys). */
export const LATENCY_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
