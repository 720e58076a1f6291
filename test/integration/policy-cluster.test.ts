/**
 * Network policy on the local multi-host cluster (deploy/local-cluster.sh up 3
 * with an nftables lb in every host), through the real API: /shop/db on host 1
 * or 3 over VXLAN (`overlay`) with a VIP, /shop/dbhg over host-gw, web
 * and other clients on host 2 on both networks; on a ptp network, db, web and
 * other on host 1. Default open; a policy
 * admitting /shop/web* to 5432 only is enforced on host 1 (direct over VXLAN
 * and host-gw, and through the VIP, DNATed on host 2); its status counts
 * drops; scaling db admits the new instances; deleting the policy reopens.
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix, taskNetnsName } from '../../services/agent/names';
import { waitUntil } from '../helpers/_children';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { clusterApi } from '../helpers/local-cluster';
import { CLIENT, ECHO, runningTask, sleeperApp, type ApiTask } from './lb-vip-matrix';

jest.setTimeout(300_000);

const P = 'marina-p';
const SUB = '198.18.72';
const DIR = '/tmp/marina-lc-policy';
const GW = `${SUB}.1`;
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR, MARINA_LC_NETWORKS: 'overlay=198.19.96.0/20:vxlan,hostgw=198.19.112.0/20:host-gw', MARINA_LC_LB: 'nftables' };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const [H1, H2] = [`${P}1`, `${P}2`];
const MARK = 'marina-pc-tas' + 'k';
const on = (host: string) => [['hostname', 'CLUSTER', host]];

const api = clusterApi(DIR, GW, `${P}u`);

/** db: TCP 5432 and 22 (and UDP for the helper), on a virtual network, with a VIP on 5432. */
function dbApp(id: string, network: string, instances = 1, constraints = [['hostname', 'UNLIKE', H2]]): object {
  return {
    // never on host 2 (the clients' host): traffic crosses the fabric; hosts 1 and 3 when scaled
    id, instances, cpus: 0.1, mem: 32, constraints,
    cmd: `python3 ${ECHO} db22 22 8054 ${MARK} & exec python3 ${ECHO} db 5432 8053 ${MARK}`,
    networks: [{ mode: 'container', name: network }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 5432, protocol: 'tcp', labels: { VIP_0: `/${id.split('/').pop()}:5432` } }, { containerPort: 22, protocol: 'tcp' }] },
  };
}

const tasks = new Map<string, ApiTask>();
const ipOf = (t: ApiTask) => t.ipAddresses![0].ipAddress;

/** The agent's policy timing counts on one host (its /metrics). */
async function agentMetrics(host: string): Promise<{ runningToProgrammed: number; unprotectedStarts: number }> {
  const text = (await runOk('ip', ['netns', 'exec', host, 'curl', '-s', 'http://127.0.0.1:9102/metrics'])).stdout;
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { runningToProgrammed: value('marina_policy_running_to_programmed_seconds_count'), unprotectedStarts: value('marina_policy_unprotected_starts_total') };
}

/** One TCP request from a task's netns; true when the server answered. */
async function reach(fromApp: string, addr: string, port: number): Promise<boolean> {
  const t = tasks.get(fromApp)!;
  const res = await run('ip', ['netns', 'exec', taskNetnsName(t.host, t.id), 'python3', CLIENT, 'tcp', addr, String(port)]);
  return res.code === 0;
}

const policy = { id: 'db-ingress', selector: { apps: ['/shop/db', '/shop/dbhg', '/shop/dbp'] }, ingress: [{ from: { apps: ['/shop/web', '/shop/webhg', '/shop/webp'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };
let vip = '';

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '3'], { env, timeoutMs: 120_000 });
  await api('POST', '/v2/apps', dbApp('/shop/db', 'overlay'));
  await api('POST', '/v2/apps', dbApp('/shop/dbhg', 'hostgw'));
  // ptp: a routed veth per task, no bridge; clients on the same host (the packets cross its forward hook)
  await api('POST', '/v2/networks', { name: 'p2p', cidr: '198.19.92.0/22', driver: 'ptp' });
  await api('POST', '/v2/apps', dbApp('/shop/dbp', 'p2p', 1, on(H1)));
  for (const id of ['/shop/webp', '/other/appp']) await api('POST', '/v2/apps', sleeperApp(id, 'virtual', MARK, { network: 'p2p', constraints: on(H1) }));
  for (const [id, net] of [['/shop/web', 'overlay'], ['/shop/webhg', 'hostgw'], ['/other/app', 'overlay'], ['/other/apphg', 'hostgw']]) {
    await api('POST', '/v2/apps', sleeperApp(id, 'virtual', MARK, { network: net, constraints: on(H2) }));
  }
  for (const id of ['/shop/db', '/shop/dbhg', '/shop/dbp', '/shop/web', '/shop/webhg', '/shop/webp', '/other/app', '/other/apphg', '/other/appp']) tasks.set(id, await runningTask(api, id));
  await waitUntil('the VIP in DNS', async () => {
    vip = (await run('ip', ['netns', 'exec', `${P}u`, 'dig', `@${GW}`, 'db.marathon.l4lb.thisdcos.directory', '+short'])).stdout.trim();
    return /^198\.19\.\d+\.\d+$/.test(vip);
  }, 30_000, 250);
  await waitUntil('the VIP answers from web', () => reach('/shop/web', vip, 5432), 30_000, 500);
});

