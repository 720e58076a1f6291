/**
 * Bytes of JS heap allocated per DNS query and GCs per 100,000 queries, two
 * ways, on the run.sh names (1,000 A + 1,000 SRV, plus NXDOMAIN names):
 *
 * - `dispatch`: the function the UDP listener calls (decode → authoritative →
 *   response → stats), in-process, no socket. Per kind: A, SRV, NXDOMAIN.
 * - `udp`: the real server (`startDns`, real listeners on 127.0.0.1) queried by
 *   dnsperf, a separate process, over loopback: Marina's path plus Node's dgram
 *   receive/send. dnsperf allocates in its own process, so every byte counted
 *   here is the server's.
 *
 * Allocation is counted exactly, not sampled: with v8.GCProfiler every GC
 * reports used heap before and after, so allocated = (used at end − used at
 * start) + Σ(before − after) over the GCs in the window. This does not depend
 * on machine load (only the GC count does a little, through the new-space
 * size V8 settles on, which the warm-up fixes). Off-heap buffer memory (the
 * kernel's datagram copied into a Node backing store) is not in the figure.
 *
 * GC pause lengths (min/avg/max, from the same profiler) do depend on load:
 * V8 scavenges with helper threads, which a busy host may not schedule.
 *
 * Run: node [v8 flags] -r ./bench/_register.js bench/dns/alloc-per-query.ts [dispatch|udp|both] [queries=200000]
 * One core, as in latency.sh: DNSPERF_CPUS=0 taskset -c 1 node -r ./bench/_register.js bench/dns/alloc-per-query.ts udp
 */
import { GCProfiler } from 'node:v8';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { startDns, type RunningDns } from '../../services/dns/service';
import { dnsConfig, cidrMatcher } from '../../services/dns/options';
import { authoritative } from '../../services/dns/handlers/authoritative/authoritative';
import { chain } from '../../services/dns/handlers/chain';
import { makeDispatch } from '../../services/dns/server/dispatch';
import { QueryStats } from '../../services/dns/server/stats';
import { ReplyArena } from '../../services/dns/wire/reply-arena';
import { errorResponse } from '../../services/dns/wire/response';
import { RCODE_REFUSED } from '../../services/dns/wire/query';
import { benchEvents } from './serve';
import { queryPackets } from './_queries';

interface Window {
  bytes: number;
  scavenges: number;
  fullGcs: number;
  gcMicros: number;
  /** Each GC's pause, µs. */
  pauses: number[];
}

/** Run fn under a GCProfiler; the exact heap bytes allocated inside it and the GCs it caused. */
async function measure(fn: () => void | Promise<void>): Promise<Window> {
  const p = new GCProfiler();
  p.start();
  const used0 = process.memoryUsage().heapUsed;
  await fn();
  const used1 = process.memoryUsage().heapUsed;
  const stats = p.stop().statistics;
  let freed = 0;
  let scavenges = 0;
  let gcMicros = 0;
  const pauses: number[] = [];
  for (const s of stats) {
    pauses.push(s.cost);
    freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
    if (s.gcType === 'Scavenge' || s.gcType === 'MinorMarkSweep') scavenges++;
    gcMicros += s.cost;
  }
  return { bytes: used1 - used0 + freed, scavenges, fullGcs: stats.length - scavenges, gcMicros, pauses: pauses.sort((a, b) => a - b) };
}

function row(mode: string, kind: string, n: number, w: Window): Record<string, unknown> {
  return {
    mode, kind, queries: n,
    bytes_per_query: Math.round(w.bytes / n),
    scavenges_per_100k: +((w.scavenges * 1e5) / n).toFixed(1),
    full_gcs: w.fullGcs,
    gc_ms_per_100k: +((w.gcMicros / 1000) * (1e5 / n)).toFixed(2),
    gc_pause_avg_ms: w.pauses.length ? +(w.gcMicros / 1000 / w.pauses.length).toFixed(3) : 0,
    gc_pause_min_ms: w.pauses.length ? +(w.pauses[0]! / 1000).toFixed(3) : 0,
    gc_pause_max_ms: w.pauses.length ? +(w.pauses[w.pauses.length - 1]! / 1000).toFixed(3) : 0,
  };
}

async function dispatchMode(dns: RunningDns, total: number): Promise<Record<string, unknown>[]> {
  const cfg = dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' });
  const recursion = cidrMatcher(cfg.recursionNetworks);
  const next = chain([authoritative(dns.state, { recursion, mname: cfg.soa.mname })], (q) => errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd));
  const dispatch = makeDispatch(next, new QueryStats());
  let bytes = 0;
  const sink = { arena: new ReplyArena(), send: (b: Buffer): void => {
    bytes += b.length;
  } };
  const rows: Record<string, unknown>[] = [];
  for (const kind of ['A', 'SRV', 'NXDOMAIN']) {
    const pk = queryPackets(kind, 1000);
    for (let i = 0; i < 200_000; i++) dispatch(pk[i % 1000]!, 'udp', '127.0.0.1', 5300, sink); // warm up (JIT, new-space size)
    const w = await measure(() => {
      for (let i = 0; i < total; i++) dispatch(pk[i % 1000]!, 'udp', '127.0.0.1', 5300, sink);
    });
    rows.push(row('dispatch', kind, total, w));
  }
  if (bytes === 0) throw new Error('no replies');
  return rows;
}

async function udpMode(dns: RunningDns, total: number): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'marina-dnsalloc-'));
  try {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) lines.push(`app${i}.marathon.mesos A`, `_app${i}._tcp.marathon.mesos SRV`);
    const file = join(dir, 'queries.txt');
    writeFileSync(file, lines.join('\n') + '\n');
    const { port } = dns.udpAddress;
    const run = (passes: number) => runDnsperf(port, file, passes);
    await run(50); // warm up
    let done = 0;
    const w = await measure(async () => {
      done = await run(Math.max(1, Math.round(total / lines.length)));
    });
    return [row('udp', 'A+SRV', done, w)];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One dnsperf run (a separate process, loopback); returns the queries it got answers for. */
async function runDnsperf(port: number, file: string, passes: number): Promise<number> {
  // DNSPERF_CPUS=0 pins dnsperf (taskset) when this process runs pinned elsewhere (taskset -c 1 node …).
  const cpus = process.env.DNSPERF_CPUS;
  const args = ['-s', '127.0.0.1', '-p', String(port), '-d', file, '-n', String(passes), '-c', '4', '-q', '200', '-Q', '30000', '-t', '2'];
  const child = cpus ? spawn('taskset', ['-c', cpus, 'dnsperf', ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn('dnsperf', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  const m = /Queries completed:\s+(\d+)/.exec(out);
  if (!m) throw new Error(`dnsperf output not understood:\n${out}`);
  return Number(m[1]);
}

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'both';
  const total = Number(process.argv[3] ?? 200_000);
  const feed = new MemoryFeed();
  feed.publish(benchEvents(1000, 1));
  const dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', allocator: '127.0.0.1:8081' }), { feed: feed.subscriber() });
  try {
    await dns.synced;
    const rows = [
      ...(mode === 'udp' ? [] : await dispatchMode(dns, total)),
      ...(mode === 'dispatch' ? [] : await udpMode(dns, total)),
    ];
    for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
  } finally {
    await dns.stop();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
