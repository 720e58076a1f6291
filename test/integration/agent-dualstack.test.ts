/**
 * Dual-stack virtual networks end to end: the real allocator (in-process,
 * embedded store, loopback gRPC/HTTP) places tasks of apps on two VXLAN
 * networks with `cidr6` (2001:2::/48 benchmarking prefix) over two simulated
 * hosts (netns marina-a61/62 on 198.18.11.0/24, IPv4 underlay); in-process
 * agents wire them with the real CNI bridge plugin, ip and ip6tables.
 * A task reaches a task on the other host over IPv6 (TCP, curl -6) across
 * VXLAN; the two networks stay isolated for IPv6, and a flushed isolation
 * chain comes back with the fabric re-check.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { MarinaAgent } from '../../services/agent/agent';
import { linkLocalOf } from '../../lib/net/ipv6';
import { netnsPrefix, taskNetnsName, vtepMac, vxlanDeviceName } from '../../services/agent/names';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(60_000);

interface T { id: string; host: string; agentId: string; state: string; ipAddresses: Array<{ ipAddress: string; protocol: string }> }

let h: Harness;
let under: SimUnderlay;
const agents: Array<{ agent: MarinaAgent; dir: string; api: GrpcAgentApi }> = [];

const HTTP6 = 'exec python3 -m http.server --bind :: 8080';
/** The hosts' IPv6 underlay (2001:2::/48, the benchmarking range). */
const UNDERLAY6 = '2001:2:0:ff::';

beforeAll(async () => {
  h = await startHarness({ reconcileInterval: 0.2 });
  under = await createHosts('marina-a6', '198.18.11', 2);
  expect((await h.req('POST', '/v2/networks', { name: 'ds-red', cidr: '198.19.64.0/20', cidr6: '2001:2:0:a6::/64', blockSize: 26, driver: 'vxlan', vni: 6601 })).status).toBe(201);
  expect((await h.req('POST', '/v2/networks', { name: 'ds-blue', cidr: '198.19.80.0/20', cidr6: '2001:2:0:a7::/64', blockSize: 26, driver: 'vxlan', vni: 6602 })).status).toBe(201);
  expect((await h.req('POST', '/v2/networks', { name: 'ds-green', cidr: '198.19.112.0/20', cidr6: '2001:2:0:a8::/64', blockSize: 26, driver: 'host-gw' })).status).toBe(201);
  for (const [i, host] of under.hosts.entries()) {
    // an IPv6 underlay address too (--ip6): host-gw routes IPv6 blocks via it
    await runOk('ip', ['-n', host.netns, '-6', 'addr', 'add', `${UNDERLAY6}${11 + i}/64`, 'dev', 'eth0', 'nodad']);
    const dir = mkdtempSync(join(tmpdir(), 'marina-a6-'));
    const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
    const agent = new MarinaAgent({
      registration: { id: host.name, hostname: host.name, ip: host.ip, ip6: `${UNDERLAY6}${11 + i}`, portRanges: [{ begin: 31000, end: 32000 }] },
      feed: new GrpcClusterFeed({ address: h.svc.grpcAddress, credentials: h.credentials }),
      api,
      dataDir: dir,
      cniPath: ['/usr/lib/cni'],
      mtu: 1500,
      hostNetns: host.netns,
      killGraceMs: 500,
      fabricRecheckMs: 1000,
    });
    agents.push({ agent, dir, api });
    await agent.start();
  }
});

afterAll(async () => {
  for (const a of agents) {
    await a.agent.stop({ killTasks: true }).catch(() => undefined);
    a.api.close();
    rmSync(a.dir, { recursive: true, force: true });
  }
  await h?.stop();
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-a6') || under.hosts.some((x) => n.startsWith(netnsPrefix(x.name))));
  expect(left).toEqual([]);
});

async function runningTasks(appId: string, n: number): Promise<T[]> {
  let ts: T[] = [];
  await waitUntil(`${n} running tasks of ${appId}`, async () => {
    ts = (((await h.req('GET', `/v2/apps${appId}?embed=app.marina`)).body.app?.tasks ?? []) as T[]).filter((t) => t.state === 'TASK_RUNNING');
    return ts.length >= n;
  }, 30_000, 100);
  return ts;
}

const v6 = (t: T) => t.ipAddresses.find((a) => a.protocol === 'IPv6')!.ipAddress;
const v4 = (t: T) => t.ipAddresses.find((a) => a.protocol === 'IPv4')!.ipAddress;

async function curl(ns: string, url: string, six = true): Promise<number> {
  const res = await run('ip', ['netns', 'exec', ns, 'curl', ...(six ? ['-6'] : []), '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', url]);
  return Number(res.stdout) || 0;
}

const app = (id: string, net: string, instances: number) => ({
  id, cmd: HTTP6, instances, constraints: [['hostname', 'UNIQUE']],
  networks: [{ mode: 'container', name: net }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] },
});

let red: T[] = [];

