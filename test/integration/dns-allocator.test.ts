/**
 * Issue 6 item 5 end to end with real processes: `marina allocator` (embedded
 * store in a temp dir) and `marina dns --allocator` spawned as binaries on
 * free loopback ports. Agents register and report task states over gRPC
 * (GrpcAgentApi, as `marina agent` does); apps go in through Marathon's
 * /v2/apps; `dig` reads what DNS serves. Covers: running+ready tasks appear
 * (A, SRV, canonical names, container IPs on a virtual network), a killed
 * task and a scale-down leave DNS before the agent reports the kill, the
 * last record set is kept while the allocator is down, and changes resume
 * after it comes back on the same store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { canonicalTaskLabel } from '../../lib/naming';
import { dig, values } from '../../services/dns/testing/dig';
import { waitUntil } from '../helpers/_children';
import { freePorts } from '../helpers/ports';
import { spawnMarina, stopAllMarina, type MarinaProcess } from '../helpers/process';
import { adminClientOf, type AdminClient } from '../helpers/allocator-auth';

jest.setTimeout(90_000);

interface MTask { id: string; agentId: string; state: string; ports: number[]; ipAddresses: Array<{ ipAddress: string }>; desired: string }

const AGENTS = [
  { id: 'S1', hostname: 'host-s1', ip: '198.18.0.11', portRanges: [{ begin: 31000, end: 31999 }] },
  { id: 'S2', hostname: 'host-s2', ip: '198.18.0.12', portRanges: [{ begin: 31000, end: 31999 }] },
];

let dir: string;
let ports: number[];
let allocator: MarinaProcess;
let dnsProc: MarinaProcess;
let agents: GrpcAgentApi;
let keepAlive: NodeJS.Timeout | undefined;
let admin: AdminClient;
const dnsAddr = () => ({ host: '127.0.0.1', port: ports[2]! });
const api = () => `http://127.0.0.1:${ports[0]}`;

async function req(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(api() + path, {
    method,
    headers: body === undefined ? admin.headers : { ...admin.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function startAllocator(): Promise<void> {
  allocator = spawnMarina([
    'allocator', '--api-listen', `127.0.0.1:${ports[0]}`, '--grpc-listen', `127.0.0.1:${ports[1]}`,
    '--data-dir', dir, '--agent-lease-ttl', '60', '--reconcile-interval', '0.2', '--kill-timeout', '60',
    '--default-networks', 'dcos=198.19.0.0/24:vxlan',
  ]);
  await allocator.waitForHttp(`${api()}/health`);
  admin = await adminClientOf(dir);
  agents?.close();
  agents = new GrpcAgentApi({ address: `127.0.0.1:${ports[1]}`, timeoutMs: 5_000, credentials: admin.credentials });
  // As an agent does: retry while the gRPC channel reconnects (it backs off after a refused connect).
  await waitUntil('agents registered', async () => {
    for (const a of AGENTS) await agents.registerAgent(a);
    return true;
  }, 15_000);
}

/** marina_dns_programming_duration_seconds_count on the DNS server's /metrics. */
async function programmingCount(): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${ports[3]}/metrics`)).text();
  return Number(/^marina_dns_programming_duration_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function tasksOf(app: string): Promise<MTask[]> {
  // agentId and desired are Marina's (embed=app.marina), not in Marathon's task shape
  return ((await req('GET', `/v2/apps/${app}?embed=app.marina`)).body as { app?: { tasks: MTask[] } }).app?.tasks ?? [];
}

/** What the agent does: report every staged task of the app running and ready. */
async function runAll(app: string, n: number): Promise<MTask[]> {
  let ts: MTask[] = [];
  await waitUntil(`${n} tasks of ${app} placed`, async () => (ts = (await tasksOf(app)).filter((t) => t.desired === 'run')).length === n, 15_000);
  for (const t of ts) {
    if (t.state !== 'TASK_RUNNING') await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  }
  return ts;
}

async function digUntil(name: string, type: string, want: string[], what = `${name} ${type} = ${want.join(', ')}`): Promise<void> {
  let last: string[] = [];
  await waitUntil(`${what} (last: ${last.join(', ')})`, async () => {
    const r = await dig(dnsAddr(), name, type);
    last = want.length === 0 ? [r.status] : values(r);
    return want.length === 0 ? r.status === 'NXDOMAIN' : JSON.stringify(last) === JSON.stringify([...want].sort());
  }, 15_000);
}

const srvOf = (app: string, ts: MTask[], port: (t: MTask) => number) =>
  ts.map((t) => `0 1 ${port(t)} ${canonicalTaskLabel(`/${app}`, t.id, t.agentId)}.marathon.mesos.`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-dns-alloc-'));
  ports = await freePorts(4);
  await startAllocator();
  keepAlive = setInterval(() => {
    for (const a of AGENTS) void agents.keepAlive(a.id).catch(() => undefined);
  }, 2_000);
  // DNS follows the watch with its own viewer identity, as on a cluster.
  const viewer = (await req('POST', '/v1/tokens', { role: 'viewer', description: 'dns' })).body.token as string;
  dnsProc = spawnMarina(['dns', '--allocator', `127.0.0.1:${ports[1]}`, '--listen', `127.0.0.1:${ports[2]}`, '--http-listen', `127.0.0.1:${ports[3]}`], { env: { MARINA_TOKEN: viewer } });
  await dnsProc.waitForHttp(`http://127.0.0.1:${ports[3]}/ready`, { ok: (r) => r.status === 200 });
});

