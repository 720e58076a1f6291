/**
 * Three allocator processes on one real etcd race 5,000 instance
 * allocations (host ports, udp+tcp ports, virtual-network IPs in per-host
 * blocks) on the same agents; then etcd is scanned with etcdctl: every
 * port and IP is owned by exactly one task, every allocation key belongs
 * to a live task, and concurrent scaling of one app never overshoots.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startEtcd, type EtcdHandle } from '../helpers/etcd';
import { runOk } from '../helpers/exec';
import { freePorts } from '../helpers/ports';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { adminClientOf, type AdminClient } from '../helpers/allocator-auth';

jest.setTimeout(240_000);

let etcd: EtcdHandle;
const replicas: MarinaProcess[] = [];
const apis: string[] = [];
let grpcAddr = '';
let dataDir = '';
let admin: AdminClient;

beforeAll(async () => {
  etcd = await startEtcd();
  dataDir = mkdtempSync(join(tmpdir(), 'marina-race-'));
  const ports = await freePorts(6);
  for (let i = 0; i < 3; i++) {
    const api = `127.0.0.1:${ports[i * 2]}`;
    const grpc = `127.0.0.1:${ports[i * 2 + 1]}`;
    const p = spawnMarina(['allocator', '--store', 'etcd', '--etcd-endpoints', etcd.endpoint, '--api-listen', api, '--grpc-listen', grpc, '--data-dir', dataDir, '--agent-lease-ttl', '30'], { env: { MARINA_LOG_LEVEL: 'warn' } });
    replicas.push(p);
    apis.push(`http://${api}`);
    if (i === 0) grpcAddr = grpc;
  }
  for (let i = 0; i < 3; i++) await replicas[i].waitForHttp(`${apis[i]}/ping`);
  admin = await adminClientOf(dataDir);
});

afterAll(async () => {
  await Promise.all(replicas.map((p) => p.stop()));
  await etcd?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function post(base: string, path: string, body: unknown, method = 'POST'): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, { method, headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function etcdGet(prefix: string): Promise<Array<[string, string]>> {
  const { stdout } = await runOk('etcdctl', ['--endpoints', etcd.endpoint, 'get', '--prefix', prefix], { env: { ETCDCTL_API: '3' } } as never);
  const lines = stdout.split('\n');
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < lines.length; i += 2) out.push([lines[i], lines[i + 1]]);
  return out;
}

test('3 replicas racing 5,000 instances: every port and IP owned exactly once', async () => {
  const agentApi = new GrpcAgentApi({ address: grpcAddr, credentials: admin.credentials });
  for (let i = 0; i < 6; i++) {
    await agentApi.registerAgent({ id: `agent-${i}`, hostname: `host-${i}`, ip: `198.18.0.${30 + i}`, portRanges: [{ begin: 20000, end: 29999 }] });
  }
  expect((await post(apis[1], '/v2/networks', { name: 'race', cidr: '198.19.0.0/18', blockSize: 26 })).status).toBe(201);
  const apps: Array<{ replica: number; body: object }> = [];
  for (let i = 0; i < 30; i++) {
    const instances = i < 20 ? 167 : 166;
    const host = { id: `/race/host-${i}`, cmd: 'true', instances, portDefinitions: [{ port: 0, protocol: i % 3 === 0 ? 'udp,tcp' : 'tcp' }] };
    const vnet = { id: `/race/vnet-${i}`, cmd: 'true', instances, networks: [{ mode: 'container', name: 'race' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: 0 }] } };
    apps.push({ replica: i % 3, body: i % 2 === 0 ? host : vnet });
  }
  const results = await Promise.all(apps.map((a) => post(apis[a.replica], '/v2/apps', a.body)));
  expect(results.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);

  // three replicas scale one app at once: it must end with exactly 50 live tasks
  expect((await post(apis[0], '/v2/apps', { id: '/race/same', cmd: 'true', instances: 1, portDefinitions: [{ port: 0 }] })).status).toBe(201);
  const scaled = await Promise.all(apis.map((a) => post(a, '/v2/apps/race/same?force=true', { instances: 50 }, 'PUT')));
  expect(scaled.map((r) => r.status)).toEqual([200, 200, 200]);

  const tasks = (await etcdGet('/marina/tasks/')).map(([, v]) => JSON.parse(v));
  const live = tasks.filter((t) => t.desired === 'run');
  expect(live.filter((t) => t.appId === '/race/same')).toHaveLength(50);
  const raced = tasks.filter((t) => t.appId !== '/race/same');
  expect(raced).toHaveLength(5000);

  const owners = new Map<string, string[]>();
  const own = (what: string, taskId: string) => owners.set(what, [...(owners.get(what) ?? []), taskId]);
  for (const t of tasks) {
    for (const p of t.ports) if (p.hostPort !== undefined) for (const proto of p.protocol.split(',')) own(`port ${t.agentId} ${p.hostPort}/${proto}`, t.id);
    for (const a of t.ipAddresses) if (a.networkName) own(`ip ${a.networkName} ${a.ipAddress}`, t.id);
  }
  const duplicates = [...owners].filter(([, ids]) => ids.length > 1);
  expect(duplicates).toEqual([]);

  const taskIds = new Set(tasks.map((t) => t.id));
  const allocs = [...(await etcdGet('/marina/alloc/ports/')), ...(await etcdGet('/marina/alloc/ips/'))];
  expect(allocs.length).toBe(owners.size);
  for (const [key, v] of allocs) {
    const o = JSON.parse(v);
    expect({ key, live: taskIds.has(o.taskId) }).toEqual({ key, live: true });
  }
  // blocks: each /26 owned by one agent, and every vnet IP lies in a block of its task's agent
  const blocks = (await etcdGet('/marina/alloc/blocks/race/')).map(([k, v]) => ({ cidr: k.slice('/marina/alloc/blocks/race/'.length), agentId: JSON.parse(v).agentId }));
  const blockOf = (ip: string) => {
    const last = Number(ip.split('.')[2]) * 256 + Number(ip.split('.')[3]);
    return blocks.find((b) => {
      const [base] = b.cidr.split('/');
      const n = Number(base.split('.')[2]) * 256 + Number(base.split('.')[3]);
      return last >= n && last < n + 64;
    });
  };
  for (const t of tasks.filter((x) => x.networkName === 'race')) expect(blockOf(t.ipAddresses[0].ipAddress)?.agentId).toBe(t.agentId);
  agentApi.close();
});
