/**
 * No 4 MB cliff (issue 13, item 2): DNS, lb and an agent's watch follow an
 * allocator on etcd whose state is 100,000 tasks (over 100 MB) plus one app
 * of 7 MB with a task that carries it (a single object far over grpc-js's
 * 4 MiB default). The state is written straight into etcd through the store
 * API in batches, so the allocator starts on it as a restarted allocator
 * does: a paged range and a fragmented history backfill. Then: DNS (a real
 * `marina dns` process) answers a sampled task name, the lb programs the VIP
 * of an app with its 1,000 backends, and the agent's filtered watch
 * (GrpcClusterFeed, what `marina agent` runs) receives exactly its tasks,
 * the 7 MB one intact. A restarted allocator backfills again and the
 * watchers follow a change made after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import type { ClusterSnapshot } from '../../lib/feed/feed';
import type { AppDefinition } from '../../lib/model/app';
import type { Task, TaskVip } from '../../lib/model/cluster';
import { canonicalTaskLabel } from '../../lib/naming';
import type { Lease } from '../../lib/store/contract';
import { EtcdStore } from '../../lib/store/etcd/etcd-store';
import { dig, values } from '../../services/dns/testing/dig';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { waitUntil } from '../helpers/_children';
import { startEtcd, type EtcdHandle } from '../helpers/etcd';
import { cleanupNetns } from '../helpers/netns';
import { freePorts } from '../helpers/ports';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { adminClientOf, type AdminClient } from '../helpers/allocator-auth';
import { Topology } from '../helpers/lb-topology';

jest.setTimeout(600_000);

const APPS = 100;
const PER_APP = 1_000;
const AGENTS = 20;
const PREFIX = '/marina';
const VIP: TaskVip = { label: '/big/app0:80', name: '/big/app0', ip: '198.19.250.10', port: 80, protocol: 'tcp', portIndex: 0 };
const PAD = 'x'.repeat(900);

const agentIp = (i: number) => `198.18.4.${10 + i}`;
const agentId = (i: number) => `agent-${String(i).padStart(2, '0')}`;
const taskId = (a: number, t: number) => `big_app${a}.${String(t).padStart(8, '0')}-0000-4000-8000-000000000000`;

function appDef(id: string, over: Partial<AppDefinition> = {}): AppDefinition {
  return {
    id, cmd: 'sleep 1000', instances: PER_APP, cpus: 0.01, mem: 8, disk: 0, gpus: 0, env: {}, labels: {}, networks: [{ mode: 'host' }],
    portDefinitions: [{ port: 0, protocol: 'tcp', labels: {} }], requirePorts: false, healthChecks: [],
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, constraints: [], backoffSeconds: 1, backoffFactor: 1.15,
    maxLaunchDelaySeconds: 300, killSelection: 'YOUNGEST_FIRST', version: '2026-01-01T00:00:00.000Z', ...over,
  };
}

function task(appId: string, id: string, agent: number, port: number, over: Partial<Task> = {}): Task {
  return {
    id, appId, appVersion: '2026-01-01T00:00:00.000Z', agentId: agentId(agent), host: agentIp(agent), networkMode: 'host',
    ports: [{ hostPort: port, containerPort: port, servicePort: 10_000, protocol: 'tcp', labels: {} }],
    ipAddresses: [{ ipAddress: agentIp(agent), protocol: 'IPv4' }], vips: [], env: { PORT0: String(port), PAD },
    state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '2026-01-01T00:00:00.000Z',
    startedAt: '2026-01-01T00:00:01.000Z', version: '2026-01-01T00:00:00.000Z', ...over,
  };
}

let etcd: EtcdHandle;
let store: EtcdStore;
let lease: Lease;
let dir: string;
let ports: number[];
let alloc: MarinaProcess | undefined;
let dns: MarinaProcess | undefined;
let lb: RunningLb | undefined;
let feed: GrpcClusterFeed | undefined;
const topo = new Topology('w');
let h1 = '';
let bytesWritten = 0;

const grpcAddr = () => `127.0.0.1:${ports[1]}`;

async function putAll(kvs: Array<[string, string]>): Promise<void> {
  for (let i = 0; i < kvs.length; i += 100) {
    const chunk = kvs.slice(i, i + 100);
    await store.txn({ compares: [], success: chunk.map(([key, value]) => ({ type: 'put' as const, key: `${PREFIX}/${key}`, value, ...(key.startsWith('agents/') ? { lease: lease.id } : {}) })) });
    for (const [, v] of chunk) bytesWritten += v.length;
  }
}

let admin: AdminClient;

async function startAllocator(): Promise<void> {
  alloc = spawnMarina(
    ['allocator', '--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--api-listen', `127.0.0.1:${ports[0]}`, '--grpc-listen', grpcAddr(),
      '--data-dir', join(dir, 'alloc'), '--reconcile-interval', '30', '--agent-lease-ttl', '600'],
    { env: { MARINA_LOG_LEVEL: 'warn' } },
  );
  const proc = alloc;
  await proc.waitForHttp(`http://127.0.0.1:${ports[0]}/ping`, { timeoutMs: 240_000 }).catch((err: Error) => {
    throw new Error(`${err.message}; allocator log:\n${proc.output().slice(-3000)}`);
  });
  admin = await adminClientOf(join(dir, 'alloc'));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-bigstate-'));
  ports = await freePorts(5);
  // etcd's request limit must hold the 7 MB objects (default 1.5 MiB)
  etcd = await startEtcd({ extraArgs: ['--max-request-bytes', String(16 * 1024 * 1024)] });
  store = await EtcdStore.open({ endpoints: [etcd.endpoint] });
  lease = await store.grantLease(600);
  lease.keepAlive();
  await putAll(Array.from({ length: AGENTS }, (_, i) => [`agents/${agentId(i)}`, JSON.stringify({ id: agentId(i), hostname: `host-${i}`, ip: agentIp(i), portRanges: [{ begin: 31000, end: 32000 }], attributes: {}, registeredAt: '2026-01-01T00:00:00.000Z' })]));
  // four writers at a time: etcd's fsync per txn dominates
  const writeApp = async (a: number) => {
    const appId = `/big/app${a}`;
    const vipLabels: Record<string, string> = a === 0 ? { VIP_0: VIP.label } : {};
    const kvs: Array<[string, string]> = [[`apps/big/app${a}`, JSON.stringify(appDef(appId, { portDefinitions: [{ port: 10_000 + a, protocol: 'tcp', labels: vipLabels }] }))]];
    for (let t = 0; t < PER_APP; t++) {
      const agent = t % AGENTS;
      kvs.push([`tasks/big/app${a}/${taskId(a, t)}`, JSON.stringify(task(appId, taskId(a, t), agent, 31_000 + (Math.floor(t / AGENTS) % 1000), a === 0 ? { vips: [VIP] } : {}))]);
    }
    await putAll(kvs);
  };
  for (let a = 0; a < APPS; a += 4) await Promise.all([a, a + 1, a + 2, a + 3].filter((x) => x < APPS).map(writeApp));
  // one app of 7 MB and its task carrying the same env (one object far over 4 MiB)
  const env = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`BIG_${i}`, String(i).padEnd(70_000, 'y')]));
  await putAll([['apps/huge', JSON.stringify(appDef('/huge', { instances: 1, env }))]]);
  await putAll([['tasks/huge/huge.00000000-0000-4000-8000-000000000000', JSON.stringify(task('/huge', 'huge.00000000-0000-4000-8000-000000000000', 3, 31_999, { env: { ...env, PORT0: '31999' } }))]]);
  expect(bytesWritten).toBeGreaterThan(100 * 1024 * 1024 + 7_000_000);
  await startAllocator();
});

afterAll(async () => {
  await feed?.stop();
  await lb?.stop();
  if (h1) await cleanupLb(h1).catch(() => undefined);
  await topo.stop();
  await cleanupNetns();
  await dns?.stop();
  await alloc?.stop();
  lease?.release();
  await store?.close();
  await etcd?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

test('DNS answers, the lb programs and the agent watch receives its tasks from a 100 MB state with a 7 MB app', async () => {
  dns = spawnMarina(['dns', '--allocator', grpcAddr(), '--listen', `127.0.0.1:${ports[2]}`, '--http-listen', `127.0.0.1:${ports[3]}`], { env: { MARINA_LOG_LEVEL: 'warn', MARINA_TOKEN: admin.token } });
  await topo.underlay();
  h1 = await topo.host('h1', 1);
  lb = await startLb({
    allocator: grpcAddr(), mode: 'nftables', listen: '127.0.0.1:0', syncPeriodMs: 600_000, minSyncMs: 100, clusterCidrs: ['198.18.0.0/15'],
    masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false, netns: h1,
    feed: new GrpcClusterFeed({ address: grpcAddr(), credentials: admin.credentials }),
  });
  let snap: ClusterSnapshot | undefined;
  const mine = new Set<string>();
  feed = new GrpcClusterFeed({ address: grpcAddr(), agentId: agentId(3), credentials: admin.credentials });
  await feed.start({
    onSnapshot: (s) => {
      snap = s;
      mine.clear();
      for (const id of s.tasks.keys()) mine.add(id);
    },
    onEvents: (_rev, events) => {
      for (const ev of events) if (ev.kind === 'task') (ev.op === 'put' ? mine.add(ev.id) : mine.delete(ev.id));
    },
  });
  await feed.synced();

  // the agent's watch: exactly its tasks (every 20th of each big app, and the huge one), every app
  expect(snap!.tasks.size).toBe(APPS * (PER_APP / AGENTS) + 1);
  expect([...snap!.tasks.values()].every((t) => t.agentId === agentId(3))).toBe(true);
  expect(snap!.apps.size).toBe(APPS + 1);
  const huge = snap!.tasks.get('huge.00000000-0000-4000-8000-000000000000')!;
  expect(JSON.stringify(huge.env).length).toBeGreaterThan(7_000_000);
  expect(huge.env.BIG_99).toBe('99'.padEnd(70_000, 'y'));
  expect(JSON.stringify(snap!.apps.get('/huge')).length).toBeGreaterThan(7_000_000);

  // DNS: ready on the whole state, answering a sampled task's canonical name
  await dns.waitForHttp(`http://127.0.0.1:${ports[3]}/ready`, { ok: (r) => r.status === 200, timeoutMs: 120_000 });
  const server = { host: '127.0.0.1', port: ports[2] };
  const sample = (a: number, t: number) => `${canonicalTaskLabel(`/big/app${a}`, taskId(a, t), agentId(t % AGENTS))}.marathon.mesos`;
  expect(values(await dig(server, sample(57, 433)))).toEqual([agentIp(433 % AGENTS)]);
  expect(values(await dig(server, sample(99, 999)))).toEqual([agentIp(999 % AGENTS)]);

  // lb: the VIP of /big/app0 with its 1,000 backends
  const vipOf = () => [...lb!.syncer.applied.values()].find((s) => s.appIds.includes('/big/app0'));
  await waitUntil('lb programs the VIP with 1000 backends', async () => vipOf()?.backends.length === PER_APP, 120_000, 200);
  expect(`${vipOf()!.ip}:${vipOf()!.port}`).toBe('198.19.250.10:80');

  // a restarted allocator backfills the same history (fragmented, bounded) and the watchers follow a later change
  await alloc!.stop();
  await startAllocator();
  const fresh = taskId(57, PER_APP);
  await putAll([[`tasks/big/app57/${fresh}`, JSON.stringify(task('/big/app57', fresh, 3, 31_998))]]);
  const freshName = `${canonicalTaskLabel('/big/app57', fresh, agentId(3))}.marathon.mesos`;
  await waitUntil('DNS answers the task written after the restart', async () => values(await dig(server, freshName)).length === 1, 120_000, 200);
  expect(values(await dig(server, freshName))).toEqual([agentIp(3)]);
  await waitUntil('the agent watch has it', async () => mine.has(fresh), 60_000, 200);
  expect(mine.size).toBe(APPS * (PER_APP / AGENTS) + 2);
});