afterAll(async () => {
  if (keepAlive) clearInterval(keepAlive);
  agents?.close();
  await stopAllMarina();
  rmSync(dir, { recursive: true, force: true });
});

test('running, ready tasks posted through /v2/apps answer A, SRV and canonical names', async () => {
  expect((await dig(dnsAddr(), 'web.marathon.mesos')).status).toBe('NXDOMAIN');
  const app = { id: '/web', cmd: 'sleep 1000', instances: 2, portDefinitions: [{ port: 0, name: 'http' }], constraints: [['hostname', 'UNIQUE']] };
  expect((await req('POST', '/v2/apps', app)).status).toBe(201);
  // Placed but not yet running: not in DNS.
  await waitUntil('web placed', async () => (await tasksOf('web')).length === 2, 15_000);
  expect((await dig(dnsAddr(), 'web.marathon.mesos')).status).toBe('NXDOMAIN');
  const counted = await programmingCount();
  const ts = await runAll('web', 2);
  await digUntil('web.marathon.mesos', 'A', ['198.18.0.11', '198.18.0.12']);
  // Network-programming latency: both tasks turning ready, each observed once.
  expect((await programmingCount()) - counted).toBe(2);
  const srv = srvOf('web', ts, (t) => t.ports[0]!);
  expect(values(await dig(dnsAddr(), '_web._tcp.marathon.mesos', 'SRV'))).toEqual(srv.sort());
  expect(values(await dig(dnsAddr(), '_http._web._tcp.marathon.mesos', 'SRV'))).toEqual(srv.sort());
  for (const t of ts) {
    const ip = AGENTS.find((a) => a.id === t.agentId)!.ip;
    expect(values(await dig(dnsAddr(), `${canonicalTaskLabel('/web', t.id, t.agentId)}.marathon.mesos`))).toEqual([ip]);
    expect(values(await dig(dnsAddr(), `${canonicalTaskLabel('/web', t.id, t.agentId)}.marathon.slave.mesos`))).toEqual([ip]);
  }
  expect(values(await dig(dnsAddr(), 'web.marathon.slave.mesos'))).toEqual(['198.18.0.11', '198.18.0.12']);
  expect(values(await dig(dnsAddr(), 'web.marathon.agentip.dcos.thisdcos.directory'))).toEqual(['198.18.0.11', '198.18.0.12']);
});

test('a task on a virtual network answers with its container IP and container port', async () => {
  const app = {
    id: '/db', cmd: 'sleep 1000', instances: 1, networks: [{ mode: 'container', name: 'dcos' }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 5432, name: 'pg' }] },
  };
  expect((await req('POST', '/v2/apps', app)).status).toBe(201);
  const [t] = await runAll('db', 1);
  const ip = t!.ipAddresses[0]!.ipAddress;
  expect(ip).toMatch(/^198\.19\.0\./);
  await digUntil('db.marathon.mesos', 'A', [ip]);
  expect(values(await dig(dnsAddr(), '_db._tcp.marathon.mesos', 'SRV'))).toEqual(srvOf('db', [t!], () => 5432));
  expect(values(await dig(dnsAddr(), 'db.marathon.containerip.dcos.thisdcos.directory'))).toEqual([ip]);
  expect(values(await dig(dnsAddr(), 'db.marathon.slave.mesos'))).toEqual([AGENTS.find((a) => a.id === t!.agentId)!.ip]);
});

