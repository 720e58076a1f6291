/**
 * Event stream benchmark (run by hand, not a test): 100 subscribers on
 * GET /v2/events of a real `marina allocator` process on a real etcd while
 * one app scales up to TOTAL instances in batches. Reports events/s
 * delivered (summed over subscribers), whether every subscriber saw every
 * task's status_update_event, and the delay from each task's `stagedAt`
 * (set when the instance is planned, just before its commit) to the event's
 * arrival at each subscriber, p50/p99.
 *
 *   node -r ./bench/_register.js bench/allocator/events.ts [total=5000] [subscribers=100] [batch=50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { followEvents } from '../../lib/client/event-stream';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { adminClientOf } from '../../test/helpers/allocator-auth';
import { startEtcd } from '../../test/helpers/etcd';
import { freePorts } from '../../test/helpers/ports';
import { spawnMarina } from '../../test/helpers/process';

const TOTAL = Number(process.argv[2] ?? 5000);
const SUBSCRIBERS = Number(process.argv[3] ?? 100);
const BATCH = Number(process.argv[4] ?? 50);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-events-'));
  const [httpPort, grpc] = await freePorts(2);
  const api = `http://127.0.0.1:${httpPort}`;
  const proc = spawnMarina(['allocator', '--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--api-listen', `127.0.0.1:${httpPort}`, '--grpc-listen', `127.0.0.1:${grpc}`, '--data-dir', dir, '--agent-lease-ttl', '120'], { env: { MARINA_LOG_LEVEL: 'warn' } });
  const stop = new AbortController();
  let streamsDone: Array<Promise<void>> = [];
  try {
    await proc.waitForHttp(`${api}/ping`);
    const admin = await adminClientOf(dir);
    const http = new AllocatorHttpClient(api, { token: admin.token, keepAlive: true });
    const agents = new GrpcAgentApi({ address: `127.0.0.1:${grpc}`, credentials: admin.credentials });
    for (let i = 0; i < 8; i++) await agents.registerAgent({ id: `bench-${i}`, hostname: `bench-${i}`, ip: `198.18.0.${100 + i}`, portRanges: [{ begin: 20000, end: 39999 }] });
    agents.close();
    await http.request('POST', '/v2/apps', { id: '/bench/events', cmd: 'true', instances: 0, portDefinitions: [{ port: 0 }] });
    const seen = Array.from({ length: SUBSCRIBERS }, () => new Set<string>());
    const arrivals: Array<[string, number]> = [];
    let events = 0;
    const streams = seen.map((ids) =>
      followEvents(http, (e) => {
        events++;
        if (e.taskStatus !== 'TASK_STAGING') return;
        ids.add(e.taskId as string);
        arrivals.push([e.taskId as string, Date.now()]);
      }, { types: ['status_update_event'], signal: stop.signal }),
    );
    streamsDone = streams;
    await new Promise((r) => setTimeout(r, 1_000));
    const started = performance.now();
    for (let n = BATCH; n <= TOTAL; n += BATCH) {
      await http.request('PUT', '/v2/apps/bench/events?force=true', { instances: n }); // each scale supersedes the one in flight
    }
    const deadline = Date.now() + 120_000;
    while (seen.some((s) => s.size < TOTAL) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    const tasks = (await http.get<{ tasks: Array<{ id: string; stagedAt: string }> }>('/v2/apps/bench/events/tasks')).tasks;
    const stagedAt = new Map(tasks.map((t) => [t.id, Date.parse(t.stagedAt)]));
    const delays = arrivals.map(([id, at]) => at - (stagedAt.get(id) ?? at)).sort((a, b) => a - b);
    const complete = seen.filter((s) => s.size === TOTAL).length;
    console.log(JSON.stringify({
      date: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
      load: execFileSync('cat', ['/proc/loadavg']).toString().trim(),
      instances: tasks.length,
      subscribers: SUBSCRIBERS,
      batch: BATCH,
      seconds: Number(seconds.toFixed(2)),
      eventsDelivered: events,
      eventsPerSecond: Math.round(events / seconds),
      subscribersWithEveryTask: complete,
      delayP50ms: pct(delays, 50),
      delayP99ms: pct(delays, 99),
    }));
  } finally {
    stop.abort();
    await Promise.allSettled(streamsDone);
    await proc.stop();
    await etcd.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