afterAll(async () => {
  try {
    await api('DELETE', '/v1/policies/db-ingress').catch(() => undefined);
    const apps = ((await api('GET', '/v2/apps').catch(() => ({ apps: [] }))) as { apps: Array<{ id: string }> }).apps;
    for (const a of apps) await api('DELETE', `/v2/apps${a.id}?force=true`);
    await api('DELETE', '/v2/networks/p2p').catch(() => undefined);
    await waitUntil('task netns gone', async () => !(await listNetns()).some((n) => [1, 2, 3].some((i) => n.startsWith(netnsPrefix(`${P}${i}`)))), 30_000, 250).catch(() => undefined);
  } finally {
    await run(script, ['down'], { env });
    await run('pkill', ['-9', '-f', MARK.slice(0, -1) + '[k]']);
  }
});

describe('network policy across hosts (VXLAN, host-gw, ptp, VIP)', () => {
  test('default open', async () => {
    const db = ipOf(tasks.get('/shop/db')!);
    const dbhg = ipOf(tasks.get('/shop/dbhg')!);
    expect([await reach('/shop/web', db, 5432), await reach('/shop/web', db, 22), await reach('/other/app', db, 5432), await reach('/other/apphg', dbhg, 5432)]).toEqual([true, true, true, true]);
  });

  test('a policy admits web to db:5432 only, over VXLAN, host-gw, ptp and the VIP; drops counted in its status', async () => {
    await api('POST', '/v1/policies', policy);
    const db = ipOf(tasks.get('/shop/db')!);
    const dbhg = ipOf(tasks.get('/shop/dbhg')!);
    await waitUntil('policy enforced on host 1', async () => !(await reach('/other/app', db, 5432)), 30_000, 200);
    expect(await reach('/shop/web', db, 5432)).toBe(true); // VXLAN
    expect(await reach('/shop/web', db, 22)).toBe(false);
    expect(await reach('/shop/webhg', dbhg, 5432)).toBe(true); // host-gw
    expect(await reach('/shop/webhg', dbhg, 22)).toBe(false);
    expect(await reach('/other/apphg', dbhg, 5432)).toBe(false);
    const dbp = ipOf(tasks.get('/shop/dbp')!);
    expect(await reach('/shop/webp', dbp, 5432)).toBe(true); // ptp, same host
    expect(await reach('/shop/webp', dbp, 22)).toBe(false);
    expect(await reach('/other/appp', dbp, 5432)).toBe(false);
    expect(await reach('/shop/web', vip, 5432)).toBe(true); // VIP: DNAT on host 2, checked on host 1
    expect(await reach('/other/app', vip, 5432)).toBe(false);
    // the change's programming was timed on host 1 (live change: the policy's version → its chain)
    const metrics = (await runOk('ip', ['netns', 'exec', H1, 'curl', '-s', 'http://127.0.0.1:9102/metrics'])).stdout;
    expect(Number(/^marina_policy_programming_duration_seconds_count(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    expect(metrics).toMatch(/^marina_policy_sync_failures_total(?:\{[^}]*\})? 0$/m);
    await waitUntil('status of host 1 counts drops', async () => {
      const st = await api('GET', '/v1/policies/db-ingress/status');
      const h1 = (st.hosts as Array<{ agentId: string; programmed: boolean; dropped: { packets: number } }>).find((h) => h.agentId === H1);
      return h1?.programmed === true && h1.dropped.packets >= 3;
    }, 30_000, 500);
  });

  test('scaling db from 1 to 20 instances on hosts 1 and 3 admits the new instances (and only web)', async () => {
    const hosts = [H1, H2, `${P}3`];
    const before = await Promise.all(hosts.map(agentMetrics));
    const oldIds = new Set(((await api('GET', '/v2/apps/shop/db/tasks')) as { tasks: ApiTask[] }).tasks.map((t) => t.id));
    await api('PUT', '/v2/apps/shop/db?force=true', dbApp('/shop/db', 'overlay', 20));
    let all: ApiTask[] = [];
    await waitUntil('20 db tasks running', async () => {
      all = ((await api('GET', '/v2/apps/shop/db/tasks')) as { tasks: ApiTask[] }).tasks.filter((t) => t.state === 'TASK_RUNNING');
      return all.length === 20;
    }, 180_000, 500);
    expect(new Set(all.map((t) => t.host)).size).toBe(2);
    for (const t of all) {
      await waitUntil(`web reaches ${t.id}`, () => reach('/shop/web', ipOf(t), 5432), 15_000, 200);
      expect(await reach('/other/app', ipOf(t), 5432)).toBe(false);
    }
    // every host timed each new task from its running (any other task the cluster started meanwhile,
    // e.g. a restarted one, is timed too: at least, not exactly), and none started before its host's table held it
    const started = all.filter((t) => !oldIds.has(t.id)).length;
    expect(started).toBeGreaterThanOrEqual(19);
    await waitUntil('each new task timed from running on every host', async () => {
      const now = await Promise.all(hosts.map(agentMetrics));
      const deltas = now.map((m, i) => m.runningToProgrammed - before[i].runningToProgrammed);
      if (deltas.some((d) => d < started)) throw new Error(`observed per host: ${deltas.join(', ')}, tasks started: ${started}`);
      return true;
    }, 15_000, 500);
    for (const m of await Promise.all(hosts.map(agentMetrics))) expect(m.unprotectedStarts).toBe(0);
  });

  test('deleting the policy restores access', async () => {
    await api('DELETE', '/v1/policies/db-ingress');
    const db = ipOf(await runningTask(api, '/shop/db'));
    await waitUntil('open again', () => reach('/other/app', db, 5432), 30_000, 200);
    expect(await reach('/shop/web', db, 22)).toBe(true);
  });
});
