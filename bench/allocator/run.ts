/**
 * Allocator benchmark (run by hand, not a test): instance allocations per
 * second and per-request latency with 1 and 3 allocator replicas on one
 * real etcd, then a duplicate scan of etcd. Each request scales an app by
 * BATCH instances (one transaction per request when BATCH is small);
 * BATCH=1 gives the latency of a single instance allocation.
 *
 *   node -r ./bench/_register.js bench/allocator/run.ts [total=5000] [batch=10] [concurrency=24]
 *
 * MARINA_BENCH_REPLICAS=1,3 (default) picks the rounds; MARINA_BENCH_CPU_PROF=DIR
 * runs replica 0 with `node --cpu-prof` and writes its profile to DIR.
 * MARINA_BENCH_SECURITY=secure (default) | auth | plain | both | all: `secure` runs the
 * allocators with TLS (`--tls on`, HTTPS and gRPC over TLS) and auth (every
 * request with a bearer token); `auth` with tokens but no TLS; `plain` with
 * `--tls off --auth=false`; `both` = plain + secure, `all` = all three. The
 * client keeps its connections in both (no handshake per request).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startEtcd } from '../../test/helpers/etcd';
import { runOk } from '../../test/helpers/exec';
import { freePorts } from '../../test/helpers/ports';
import { spawnMarina, type MarinaProcess } from '../../test/helpers/process';
import { adminClientOf } from '../../test/helpers/allocator-auth';
import { readClientConfig } from '../../lib/auth/client-config';
import { AllocatorHttpClient } from '../../lib/client/http-client';

/** Wait until the API answers /ping (over https too). */
async function waitPing(api: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await clients.get(api)!.exchange('GET', '/ping').catch(() => ({ status: 0 }))).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${api}/ping did not answer`);
}

const TOTAL = Number(process.argv[2] ?? 5000);
const BATCH = Number(process.argv[3] ?? 10);
const CONCURRENCY = Number(process.argv[4] ?? 24);

type Security = 'secure' | 'auth' | 'plain';
const clients = new Map<string, AllocatorHttpClient>();

async function put(base: string, path: string, body: unknown, method = 'PUT'): Promise<number> {
  const res = await clients.get(base)!.exchange(method, path, { 'content-type': 'application/json' }, JSON.stringify(body));
  return res.status;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function scan(endpoint: string): Promise<{ tasks: number; duplicates: number }> {
  const { stdout } = await runOk('etcdctl', ['--endpoints', endpoint, 'get', '--prefix', '/marina/tasks/', '--print-value-only'], { timeoutMs: 120_000 });
  const owners = new Map<string, number>();
  let tasks = 0;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const t = JSON.parse(line) as { agentId: string; ports: Array<{ hostPort?: number; protocol: string }> };
    tasks++;
    for (const p of t.ports) if (p.hostPort !== undefined) owners.set(`${t.agentId}/${p.hostPort}`, (owners.get(`${t.agentId}/${p.hostPort}`) ?? 0) + 1);
  }
  return { tasks, duplicates: [...owners.values()].filter((n) => n > 1).length };
}

/** Mean store txn time and mean commit→view lag over every replica, from their /metrics. */
async function serverSide(apis: string[]): Promise<{ txnMeanMs: number; txns: number; storeTxns: number; viewLagMeanMs: number; conflicts: number }> {
  let txnSum = 0, txns = 0, lagSum = 0, lags = 0, conflicts = 0, storeTxns = 0;
  for (const api of apis) {
    const text = (await clients.get(api)!.exchange('GET', '/metrics')).text;
    const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
    txnSum += num(/^marina_allocator_alloc_txn_seconds_sum\S* (\S+)$/m);
    txns += num(/^marina_allocator_alloc_txn_seconds_count\S* (\S+)$/m);
    lagSum += num(/^marina_allocator_view_lag_seconds_sum\S* (\S+)$/m);
    lags += num(/^marina_allocator_view_lag_seconds_count\S* (\S+)$/m);
    conflicts += num(/^marina_allocator_txns_total\{result="conflict"\S* (\S+)$/m);
    for (const m of text.matchAll(/^marina_allocator_store_txns_total\S* (\S+)$/gm)) storeTxns += Number(m[1]);
  }
  const ms = (sum: number, n: number) => Number(((1000 * sum) / Math.max(1, n)).toFixed(1));
  return { txnMeanMs: ms(txnSum, txns), txns, storeTxns, viewLagMeanMs: ms(lagSum, lags), conflicts };
}

async function round(replicaCount: number, security: Security): Promise<void> {
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'marina-bench-'));
  const procs: MarinaProcess[] = [];
  try {
    const ports = await freePorts(replicaCount * 2);
    const apis: string[] = [];
    const flags = security === 'secure' ? ['--tls', 'on'] : security === 'auth' ? ['--tls', 'off'] : ['--tls', 'off', '--auth=false'];
    for (let i = 0; i < replicaCount; i++) {
      const prof: Record<string, string> = process.env.MARINA_BENCH_CPU_PROF && i === 0 ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.MARINA_BENCH_CPU_PROF}` } : {};
      const scheme = security === 'secure' ? 'https' : 'http';
      procs.push(spawnMarina(['allocator', '--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--api-listen', `127.0.0.1:${ports[2 * i]}`, '--grpc-listen', `127.0.0.1:${ports[2 * i + 1]}`, '--data-dir', dir, '--agent-lease-ttl', '120', ...flags], { env: { MARINA_LOG_LEVEL: 'warn', ...prof } }));
      apis.push(`${scheme}://127.0.0.1:${ports[2 * i]}`);
      // One at a time: the first creates the CA and admin config in the shared data dir, the others reuse them.
      if (security !== 'plain' && i === 0) await adminClientOf(dir);
    }
    const admin = security !== 'plain' ? readClientConfig(join(dir, 'client.json')) : undefined;
    for (const api of apis) clients.set(api, new AllocatorHttpClient(api, { token: admin?.token, ca: admin?.ca, keepAlive: true }));
    for (const api of apis) await waitPing(api);
    const agents = new GrpcAgentApi({ address: `127.0.0.1:${ports[1]}`, credentials: admin ? { token: admin.token, ca: admin.ca } : {} });
    for (let i = 0; i < 8; i++) await agents.registerAgent({ id: `bench-${i}`, hostname: `bench-${i}`, ip: `198.18.0.${100 + i}`, portRanges: [{ begin: 20000, end: 39999 }] });
    agents.close();
    for (let w = 0; w < CONCURRENCY; w++) await put(apis[w % replicaCount], '/v2/apps', { id: `/bench/app-${w}`, cmd: 'true', instances: 0, portDefinitions: [{ port: 0 }] }, 'POST');
    const latencies: number[] = [];
    let allocated = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        let instances = 0;
        while (allocated < TOTAL) {
          const n = Math.min(BATCH, TOTAL - allocated);
          allocated += n;
          instances += n;
          const t0 = performance.now();
          const status = await put(apis[w % replicaCount], `/v2/apps/bench/app-${w}?force=true`, { instances }); // supersedes the deployment in flight
          latencies.push(performance.now() - t0);
          if (status !== 200) failures++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const s = await scan(etcd.endpoint);
    const server = await serverSide(apis);
    const etcdText = await (await fetch(`${etcd.endpoint}/metrics`)).text();
    const em = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(etcdText)?.[1] ?? 0);
    const fsyncs = em('etcd_disk_wal_fsync_duration_seconds_count');
    const etcdSide = { walFsyncs: fsyncs, walFsyncMeanMs: Number(((1000 * em('etcd_disk_wal_fsync_duration_seconds_sum')) / Math.max(1, fsyncs)).toFixed(1)) };
    console.log(
      JSON.stringify({
        security,
        replicas: replicaCount,
        batch: BATCH,
        concurrency: CONCURRENCY,
        instances: s.tasks,
        seconds: Number(seconds.toFixed(2)),
        allocationsPerSecond: Math.round(s.tasks / seconds),
        requestP50ms: Number(pct(latencies, 50).toFixed(1)),
        requestP99ms: Number(pct(latencies, 99).toFixed(1)),
        failures,
        duplicates: s.duplicates,
        ...server,
        ...etcdSide,
      }),
    );
  } finally {
    for (const c of clients.values()) c.close();
    clients.clear();
    await Promise.all(procs.map((p) => p.stop()));
    await etcd.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const mode = process.env.MARINA_BENCH_SECURITY ?? 'secure';
  const securities: Security[] = mode === 'both' ? ['plain', 'secure'] : mode === 'all' ? ['plain', 'auth', 'secure'] : [mode as Security];
  for (const n of (process.env.MARINA_BENCH_REPLICAS ?? '1,3').split(',')) for (const sec of securities) await round(Number(n), sec);
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
