/**
 * `startDns(config)`: Marina DNS. A record source (the allocator's watch
 * stream, or a Mesos /state) feeds the record state; DNS answers over UDP
 * and TCP on every --listen address through the handler chain
 * authoritative → forward; the HTTP API serves Mesos-DNS's /v1 endpoints
 * and /metrics.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { ClusterFeed } from '../../lib/feed/feed';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { followerCredentials } from '../../lib/client/credential-options';
import { logger } from '../../lib/log';
import { Gauge, Histogram, serviceRegistry, LATENCY_BUCKETS } from '../../lib/metrics';
import { ProgrammingLatency, programmingHistogram } from '../../lib/metrics/programming-latency';
import { reportProgramming } from '../../lib/metrics/programming-reporter';
import type { RunningService } from '../../lib/service';
import { cidrMatcher, type DnsConfig } from './options';
import { DnsState } from './records/dns-state';
import { listenerRRs } from './records/generator';
import { chain } from './handlers/chain';
import { authoritative } from './handlers/authoritative/authoritative';
import { forwarder } from './handlers/forward/forward';
import { makeDispatch } from './server/dispatch';
import { listen, type ListenAddress, type Listeners } from './server/listeners';
import { QueryStats, type StatsSnapshot } from './server/stats';
import { buildHttpApi } from './http-api/routes';
import { FeedSource } from './sources/feed/feed-source';
import { MesosSource } from './sources/mesos/mesos-source';
import { errorResponse } from './wire/response';
import { RCODE_REFUSED } from './wire/query';

export interface RunningDns extends RunningService {
  udpAddress: ListenAddress;
  tcpAddress: ListenAddress;
  udpAddresses: ListenAddress[];
  httpAddress: ListenAddress;
  state: DnsState;
  /** Resolves once the first full record set is served. */
  synced: Promise<void>;
  /** This process's counters (a worker sends them to its primary). */
  report(worker: number): WorkerReport;
}

export interface StartOptions {
  /** A feed to follow instead of --allocator (tests, `marina up`). */
  feed?: ClusterFeed;
  /**
   * single (default): DNS and the HTTP API in this process. worker (`dns
   * --workers`): DNS only, its sockets sharing the ports with the other
   * workers (SO_REUSEPORT, the kernel spreads queries). primary: the HTTP API
   * and /metrics only, query counters gathered from the workers per scrape.
   */
  role?: 'single' | 'worker' | 'primary';
  /** primary: the workers' counters. */
  workerReports?: () => Promise<WorkerReport[]>;
}

/** What a worker's counters are, as it sends them to its primary. */
export interface WorkerReport {
  worker: number;
  queries: StatsSnapshot;
  forwards: Record<string, number>;
}

function hostPort(s: string): { ip: string; port: number } | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m && isIP(m[1]!) ? { ip: m[1]!, port: Number(m[2]) } : undefined;
}

