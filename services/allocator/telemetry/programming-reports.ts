/**
 * The latest programming-latency summary of each component that reported
 * one (Watch.ReportProgrammingLatency), kept in this replica's memory only:
 * a display for the map and GET /v1/programming-latency, not a record (each
 * component's /metrics is). Keyed by component, host and the reporter's
 * identity, so one caller cannot overwrite another's figures. Bounded: at
 * most MAX_ENTRIES, and reports older than STALE_MS are dropped.
 */
import { invalid } from '../../../lib/errors';
import type { Identity } from '../../../lib/auth/identity';
import { PROGRAMMING_COMPONENTS, parseSummary, quantile, type ProgrammingComponent, type ProgrammingSummary } from '../../../lib/metrics/programming-summary';

const MAX_ENTRIES = 4096;
const STALE_MS = 10 * 60_000;
const HOST = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$/;

export interface ProgrammingEntry {
  component: ProgrammingComponent;
  host: string;
  /** Who reported it (a token id or certificate name; never a secret). */
  reporter: string;
  count: number;
  sumSeconds: number;
  /** Estimated from the buckets (Prometheus' histogram_quantile); absent before the first observation. */
  p50Seconds?: number;
  p99Seconds?: number;
  updatedAt: string;
}

/** The request's fields, checked; 422 naming the field. */
export function parseReport(req: { component?: string; host?: string; summaryJson?: string }): { component: ProgrammingComponent; host: string; summary: ProgrammingSummary } {
  if (!PROGRAMMING_COMPONENTS.includes(req.component as ProgrammingComponent)) throw invalid([{ path: '/component', errors: [`must be one of ${PROGRAMMING_COMPONENTS.join(', ')}`] }], `component must be one of ${PROGRAMMING_COMPONENTS.join(', ')}`);
  if (!HOST.test(req.host ?? '')) throw invalid([{ path: '/host', errors: ['must be a host name or agent id'] }], 'host must be a host name or agent id');
  return { component: req.component as ProgrammingComponent, host: req.host!, summary: parseSummary(req.summaryJson ?? '') };
}

export class ProgrammingReports {
  private readonly entries = new Map<string, { entry: Omit<ProgrammingEntry, 'p50Seconds' | 'p99Seconds'>; summary: ProgrammingSummary; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  record(who: Identity, r: { component: ProgrammingComponent; host: string; summary: ProgrammingSummary }): void {
    const key = JSON.stringify([r.component, r.host, who.name]);
    this.entries.delete(key); // re-inserted last: the oldest go first when full
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const at = this.now();
    this.entries.set(key, { entry: { component: r.component, host: r.host, reporter: who.name, count: r.summary.count, sumSeconds: r.summary.sum, updatedAt: new Date(at).toISOString() }, summary: r.summary, at });
  }

  /** Every fresh report, by component then host. */
  list(): ProgrammingEntry[] {
    const cutoff = this.now() - STALE_MS;
    const out: ProgrammingEntry[] = [];
    for (const [key, e] of this.entries) {
      if (e.at < cutoff) {
        this.entries.delete(key);
        continue;
      }
      const p50 = quantile(e.summary, 0.5);
      const p99 = quantile(e.summary, 0.99);
      out.push({ ...e.entry, ...(p50 !== undefined ? { p50Seconds: p50 } : {}), ...(p99 !== undefined ? { p99Seconds: p99 } : {}) });
    }
    return out.sort((a, b) => a.component.localeCompare(b.component) || a.host.localeCompare(b.host) || a.reporter.localeCompare(b.reporter));
  }
}