test('a killed task leaves DNS before the agent reports it; its replacement appears once running', async () => {
  const before = (await tasksOf('web')).filter((t) => t.desired === 'run');
  const victim = before[0]!;
  const victimName = `${canonicalTaskLabel('/web', victim.id, victim.agentId)}.marathon.mesos`;
  expect((await dig(dnsAddr(), victimName)).status).toBe('NOERROR');
  expect((await req('DELETE', `/v2/apps/web/tasks/${victim.id}`)).status).toBe(200);
  // The allocator marks it desired=stop; DNS drops it while the agent has not reported anything yet.
  await digUntil(victimName, 'A', []);
  const survivor = before[1]!;
  const survivorIp = AGENTS.find((a) => a.id === survivor.agentId)!.ip;
  expect(values(await dig(dnsAddr(), '_web._tcp.marathon.mesos', 'SRV'))).toEqual(srvOf('web', [survivor], (t) => t.ports[0]!));
  await agents.reportTaskStatus(victim.agentId, { taskId: victim.id, state: 'TASK_KILLED', ready: false });
  const now = await runAll('web', 2);
  const replacement = now.find((t) => t.id !== survivor.id)!;
  expect(replacement.id).not.toBe(victim.id);
  await digUntil(`${canonicalTaskLabel('/web', replacement.id, replacement.agentId)}.marathon.mesos`, 'A', [AGENTS.find((a) => a.id === replacement.agentId)!.ip]);
  await digUntil('_web._tcp.marathon.mesos', 'SRV', srvOf('web', [survivor, replacement], (t) => t.ports[0]!));
  expect(values(await dig(dnsAddr(), 'web.marathon.mesos'))).toContain(survivorIp);
});

test('scale down removes the stopped task; deleting the app removes its names', async () => {
  const counted = await programmingCount();
  expect((await req('PUT', '/v2/apps/web?force=true', { instances: 1 })).status).toBe(200);
  let left: MTask[] = [];
  await waitUntil('one web task left to run', async () => (left = (await tasksOf('web')).filter((t) => t.desired === 'run')).length === 1, 15_000);
  await digUntil('_web._tcp.marathon.mesos', 'SRV', srvOf('web', left, (t) => t.ports[0]!));
  expect((await programmingCount()) - counted).toBe(1); // the stopped task
  await digUntil('web.marathon.mesos', 'A', [AGENTS.find((a) => a.id === left[0]!.agentId)!.ip]);
  expect((await req('DELETE', '/v2/apps/web?force=true')).status).toBe(200);
  await digUntil('web.marathon.mesos', 'A', []);
  expect((await dig(dnsAddr(), '_web._tcp.marathon.mesos', 'SRV')).status).toBe('NXDOMAIN');
});

test('allocator down: DNS keeps answering the last set; allocator back on the same store: changes resume', async () => {
  const [db] = await tasksOf('db');
  const dbIp = db!.ipAddresses[0]!.ipAddress;
  await digUntil('db.marathon.mesos', 'A', [dbIp]);
  expect(await allocator.stop()).toBe(0);
  // Let the watch stream break and DNS retry a few times.
  await new Promise((r) => setTimeout(r, 1_500));
  for (let i = 0; i < 3; i++) {
    const r = await dig(dnsAddr(), 'db.marathon.mesos');
    expect(r.status).toBe('NOERROR');
    expect(values(r)).toEqual([dbIp]);
    await new Promise((res) => setTimeout(res, 300));
  }
  const ready = await fetch(`http://127.0.0.1:${ports[3]}/ready`);
  expect(ready.status).toBe(200);
  expect(dnsProc.running()).toBe(true);

  await startAllocator();
  expect((await req('POST', '/v2/apps', { id: '/after', cmd: 'sleep 1000', instances: 1, portDefinitions: [{ port: 0 }] })).status).toBe(201);
  const [t] = await runAll('after', 1);
  await digUntil('after.marathon.mesos', 'A', [AGENTS.find((a) => a.id === t!.agentId)!.ip]);
  // Nothing from before the restart was lost or duplicated.
  expect(values(await dig(dnsAddr(), 'db.marathon.mesos'))).toEqual([dbIp]);
  expect((await dig(dnsAddr(), 'web.marathon.mesos')).status).toBe('NXDOMAIN');
  const metrics = await (await fetch(`http://127.0.0.1:${ports[3]}/metrics`)).text();
  expect(Number(/^marina_dns_last_sync_revision(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
});