function makeMetrics(state: DnsState, stats: QueryStats, workerReports?: () => Promise<WorkerReport[]>) {
  const registry = serviceRegistry('dns', { processMetrics: true });
  const records = new Gauge({ name: 'marina_dns_records', help: 'Records served (distinct name, type, value).', registers: [registry] });
  const names = new Gauge({ name: 'marina_dns_names', help: 'Names with records.', registers: [registry] });
  const revision = new Gauge({ name: 'marina_dns_last_sync_revision', help: 'Allocator revision of the records served.', registers: [registry] });
  const syncs = new Histogram({ name: 'marina_dns_sync_seconds', help: 'Time to compile a record change.', labelNames: ['kind'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const propagation = new Histogram({ name: 'marina_dns_propagation_seconds', help: 'Task start to records served.', buckets: LATENCY_BUCKETS, registers: [registry] });
  const programming = new ProgrammingLatency(programmingHistogram('marina_dns_programming_duration_seconds', "Network-programming latency: a task's serving change committed (Task.servingChangedAt) to its DNS answer changing", registry));
  const forwards = new Gauge({ name: 'marina_dns_forwarded_total', help: 'Forwarded queries by outcome.', labelNames: ['outcome'], registers: [registry] });
  const fwdCounts = { ok: 0, failed: 0, refused: 0 };
  state.onSync((info) => {
    revision.set(info.revision);
    syncs.observe({ kind: info.full ? 'full' : 'incremental' }, info.seconds);
  });
  const perWorker = workerReports
    ? new Gauge({ name: 'marina_dns_worker_queries_total', help: 'DNS queries answered by each worker process (--workers).', labelNames: ['worker'], registers: [registry] })
    : undefined;
  const text = async () => {
    records.set(state.view.table.recordCount());
    names.set(state.view.table.names.size);
    if (!workerReports) {
      for (const [k, v] of Object.entries(fwdCounts)) forwards.set({ outcome: k }, v);
      return (await registry.metrics()) + stats.text();
    }
    const reports = await workerReports();
    for (const k of Object.keys(fwdCounts)) forwards.set({ outcome: k }, reports.reduce((sum, r) => sum + (r.forwards[k] ?? 0), 0));
    perWorker!.reset();
    for (const r of reports) perWorker!.set({ worker: String(r.worker) }, r.queries.n);
    return (await registry.metrics()) + QueryStats.merged(reports.map((r) => r.queries)).text();
  };
  return { text, propagation, programming, fwdCounts };
}

export async function startDns(config: DnsConfig, opts: StartOptions = {}): Promise<RunningDns> {
  const log = logger('dns');
  const state = new DnsState({
    zones: [config.domain, 'thisdcos.directory'],
    ttl: config.ttl,
    srvWeight: config.srvWeight,
    soa: config.soa,
  });
  const role = opts.role ?? 'single';
  const stats = new QueryStats();
  const m = makeMetrics(state, stats, role === 'primary' ? opts.workerReports : undefined);
  const recursion = cidrMatcher(config.recursionNetworks);
  const staticRRs = listenerRRs(config.soa.mname, config.listen.map((a) => a.host));
  const fwd = forwarder({
    zones: config.forwardZones,
    defaults: config.resolvers,
    timeoutMs: config.timeoutMs,
    recursion,
    onForward: (o) => m.fwdCounts[o]++,
  });
  const next = chain([authoritative(state, { recursion, mname: config.soa.mname }), fwd.handler], (q) => errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd));
  const listeners: Listeners = role === 'primary'
    ? { udp: config.listen, tcp: config.listen, close: async () => undefined }
    : await listen(config.listen, makeDispatch(next, stats), { reusePort: role === 'worker' });
  let httpPort = config.httpListen.port;
  let feed: ClusterFeed | undefined;
  const http = role === 'worker' ? undefined : buildHttpApi(config, state, m.text, () => ({ dnsPort: listeners.udp[0]!.port, httpPort }), () => feed?.freshness?.());
  if (http) {
    await http.listen({ host: config.httpListen.host, port: config.httpListen.port });
    httpPort = (http.server.address() as { port: number }).port;
  }

  let source: { start(): Promise<void>; stop(): Promise<void> };
  const synced = new Promise<void>((resolve) => state.onSync((i) => i.full && resolve()));
  if (config.mesosState) {
    source = new MesosSource(state, { location: config.mesosState, domain: config.domain, masters: config.masters, refreshSeconds: config.refreshSeconds, staticRRs, label: config.label, ipSources: config.ipSources });
  } else {
    const leader = config.allocator ? hostPort(config.allocator) : undefined;
    feed = opts.feed ?? new GrpcClusterFeed({ address: config.allocator ?? '127.0.0.1:8081', credentials: followerCredentials(config.credentials ?? {}) });
    source = new FeedSource(feed, state, {
      domain: config.domain, label: config.label, ipSources: config.ipSources, framework: config.framework,
      leader, masters: config.masters, staticRRs, onPropagation: (s) => m.propagation.observe(s), latency: m.programming,
    });
  }
  await source.start();
  // the map shows it (GET /v1/programming-latency on the allocator); workers have no feed of their own
  const reporter = role === 'worker' ? undefined : reportProgramming(feed, m.programming.histogram, 'dns', hostname(), log);
  log.info({ udp: listeners.udp, http: `${config.httpListen.host}:${httpPort}`, source: config.mesosState ? 'mesos' : 'allocator' }, 'dns serving');

  let stopped = false;
  return {
    name: 'dns',
    udpAddress: listeners.udp[0]!,
    tcpAddress: listeners.tcp[0]!,
    udpAddresses: listeners.udp,
    httpAddress: { host: config.httpListen.host, port: httpPort },
    state,
    synced,
    report: (worker) => ({ worker, queries: stats.snapshot(), forwards: { ...m.fwdCounts } }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      reporter?.stop();
      await source.stop();
      fwd.close();
      await listeners.close();
      await http?.close();
    },
  };
}
