/**
 * Userspace L4 VIPs (no root, no nftables needed by the proxy itself): the
 * proxy runs inside a netns whose lo holds the VIP; backends are the same
 * name servers as the kernel tests, on the underlay.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import type { VipService } from '../../services/lb/model/vip-table';
import { cleanupNetns, netnsExec } from '../helpers/netns';
import { nodeBinary } from '../helpers/process';
import { CLIENT_JS, nodeIn, Topology, UDP_CLIENT_JS } from '../helpers/lb-topology';

jest.setTimeout(60_000);
const VIP = '198.19.250.9';

function svc(proto: 'tcp' | 'udp', port: number, backends: string[], affinitySeconds?: number): VipService {
  return { key: `${VIP}:${port}/${proto}`, ip: VIP, port, proto, family: 4, appIds: ['/web'], backends: backends.map((ip) => ({ ip, port: 8080, taskId: ip })), affinitySeconds };
}

describe('userspace L4 VIPs', () => {
  const topo = new Topology('u');
  let host = '';
  let proxy: ChildProcessWithoutNullStreams;
  let out = '';

  async function sync(table: VipService[]): Promise<void> {
    const before = (out.match(/synced|error/g) ?? []).length;
    proxy.stdin.write(JSON.stringify(table) + '\n');
    for (let i = 0; i < 200 && (out.match(/synced|error/g) ?? []).length === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(out.trim().split('\n').pop()).toBe(`synced ${table.length}`);
  }

  beforeAll(async () => {
    await topo.underlay();
    host = await topo.node('h', 1);
    await netnsExec(host, ['ip', 'addr', 'add', `${VIP}/32`, 'dev', 'lo']);
    for (const [i, o] of [[1, 11], [2, 12], [3, 13]]) await topo.backend(`b${i}`, o, 8080);
    await topo.waitHttp(host, 'http://198.18.2.13:8080/');
    const root = repoRoot();
    proxy = spawn('ip', ['netns', 'exec', host, nodeBinary(), '-r', join(root, 'bench/_register.js'), join(root, 'bench/lb/userspace-serve.ts')], { cwd: root });
    proxy.stdout.on('data', (d: Buffer) => (out += d.toString()));
  });

  afterAll(async () => {
    proxy?.stdin.end();
    proxy?.kill('SIGKILL');
    await topo.stop();
    await cleanupNetns();
  });

  it('spreads TCP over the ready backends and resets when there are none', async () => {
    await sync([svc('tcp', 80, ['198.18.2.11', '198.18.2.12', '198.18.2.13']), svc('udp', 53, ['198.18.2.11'])]);
    const counts = JSON.parse(await nodeIn(host, CLIENT_JS, [`http://${VIP}/`, '600'])) as Record<string, number>;
    expect(counts.errors).toBe(0);
    for (const b of ['b1', 'b2', 'b3']) expect(counts[b]).toBeGreaterThan(140);
    await sync([svc('tcp', 80, []), svc('udp', 53, ['198.18.2.11'])]);
    const r = await netnsExec(host, ['curl', '-sS', '-m', '3', `http://${VIP}/`], { allowFail: true });
    expect([7, 52, 56]).toContain(r.code); // refused / empty reply / reset at once, not a timeout (28)
  });

  it('moves a UDP client to the new backend when its backend is replaced', async () => {
    await sync([svc('tcp', 80, ['198.18.2.11']), svc('udp', 53, ['198.18.2.11'])]);
    expect(await nodeIn(host, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('b1');
    await sync([svc('tcp', 80, ['198.18.2.11']), svc('udp', 53, ['198.18.2.12'])]);
    expect(await nodeIn(host, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('b2');
  });

  it('keeps client-IP affinity', async () => {
    await sync([svc('tcp', 80, ['198.18.2.11', '198.18.2.12', '198.18.2.13'], 60)]);
    const counts = JSON.parse(await nodeIn(host, CLIENT_JS, [`http://${VIP}/`, '60'])) as Record<string, number>;
    expect(Object.keys(counts).filter((k) => k !== 'errors')).toHaveLength(1);
  });
});
