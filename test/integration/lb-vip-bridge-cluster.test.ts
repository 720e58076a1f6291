/**
 * The local multi-host cluster (deploy/local-cluster.sh up 2: underlay
 * 198.18.60.0/24, hosts marina-lv1 and marina-lv2, each agent's id its host
 * name) with a `marina lb` in each host, run with that host name as its
 * hostname (so its default --agent-id is its agent's id). A named VIP whose
 * backend is a bridge-mode task on host 1 answers over TCP and UDP from
 * host 1 itself, from a host-mode, a bridge-mode and a virtual-network task
 * on host 1, from the backend itself (hairpin), and from host 2 and its
 * bridge and virtual-network tasks (there the VIP leads to host 1's host
 * port), in nftables and in iptables mode.
 */
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { netnsPrefix } from '../../services/agent/names';
import { waitUntil } from '../helpers/_children';
import { run, runOk } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { clusterApi, clusterCa } from '../helpers/local-cluster';
import { runningTask, backendApp, callVip, callVipRetry, sleeperApp, whereTask, type ApiTask, type ClientMode, type Where } from './lb-vip-matrix';

jest.setTimeout(240_000);

const P = 'marina-lv';
const SUB = '198.18.60';
const DIR = '/tmp/marina-lv-test';
const GW = `${SUB}.1`;
const env = { ...process.env, MARINA_LC_PREFIX: P, MARINA_LC_SUBNET: SUB, MARINA_LC_DIR: DIR };
const script = join(repoRoot(), 'deploy', 'local-cluster.sh');
const H1 = `${P}1`;
const H2 = `${P}2`;
const MARK = 'marina-lv-tas' + 'k';
const on = (host: string) => [['hostname', 'CLUSTER', host]];

const api = clusterApi(DIR, GW, `${P}u`);

const running = (appId: string) => runningTask(api, appId);

const CLIENTS: Array<[string, ClientMode, string]> = [
  ['/lv/h1-host', 'host', H1],
  ['/lv/h1-bridge', 'bridge', H1],
  ['/lv/h1-virtual', 'virtual', H1],
  ['/lv/h2-bridge', 'bridge', H2],
  ['/lv/h2-virtual', 'virtual', H2],
];

let vip = '';
let backend: ApiTask;
const where = new Map<string, Where>();

beforeAll(async () => {
  await run(script, ['down'], { env });
  await runOk(script, ['up', '2'], { env, timeoutMs: 90_000 });
  // A host's own connections to a VIP are routed before they are NATed: give the simulated hosts
  // the default route a real host has (local-cluster.sh hosts have none).
  for (const host of [H1, H2]) await runOk('ip', ['-n', host, 'route', 'add', 'default', 'via', GW]);
  await api('POST', '/v2/apps', backendApp('/lv/web', '/lvweb', MARK, on(H1)));
  for (const [id, m, host] of CLIENTS) await api('POST', '/v2/apps', sleeperApp(id, m, MARK, { network: 'overlay', constraints: on(host) }));
  backend = await running('/lv/web');
  expect(backend.host).toBe(H1);
  where.set('h1', { netns: H1 });
  where.set('h2', { netns: H2 });
  where.set('self', whereTask(backend, '', 'bridge'));
  for (const [id, m, host] of CLIENTS) {
    const t = await running(id);
    expect(t.host).toBe(host);
    where.set(id, whereTask(t, join(DIR, `agent${host.slice(P.length)}`), m));
  }
  await waitUntil('the VIP in DNS', async () => {
    vip = (await run('ip', ['netns', 'exec', `${P}u`, 'dig', `@${GW}`, 'lvweb.marathon.l4lb.thisdcos.directory', '+short'])).stdout.trim();
    return /^198\.19\.250\.\d+$/.test(vip);
  }, 30_000, 250);
});

afterAll(async () => {
  try {
    const apps = ((await api('GET', '/v2/apps').catch(() => ({ apps: [] }))) as { apps: Array<{ id: string }> }).apps;
    for (const a of apps) await api('DELETE', `/v2/apps${a.id}?force=true`);
    await waitUntil('task netns gone', async () => !(await listNetns()).some((n) => [H1, H2].some((h) => n.startsWith(netnsPrefix(h)))), 30_000, 250).catch(() => undefined);
  } finally {
    await run(script, ['down'], { env });
    await run('pkill', ['-9', '-f', MARK.slice(0, -1) + '[k]']);
  }
});

describe.each(['nftables', 'iptables'])('a VIP to a bridge task on host 1 (local cluster, %s)', (mode) => {
  const lbs: MarinaProcess[] = [];

  beforeAll(async () => {
    for (const host of [H1, H2]) {
      // each lb follows the watch with its own viewer token, over TLS with the cluster CA
      const viewer = (await api('POST', '/v1/tokens', { role: 'viewer', description: `lb on ${host}` })).token as string;
      lbs.push(spawnMarina(['lb', '--allocator', `${GW}:8081`, '--mode', mode, '--listen', '127.0.0.1:9096', '--sync-period', '5'], { netns: host, hostname: host, env: { MARINA_TOKEN: viewer, MARINA_CA: clusterCa(DIR) } }));
    }
    for (const host of [H1, H2]) {
      await waitUntil(`VIP answers on ${host}`, async () => (await callVip({ netns: host }, 'tcp', vip)).ok, 30_000, 250);
    }
  });

  afterAll(async () => {
    for (const lb of lbs) await lb.stop();
    // the next mode's lb removes these rules on start; the last ones go with the host netns
  });

  const cells: Array<[string, string]> = [
    ['host 1 itself', 'h1'],
    ['a host-mode task on host 1', '/lv/h1-host'],
    ['a virtual-network task on host 1', '/lv/h1-virtual'],
    ['host 2', 'h2'],
    ['a bridge task on host 2', '/lv/h2-bridge'],
    ['a virtual-network task on host 2', '/lv/h2-virtual'],
  ];
  for (const proto of ['tcp', 'udp'] as const) {
    it.each(cells)(`${proto} from %s`, async (_name, key) => {
      const r = await callVipRetry(where.get(key)!, proto, vip);
      expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
    });

    // masqueraded to the bridge address by the agent's hostPort-hairpin rule (see lb-vip-bridge-up)
    it(`${proto} from a bridge task on the backend's bridge`, async () => {
      const r = await callVipRetry(where.get('/lv/h1-bridge')!, proto, vip);
      expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
    });

    it(`${proto} from the backend itself (hairpin): masqueraded`, async () => {
      const r = await callVipRetry(where.get('self')!, proto, vip);
      expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
      expect(r.reply.split(' ')[1]).not.toBe(backend.ipAddresses![0].ipAddress);
    });
  }
});
