/**
 * `marina up` on one machine (its own netns marina-lvu, 198.18.61.0/24, and
 * its own hostname marina-lvu-h through a UTS namespace, so the agent id is
 * the default: the hostname): a named VIP whose backend is a bridge-mode task
 * of this host answers over TCP and UDP from the host itself, from a
 * host-mode, a bridge-mode and a virtual-network task, and from the backend
 * itself (hairpin), in nftables and then iptables mode (a restart with
 * `--lb iptables` on the same data dir: tasks re-adopted, the nftables
 * rules replaced). Before the fix the lb knew no agent id in `marina up`,
 * sent the VIP to hostIP:hostPort, and the host's own connections were refused.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { netnsPrefix } from '../../services/agent/names';
import { waitUntil } from '../helpers/_children';
import { run } from '../helpers/exec';
import { createNetns, deleteNetns, listNetns, netnsExec, vethPair } from '../helpers/netns';
import { spawnMarina, type MarinaProcess } from '../helpers/process';
import { readClientConfig } from '../../lib/auth/client-config';
import { parseApi, runningTask, backendApp, callVip, callVipRetry, sleeperApp, whereTask, type ApiTask, type ClientMode, type Where } from './lb-vip-matrix';

jest.setTimeout(240_000);

const NS = 'marina-lvu';
const HOST = 'marina-lvu-h';
const MARK = 'marina-lvu-tas' + 'k';
let dir: string;
let up: MarinaProcess | undefined;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  // as the admin `marina up` wrote to its client config (MARINA_CLIENT_CONFIG below)
  const token = readClientConfig(join(dir, 'client.json'))?.token ?? '';
  const args = ['curl', '-s', '-w', '\\n%{http_code}', '-H', `authorization: Bearer ${token}`, '-X', method, `http://127.0.0.1:8080${path}`];
  if (body) args.push('-H', 'content-type: application/json', '-d', JSON.stringify(body));
  return parseApi(method, path, (await netnsExec(NS, args)).stdout);
}

const running = (appId: string) => runningTask(api, appId);

function startUp(mode: string): MarinaProcess {
  return spawnMarina(['up', '--lb', mode, '--data-dir', join(dir, 'data')], { netns: NS, hostname: HOST, env: { MARINA_CLIENT_CONFIG: join(dir, 'client.json') } });
}

async function removeTaskLeftovers(): Promise<void> {
  // From the root namespace: the netns helper may already have removed NS. (The [k] keeps pkill from matching itself.)
  await run('pkill', ['-9', '-f', MARK.slice(0, -1) + '[k]']);
  for (const ns of await listNetns()) if (ns.startsWith(netnsPrefix(HOST))) await deleteNetns(ns);
  // and the resolv.conf dirs the agent wrote for them
  for (const d of readdirSync('/etc/netns').filter((n) => n.startsWith(netnsPrefix(HOST)))) rmSync(join('/etc/netns', d), { recursive: true, force: true });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-lvu-'));
  await deleteNetns(NS);
  await createNetns(NS);
  await vethPair({ ns: NS, name: 'marina-lvu-eth0', address: '198.18.61.1/24' }, { ns: NS, name: 'marina-lvu-peer' });
  await netnsExec(NS, ['ip', 'route', 'add', 'default', 'via', '198.18.61.254', 'dev', 'marina-lvu-eth0']);
});

afterAll(async () => {
  try {
    if (up?.running()) {
      const apps = ((await api('GET', '/v2/apps').catch(() => ({ apps: [] }))) as { apps: Array<{ id: string }> }).apps;
      for (const a of apps) await api('DELETE', `/v2/apps${a.id}?force=true`);
      await waitUntil('task netns gone', async () => !(await listNetns()).some((n) => n.startsWith(netnsPrefix(HOST))), 30_000, 250).catch(() => undefined);
    }
  } finally {
    await up?.stop(15_000);
    await removeTaskLeftovers();
    await deleteNetns(NS);
    rmSync(dir, { recursive: true, force: true });
  }
});

const CLIENTS: Array<[string, ClientMode | 'self']> = [
  ['/lv/host', 'host'],
  ['/lv/bridge', 'bridge'],
  ['/lv/virtual', 'virtual'],
];

describe.each(['nftables', 'iptables'])('a VIP to a bridge task on the same host (marina up, %s)', (mode) => {
  let vip = '';
  let backend: ApiTask;
  const where = new Map<string, Where>();

  beforeAll(async () => {
    await up?.stop(15_000);
    up = startUp(mode);
    await waitUntil('marina up answers /ping', async () => (await netnsExec(NS, ['curl', '-sf', 'http://127.0.0.1:8080/ping'], { allowFail: true })).code === 0, 60_000, 250);
    // the agent has registered once its health answers
    await waitUntil('the agent is up', async () => (await netnsExec(NS, ['curl', '-sf', 'http://127.0.0.1:9102/health'], { allowFail: true })).code === 0, 30_000, 250);
    if (mode === 'nftables') {
      await api('POST', '/v2/apps', backendApp('/lv/web', '/lvweb', MARK));
      for (const [id, m] of CLIENTS) await api('POST', '/v2/apps', sleeperApp(id, m as ClientMode, MARK, { network: 'dcos' }));
    }
    backend = await running('/lv/web');
    for (const [id, m] of CLIENTS) where.set(m, whereTask(await running(id), join(dir, 'data', 'agent'), m as ClientMode));
    where.set('self', whereTask(backend, '', 'bridge'));
    await waitUntil('the VIP in DNS', async () => {
      vip = (await netnsExec(NS, ['dig', '@127.0.0.1', 'lvweb.marathon.l4lb.thisdcos.directory', '+short'], { allowFail: true })).stdout.trim();
      return /^198\.19\.250\.\d+$/.test(vip);
    }, 30_000, 250);
    await waitUntil('the VIP answers from the host', async () => (await callVip({ netns: NS }, 'tcp', vip)).ok, 30_000, 250);
  });

  it.each(['tcp', 'udp'] as const)('%s from the host itself', async (proto) => {
    const r = await callVipRetry({ netns: NS }, proto, vip);
    expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
  });

  it.each(['tcp', 'udp'] as const)('%s from a host-mode task', async (proto) => {
    const r = await callVipRetry(where.get('host')!, proto, vip);
    expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
  });

  // Its source reaches the backend masqueraded to the bridge address: the agent's "hostPort hairpin" rule
  // masquerades every DNATed connection from the bridge subnet back into it, the VIP's too (a known limit).
  it.each(['tcp', 'udp'] as const)('%s from a bridge task on the same bridge', async (proto) => {
    const r = await callVipRetry(where.get('bridge')!, proto, vip);
    expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
  });

  it.each(['tcp', 'udp'] as const)('%s from a virtual-network task', async (proto) => {
    const r = await callVipRetry(where.get('virtual')!, proto, vip);
    expect([r.ok, r.reply.split(' ')[0], r.err]).toEqual([true, 'backend', '']);
  });

  it.each(['tcp', 'udp'] as const)('%s from the backend itself (hairpin): masqueraded, so the reply comes back', async (proto) => {
    const r = await callVipRetry(where.get('self')!, proto, vip);
    expect([r.ok, r.err]).toEqual([true, '']);
    expect(r.reply.split(' ')[0]).toBe('backend');
    expect(r.reply.split(' ')[1]).not.toBe(backend.ipAddresses![0].ipAddress);
  });
});
