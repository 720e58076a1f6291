/**
 * One-function benchmark of the answer hot path: the dispatch function the
 * UDP listener calls (decode → authoritative chain → response assembly →
 * stats), on the same 1,000 A + 1,000 SRV names as run.sh, without sockets.
 * Reports ns per query, bytes allocated per query and GC time per million
 * queries, per query kind. Loopback-free: no packet leaves the process.
 * Run: node --expose-gc -r ./bench/_register.js bench/dns/answer-path.ts [millionQueries]
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { startDns } from '../../services/dns/service';
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

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 2) * 1e6;
  const feed = new MemoryFeed();
  feed.publish(benchEvents(1000, 1));
  const cfg = dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' });
  const dns = await startDns(cfg, { feed: feed.subscriber() });
  await dns.synced;
  const recursion = cidrMatcher(cfg.recursionNetworks);
  const next = chain([authoritative(dns.state, { recursion, mname: cfg.soa.mname })], (q) => errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd));
  const dispatch = makeDispatch(next, new QueryStats());
  let bytes = 0;
  const sink = { arena: new ReplyArena(), send: (b: Buffer) => {
    bytes += b.length;
  } };
  const rows: Record<string, unknown>[] = [];
  for (const kind of ['A', 'SRV', 'NXDOMAIN']) {
    const pk = queryPackets(kind, 1000);
    for (let i = 0; i < 200_000; i++) dispatch(pk[i % 1000]!, 'udp', '127.0.0.1', 5300, sink); // warm up
    gc();
    gcMs = 0;
    const before = process.memoryUsage();
    const h0 = process.memoryUsage().heapUsed;
    void before;
    let allocated = 0;
    const t0 = process.hrtime.bigint();
    const chunk = 100_000;
    for (let done = 0; done < total; done += chunk) {
      const a = process.memoryUsage().heapUsed;
      for (let i = 0; i < chunk; i++) dispatch(pk[i % 1000]!, 'udp', '127.0.0.1', 5300, sink);
      const b = process.memoryUsage().heapUsed;
      if (b > a) allocated += b - a; // a lower bound: a scavenge inside the chunk hides some
    }
    const ns = Number(process.hrtime.bigint() - t0) / total;
    await new Promise((r) => setImmediate(r)); // let the gc observer deliver
    rows.push({ kind, ns_per_query: ns.toFixed(0), qps_one_core: Math.round(1e9 / ns), heap_bytes_per_query_min: Math.round(allocated / total), gc_ms_per_million: ((gcMs * 1e6) / total).toFixed(1), heap_after_mb: ((process.memoryUsage().heapUsed - h0) / 1e6).toFixed(1) });
  }
  for (const r of rows) process.stdout.write(JSON.stringify(r) + '\n');
  process.stdout.write(JSON.stringify({ replyBytes: bytes }) + '\n');
  await dns.stop();
}

void main();
