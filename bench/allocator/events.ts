/**
 * Event stream benchmark (run by hand, not a test): 100 subscribers on
 * GET /v2/events of a real `marina allocator` process on a real etcd while
 * one app scales up to TOTAL instances in batches. Reports events/s
 * delivered (summed over subscribers), whether every subscriber saw every
 * task's status_update_event, and the delay from commit to the event's
 * arrival at each subscriber, p50/p99, as two bounds: from each task's
 * `stagedAt` (set when the instance is planned, before its commit: an upper
 * bound) and from the moment its scale request's answer arrived (after the
 * commit: a lower bound). A third figure takes as reference the moment a plain
 * etcd client watching the same keys (etcd3, in its own worker thread) saw each
 * task's first put: commit plus etcd's own watch delivery, so it is the delay
 * Marina adds between the store's notification and the subscriber.
 * Subscribers run in worker threads, as they would be separate processes, so
 * parsing 100 streams in one thread does not count as the allocator's delay.
 *
 *   node -r ./bench/_register.js bench/allocator/events.ts [total=5000] [subscribers=100] [batch=50]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Etcd3 } from 'etcd3';
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
const WORKERS = 4;

interface SubscriberWork { api: string; token: string; subscribers: number }
interface EtcdWatchWork { etcd: string; prefix: string }
/** Posted by a worker: `ready` once its streams are open, then `[taskId, arrivalMs]` pairs, then `done` with its counts. */
type WorkerMessage = { ready: true } | { arrivals: Array<[string, number]> } | { done: true; events: number; complete: number[] };

/** A worker's subscribers: each follows the stream and records when each task's TASK_STAGING event arrived. */
async function subscribe(work: SubscriberWork): Promise<void> {
  const http = new AllocatorHttpClient(work.api, { token: work.token, keepAlive: true });
  const stop = new AbortController();
  const seen = Array.from({ length: work.subscribers }, () => new Set<string>());
  let events = 0;
  let batch: Array<[string, number]> = [];
  const flush = setInterval(() => { if (batch.length) { parentPort!.postMessage({ arrivals: batch }); batch = []; } }, 100);
  const streams = seen.map((ids) =>
    followEvents(http, (e) => {
      events++;
      if (e.taskStatus !== 'TASK_STAGING') return;
      ids.add(e.taskId as string);
      batch.push([e.taskId as string, Date.now()]);
    }, { types: ['status_update_event'], signal: stop.signal }),
  );
  parentPort!.on('message', (m: { stop?: true }) => {
    if (!m.stop) return;
    clearInterval(flush);
    parentPort!.postMessage({ arrivals: batch });
    parentPort!.postMessage({ done: true, events, complete: seen.map((s) => s.size) } satisfies WorkerMessage);
    stop.abort();
    void Promise.allSettled(streams).then(() => process.exit(0));
  });
  setTimeout(() => parentPort!.postMessage({ ready: true } satisfies WorkerMessage), 1_000);
}

