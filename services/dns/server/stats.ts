/**
 * Per-query counters kept in plain typed arrays (no label lookups on the hot
 * path) and turned into Prometheus series at scrape time: queries by type
 * and rcode, and a latency histogram.
 */
import { LATENCY_BUCKETS } from '../../../lib/metrics';

const TYPE_NAMES: Record<number, string> = { 0: 'malformed', 1: 'A', 2: 'NS', 6: 'SOA', 28: 'AAAA', 33: 'SRV', 252: 'AXFR', 255: 'ANY' };
const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** QueryStats as plain data: what a `dns --workers` process sends its primary. */
export interface StatsSnapshot {
  /** [query type, counts by rcode (16)] */
  counts: Array<[number, number[]]>;
  buckets: number[];
  sum: number;
  n: number;
}

export class QueryStats {
  private readonly counts = new Map<number, Float64Array>();
  private readonly buckets = new Float64Array(LATENCY_BUCKETS.length + 1);
  private sum = 0;
  private n = 0;

  record(qtype: number, rcode: number, ms: number): void {
    const t = TYPE_NAMES[qtype] ? qtype : -1;
    let row = this.counts.get(t);
    if (!row) this.counts.set(t, (row = new Float64Array(16)));
    row[rcode & 0xf]!++;
    const s = ms / 1000;
    this.sum += s;
    this.n++;
    let i = 0;
    while (i < LATENCY_BUCKETS.length && s > LATENCY_BUCKETS[i]!) i++;
    this.buckets[i]!++;
  }

  total(): number {
    return this.n;
  }

  snapshot(): StatsSnapshot {
    return { counts: [...this.counts].map(([t, row]) => [t, [...row]]), buckets: [...this.buckets], sum: this.sum, n: this.n };
  }

  /** Stats adding up several processes' snapshots. */
  static merged(snapshots: StatsSnapshot[]): QueryStats {
    const out = new QueryStats();
    for (const s of snapshots) {
      for (const [t, row] of s.counts) {
        let mine = out.counts.get(t);
        if (!mine) out.counts.set(t, (mine = new Float64Array(16)));
        row.forEach((c, i) => (mine![i]! += c));
      }
      s.buckets.forEach((c, i) => (out.buckets[i]! += c));
      out.sum += s.sum;
      out.n += s.n;
    }
    return out;
  }

  /** Prometheus text for the query series (labels as in the rest of Marina). */
  text(): string {
    const lines = [
      '# HELP marina_dns_queries_total DNS queries answered, by query type and response code.',
      '# TYPE marina_dns_queries_total counter',
    ];
    for (const [t, row] of this.counts) {
      row.forEach((c, rc) => {
        if (c > 0) lines.push(`marina_dns_queries_total{service="dns",qtype="${TYPE_NAMES[t] ?? 'other'}",rcode="${RCODE_NAMES[rc] ?? String(rc)}"} ${c}`);
      });
    }
    lines.push('# HELP marina_dns_query_duration_seconds Time from receiving a query to sending its answer.');
    lines.push('# TYPE marina_dns_query_duration_seconds histogram');
    let cum = 0;
    LATENCY_BUCKETS.forEach((le, i) => {
      cum += this.buckets[i]!;
      lines.push(`marina_dns_query_duration_seconds_bucket{service="dns",le="${le}"} ${cum}`);
    });
    cum += this.buckets[LATENCY_BUCKETS.length]!;
    lines.push(`marina_dns_query_duration_seconds_bucket{service="dns",le="+Inf"} ${cum}`);
    lines.push(`marina_dns_query_duration_seconds_sum{service="dns"} ${this.sum}`);
    lines.push(`marina_dns_query_duration_seconds_count{service="dns"} ${this.n}`);
    return lines.join('\n') + '\n';
  }
}
