/**
 * GET /metrics: Prometheus text, or Marathon's JSON form (Dropwizard's
 * metrics servlet: version, gauges, counters, histograms, meters, timers)
 * when the client asks for JSON (Accept: application/json), as Marathon's
 * /metrics answers. Series with labels are keyed `name{label="v",...}`.
 */
import type { FastifyInstance } from 'fastify';
import type { Registry } from '../../../lib/metrics';

type Json = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;
type Value = Json[number]['values'][number];

/** Labels left out of JSON keys: `le` (bucket bounds) and the registry's default `service` label, the same on every series. */
const HIDDEN_LABELS = new Set(['le', 'service']);

function keyOf(name: string, labels: Record<string, unknown> = {}): string {
  const l = Object.entries(labels).filter(([k]) => !HIDDEN_LABELS.has(k));
  return l.length === 0 ? name : `${name}{${l.map(([k, v]) => `${k}="${String(v)}"`).join(',')}}`;
}

/** Dropwizard histogram fields from Prometheus buckets (quantiles: the upper bound of the bucket reaching them). */
function histogram(values: Value[]): Record<string, Record<string, number>> {
  const series = new Map<string, { buckets: Array<[number, number]>; count: number; sum: number }>();
  for (const v of values) {
    const name = (v as { metricName?: string }).metricName ?? '';
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const key = keyOf(base, v.labels as Record<string, unknown>);
    const s = series.get(key) ?? { buckets: [], count: 0, sum: 0 };
    if (name.endsWith('_bucket')) s.buckets.push([Number(v.labels.le), v.value]);
    else if (name.endsWith('_sum')) s.sum = v.value;
    else if (name.endsWith('_count')) s.count = v.value;
    series.set(key, s);
  }
  const out: Record<string, Record<string, number>> = {};
  for (const [key, s] of series) {
    const q = (p: number) => {
      const b = s.buckets.find(([, c]) => c >= p * s.count);
      return b && Number.isFinite(b[0]) ? b[0] : s.buckets.filter(([le]) => Number.isFinite(le)).at(-1)?.[0] ?? 0;
    };
    out[key] = { count: s.count, mean: s.count ? s.sum / s.count : 0, p50: q(0.5), p75: q(0.75), p95: q(0.95), p98: q(0.98), p99: q(0.99), p999: q(0.999) };
  }
  return out;
}

export async function metricsJson(registry: Registry): Promise<Record<string, unknown>> {
  const gauges: Record<string, { value: number }> = {};
  const counters: Record<string, { count: number }> = {};
  let histograms: Record<string, Record<string, number>> = {};
  for (const m of await registry.getMetricsAsJSON()) {
    const type = String(m.type);
    if (type === 'counter') for (const v of m.values) counters[keyOf(m.name, v.labels as Record<string, unknown>)] = { count: v.value };
    else if (type === 'gauge') for (const v of m.values) gauges[keyOf(m.name, v.labels as Record<string, unknown>)] = { value: v.value };
    else if (type === 'histogram') histograms = { ...histograms, ...histogram(m.values) };
  }
  return { version: '4.0.0', gauges, counters, histograms, meters: {}, timers: {} };
}

export function metricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', async (req, reply) => {
    if (/application\/json/i.test(req.headers.accept ?? '')) return metricsJson(registry);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