/** The reference clock: when etcd's own watch delivered each task's first put to a plain client. */
async function watchEtcd(work: EtcdWatchWork): Promise<void> {
  const client = new Etcd3({ hosts: work.etcd });
  const seen = new Set<string>();
  let batch: Array<[string, number]> = [];
  const flush = setInterval(() => { if (batch.length) { parentPort!.postMessage({ arrivals: batch }); batch = []; } }, 100);
  const watcher = await client.watch().prefix(work.prefix).create();
  watcher.on('put', (kv) => {
    const key = kv.key.toString();
    const id = key.slice(key.lastIndexOf('/') + 1);
    if (seen.has(id)) return;
    seen.add(id);
    batch.push([id, Date.now()]);
  });
  parentPort!.on('message', (m: { stop?: true }) => {
    if (!m.stop) return;
    clearInterval(flush);
    parentPort!.postMessage({ arrivals: batch });
    parentPort!.postMessage({ done: true, events: 0, complete: [] } satisfies WorkerMessage);
    void watcher.cancel().finally(() => { client.close(); process.exit(0); });
  });
  parentPort!.postMessage({ ready: true } satisfies WorkerMessage);
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-events-'));
  const [httpPort, grpc] = await freePorts(2);
  const api = `http://127.0.0.1:${httpPort}`;
  const proc = spawnMarina(['allocator', '--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--api-listen', `127.0.0.1:${httpPort}`, '--grpc-listen', `127.0.0.1:${grpc}`, '--data-dir', dir, '--agent-lease-ttl', '120'], { env: { MARINA_LOG_LEVEL: 'warn' } });
  let streamsDone: Array<Promise<unknown>> = [];
  let stopWorkers = (): void => {};
  try {
    await proc.waitForHttp(`${api}/ping`);
    const admin = await adminClientOf(dir);
    const http = new AllocatorHttpClient(api, { token: admin.token, keepAlive: true });
    const agents = new GrpcAgentApi({ address: `127.0.0.1:${grpc}`, credentials: admin.credentials });
    for (let i = 0; i < 8; i++) await agents.registerAgent({ id: `bench-${i}`, hostname: `bench-${i}`, ip: `198.18.0.${100 + i}`, portRanges: [{ begin: 20000, end: 39999 }] });
    agents.close();
    await http.request('POST', '/v2/apps', { id: '/bench/events', cmd: 'true', instances: 0, portDefinitions: [{ port: 0 }] });
    const arrivals: Array<[string, number]> = [];
    const counts: number[] = [];
    let events = 0;
    let ready = 0;
    const workers = Array.from({ length: WORKERS }, (_, w) => {
      const subscribers = Math.floor(SUBSCRIBERS / WORKERS) + (w < SUBSCRIBERS % WORKERS ? 1 : 0);
      const worker = new Worker(__filename, { workerData: { api, token: admin.token, subscribers } satisfies SubscriberWork });
      const finished = new Promise<void>((resolve) => {
        worker.on('message', (m: WorkerMessage) => {
          if ('ready' in m) ready++;
          else if ('arrivals' in m) arrivals.push(...m.arrivals);
          else { events += m.events; counts.push(...m.complete); resolve(); }
        });
        worker.on('exit', () => resolve());
      });
      return { worker, finished };
    });
    const etcdSeenAt = new Map<string, number>();
    const etcdWorker = new Worker(__filename, { workerData: { etcd: etcd.endpoint, prefix: '/marina/tasks/bench/events/' } satisfies EtcdWatchWork });
    const etcdDone = new Promise<void>((resolve) => {
      etcdWorker.on('message', (m: WorkerMessage) => {
        if ('ready' in m) ready++;
        else if ('arrivals' in m) for (const [id, at] of m.arrivals) etcdSeenAt.set(id, at);
        else resolve();
      });
      etcdWorker.on('exit', () => resolve());
    });
    streamsDone = [...workers.map((w) => w.finished), etcdDone];
    stopWorkers = () => { for (const w of [...workers.map((x) => x.worker), etcdWorker]) w.postMessage({ stop: true }); };
    while (ready < WORKERS + 1) await new Promise((r) => setTimeout(r, 50));
    const answeredAt = new Map<number, number>(); // instances after the request -> when its answer arrived
    const started = performance.now();
    for (let n = BATCH; n <= TOTAL; n += BATCH) {
      await http.request('PUT', '/v2/apps/bench/events?force=true', { instances: n }); // each scale supersedes the one in flight
      answeredAt.set(n, Date.now());
    }
    const deadline = Date.now() + 120_000;
    const expected = TOTAL * SUBSCRIBERS;
    while (arrivals.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const seconds = (performance.now() - started) / 1000;
    stopWorkers();
    await Promise.all(streamsDone);
    const tasks = (await http.get<{ tasks: Array<{ id: string; stagedAt: string }> }>('/v2/apps/bench/events/tasks')).tasks;
    const stagedAt = new Map(tasks.map((t) => [t.id, Date.parse(t.stagedAt)]));
    // tasks are staged in request order: the k-th staged task belongs to the request that took the app to ceil(k/BATCH)*BATCH
    const order = [...stagedAt.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    const answered = new Map(order.map((id, k) => [id, answeredAt.get(Math.ceil((k + 1) / BATCH) * BATCH) ?? NaN]));
    const fromStaged = arrivals.map(([id, at]) => at - (stagedAt.get(id) ?? at)).sort((a, b) => a - b);
    const fromAnswer = arrivals.map(([id, at]) => at - (answered.get(id) ?? at)).sort((a, b) => a - b);
    const fromEtcd = arrivals.filter(([id]) => etcdSeenAt.has(id)).map(([id, at]) => at - etcdSeenAt.get(id)!).sort((a, b) => a - b);
    const complete = counts.filter((n) => n === TOTAL).length;
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
      stagedToEventP50ms: pct(fromStaged, 50),
      stagedToEventP99ms: pct(fromStaged, 99),
      answerToEventP50ms: pct(fromAnswer, 50),
      answerToEventP99ms: pct(fromAnswer, 99),
      etcdWatchToEventP50ms: pct(fromEtcd, 50),
      etcdWatchToEventP99ms: pct(fromEtcd, 99),
      etcdWatchSamples: fromEtcd.length,
    }));
  } finally {
    stopWorkers();
    await Promise.allSettled(streamsDone);
    await proc.stop();
    await etcd.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) void ('prefix' in (workerData as object) ? watchEtcd(workerData as EtcdWatchWork) : subscribe(workerData as SubscriberWork));
else void main().then(() => process.exit(0), (err: unknown) => { console.error(err); process.exit(1); });