test('a dual-stack task on host 1 reaches a task on host 2 over IPv6 across VXLAN (TCP)', async () => {
  expect((await h.req('POST', '/v2/apps', app('/red', 'ds-red', 2))).status).toBe(201);
  red = await runningTasks('/red', 2);
  const [a, b] = red[0].agentId === 'marina-a61' ? red : [red[1], red[0]];
  expect(a.agentId).toBe('marina-a61');
  expect(b.agentId).toBe('marina-a62');
  expect(v6(b)).toMatch(/^2001:2:0:a6:/);
  const nsA = taskNetnsName(a.agentId, a.id);
  // the task holds both addresses, the pool route via the anycast gateway
  const addrs = JSON.parse((await runOk('ip', ['-n', nsA, '-j', 'addr', 'show', 'eth0'])).stdout)[0].addr_info.map((x: { local: string }) => x.local);
  expect(addrs).toEqual(expect.arrayContaining([v4(a), v6(a)]));
  const r6 = (await runOk('ip', ['-n', nsA, '-6', 'route', 'show'])).stdout;
  expect(r6).toMatch(/2001:2:0:a6::\/64 via 2001:2:0:a6::1 dev eth0 metric 1/);
  // host 1's fabric: host 2's IPv6 block via host 2's VTEP link-local, permanent neighbour to its MAC
  const dev = vxlanDeviceName('ds-red');
  const mac2 = vtepMac('ds-red', '198.18.11.12');
  await waitUntil('IPv6 fabric route on host 1', async () => (await runOk('ip', ['-n', 'marina-a61', '-6', 'route', 'show', 'proto', '77'])).stdout.includes(`via ${linkLocalOf(mac2)} dev ${dev}`), 5_000);
  const neigh = (await runOk('ip', ['-n', 'marina-a61', '-6', 'neigh', 'show', 'dev', dev])).stdout;
  expect(neigh).toContain(`${linkLocalOf(mac2)} lladdr ${mac2} PERMANENT`);
  await waitUntil('HTTP over IPv6 from host 1 task to host 2 task', async () => (await curl(nsA, `http://[${v6(b)}]:8080/`)) === 200, 10_000);
  // and back, and IPv4 alongside
  expect(await curl(taskNetnsName(b.agentId, b.id), `http://[${v6(a)}]:8080/`)).toBe(200);
  expect(await curl(nsA, `http://${v4(b)}:8080/`, false)).toBe(200);
});

test('two dual-stack networks are isolated over IPv6; a flushed chain returns with the re-check', async () => {
  expect((await h.req('POST', '/v2/apps', app('/blue', 'ds-blue', 1))).status).toBe(201);
  const [blue] = await runningTasks('/blue', 1);
  const near = red.find((t) => t.agentId === blue.agentId)!;
  const far = red.find((t) => t.agentId !== blue.agentId)!;
  const ns = taskNetnsName(near.agentId, near.id);
  const url = `http://[${v6(blue)}]:8080/`;
  const hosts = under.hosts.map((x) => x.netns);
  const saved = async (host: string) => (await runOk('ip', ['netns', 'exec', host, 'ip6tables-save', '-t', 'filter'])).stdout;
  await waitUntil('IPv6 isolation rules', async () => (await saved(hosts[0])).includes('-A MARINA-ISOLATE -s 2001:2:0:a6::/64 -d 2001:2:0:a7::/64'), 5_000);
  expect(await curl(ns, url)).toBe(0);
  expect(await curl(taskNetnsName(far.agentId, far.id), url)).toBe(0);
  // without the chain the request passes (same host; masqueraded as it leaves its network): the drop above was the isolation
  for (const host of hosts) await runOk('ip', ['netns', 'exec', host, 'ip6tables', '-F', 'MARINA-ISOLATE']);
  await waitUntil('reachable without isolation', async () => (await curl(ns, url)) === 200, 5_000);
  // the fabric re-check (1 s here) writes the chain again
  await waitUntil('isolation restored', async () => (await curl(ns, url)) === 0, 5_000);
  expect(await saved(hosts[0])).toMatch(/-A FORWARD -j MARINA-ISOLATE/);
});

test('host-gw dual stack: IPv6 blocks are routed via the other host\'s IPv6 underlay address (--ip6)', async () => {
  expect((await h.req('POST', '/v2/apps', app('/green', 'ds-green', 2))).status).toBe(201);
  const green = await runningTasks('/green', 2);
  const [a, b] = green[0].agentId === 'marina-a61' ? green : [green[1], green[0]];
  expect(v6(b)).toMatch(/^2001:2:0:a8:/);
  const routes = async () => (await runOk('ip', ['-n', 'marina-a61', '-6', 'route', 'show', 'proto', '77'])).stdout;
  await waitUntil('IPv6 host-gw route on host 1', async () => /2001:2:0:a8:[0-9a-f:]*\/122 via 2001:2:0:ff::12 dev eth0/.test(await routes()), 5_000);
  await waitUntil('HTTP over IPv6 across host-gw', async () => (await curl(taskNetnsName(a.agentId, a.id), `http://[${v6(b)}]:8080/`)) === 200, 10_000);
  expect(await curl(taskNetnsName(b.agentId, b.id), `http://[${v6(a)}]:8080/`)).toBe(200);
  expect(await curl(taskNetnsName(a.agentId, a.id), `http://${v4(b)}:8080/`, false)).toBe(200);
});
