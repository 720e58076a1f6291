/**
 * A compact, wire-safe summary of a programming-latency histogram
 * (programming-latency.ts): what a component reports to the allocator
 * (Watch.ReportProgrammingLatency) so the map can show it, and the
 * allocator's reading of it. Buckets are cumulative, as in /metrics.
 */
import type { Histogram } from '../metrics';
import { invalid, type FieldError } from '../errors';

export interface ProgrammingSummary {
  /** Changes observed. */
  count: number;
  /** Their total latency, seconds. */
  sum: number;
  /** Cumulative counts per upper bound (seconds; the last is +Inf, written as null in JSON). */
  buckets: Array<{ le: number | null; count: number }>;
}

export const PROGRAMMING_COMPONENTS = ['dns', 'lb', 'agent-policy'] as const;
export type ProgrammingComponent = (typeof PROGRAMMING_COMPONENTS)[number];

const MAX_BUCKETS = 64;

/** The summary of an (unlabelled) histogram, read as /metrics would. */
export async function summarize(h: Histogram): Promise<ProgrammingSummary> {
  const { values } = await h.get();
  const out: ProgrammingSummary = { count: 0, sum: 0, buckets: [] };
  for (const v of values) {
    if (v.metricName?.endsWith('_count')) out.count = v.value;
    else if (v.metricName?.endsWith('_sum')) out.sum = v.value;
    else if (v.metricName?.endsWith('_bucket')) {
      const le = v.labels.le;
      out.buckets.push({ le: le === '+Inf' || le === undefined ? null : Number(le), count: v.value });
    }
  }
  return out;
}

const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** A summary as a reporter sent it (JSON text), checked field by field; 422 naming the field. */
export function parseSummary(text: string): ProgrammingSummary {
  let o: Partial<ProgrammingSummary>;
  try {
    o = JSON.parse(text) as Partial<ProgrammingSummary>;
  } catch {
    throw invalid([{ path: '/summaryJson', errors: ['not valid JSON'] }], 'summary_json: not valid JSON');
  }
  const errs: FieldError[] = [];
  if (!count(o?.count)) errs.push({ path: '/summaryJson/count', errors: ['must be a non-negative integer'] });
  if (typeof o?.sum !== 'number' || !(o.sum >= 0) || !Number.isFinite(o.sum)) errs.push({ path: '/summaryJson/sum', errors: ['must be a non-negative number'] });
  const buckets = o?.buckets;
  if (!Array.isArray(buckets) || buckets.length > MAX_BUCKETS) errs.push({ path: '/summaryJson/buckets', errors: [`must be a list of at most ${MAX_BUCKETS} {le, count}`] });
  else {
    let prev = -Infinity;
    buckets.forEach((b, i) => {
      const le = (b as { le?: unknown })?.le;
      const ok = (le === null && i === buckets.length - 1) || (typeof le === 'number' && Number.isFinite(le) && le > prev);
      if (!ok || !count((b as { count?: unknown })?.count)) errs.push({ path: `/summaryJson/buckets/${i}`, errors: ['must be {le, count}: le increasing (null, +Inf, last only), count a non-negative integer'] });
      if (typeof le === 'number') prev = le;
    });
  }
  if (errs.length > 0) throw invalid(errs, errs.map((e) => `${e.path}: ${e.errors[0]}`).join('; '));
  return { count: o.count!, sum: o.sum!, buckets: buckets!.map((b) => ({ le: b.le, count: b.count })) };
}

/**
 * The q-quantile (0..1) estimated from cumulative buckets as Prometheus'
 * histogram_quantile does: linear inside the bucket that holds it; a
 * quantile in the +Inf bucket is the highest finite bound. Undefined when
 * nothing was observed.
 */
export function quantile(s: ProgrammingSummary, q: number): number | undefined {
  if (s.count === 0 || s.buckets.length === 0) return undefined;
  const rank = q * s.count;
  let lower = 0;
  let below = 0;
  for (const b of s.buckets) {
    if (b.count >= rank) {
      if (b.le === null) return lower;
      const inBucket = b.count - below;
      return inBucket === 0 ? b.le : lower + ((b.le - lower) * (rank - below)) / inBucket;
    }
    if (b.le !== null) lower = b.le;
    below = b.count;
  }
  return lower;
}
