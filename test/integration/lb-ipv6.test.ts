/**
 * IPv6 VIPs end to end (nftables `vips6`/`be6`, and ip6tables): a host netns
 * routing between a client (2001:2:0:2::2) and two backends
 * (2001:2:0:1::11, ::12), VIP 2001:2:0:fa::7 (addresses from 2001:2::/48
 * only). Real nft / ip6tables-restore / conntrack, real curl. Backends echo
 * their name and the client address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { TaskVip } from '../../lib/model/cluster';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { runOk } from '../helpers/exec';
import { cleanupNetns, createNetns, netnsExec } from '../helpers/netns';
import { nodeBinary } from '../helpers/process';
import { app, hostTask, nodeIn } from '../helpers/lb-topology';

jest.setTimeout(120_000);

const VIP = '2001:2:0:fa::7';
const ECHO6_JS = `
const [name, port] = [process.argv[1], Number(process.argv[2])];
require('http').createServer((req, res) => res.end(name + ' ' + req.socket.remoteAddress)).listen(port, '::');
const u = require('dgram').createSocket('udp6');
u.on('message', (m, r) => u.send(name, r.port, r.address));
u.bind(port, '::');
`;
const UDP6_JS = `
const d = require('dgram').createSocket('udp6');
const [ip, port, src] = process.argv.slice(1);
d.bind(Number(src), () => {
  d.send('q', Number(port), ip);
  const t = setTimeout(() => { console.log('TIMEOUT'); d.close(); }, 1500);
  d.on('message', (m) => { clearTimeout(t); console.log(m.toString()); d.close(); });
});
`;

const web = (): TaskVip[] => [{ label: `[${VIP}]:80`, ip: VIP, port: 80, protocol: 'tcp', portIndex: 0 }];
const dns = (): TaskVip[] => [{ label: `[${VIP}]:53`, ip: VIP, port: 53, protocol: 'udp', portIndex: 0 }];
const task = (id: string, appId: string, ip: string, vips: TaskVip[], over = {}) => hostTask(id, appId, ip, 8080, vips, { host: ip, agentId: `agent-${id}`, ...over });

describe.each(['nftables', 'iptables'])('IPv6 VIPs (%s)', (mode) => {
  const tag = mode === 'nftables' ? 'n' : 'i';
  const ns = (n: string) => `marina-lb6${tag}${n}`;
  const children: ChildProcess[] = [];
  const feed = new MemoryFeed();
  let lb: RunningLb | undefined;

  /** veth ns:eth0 (addr) <-> host:peer (gateway addr), no DAD, default route via the host. */
  async function attach(name: string, addr: string, peer: string, gw: string): Promise<string> {
    const n = await createNetns(ns(name));
    await runOk('ip', ['-n', n, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', peer, 'netns', ns('h')]);
    await runOk('ip', ['-n', n, 'addr', 'add', `${addr}/64`, 'dev', 'eth0', 'nodad']);
    await runOk('ip', ['-n', ns('h'), 'addr', 'add', `${gw}/64`, 'dev', peer, 'nodad']);
    await runOk('ip', ['-n', n, 'link', 'set', 'eth0', 'up']);
    await runOk('ip', ['-n', ns('h'), 'link', 'set', peer, 'up']);
    await runOk('ip', ['-n', n, '-6', 'route', 'add', 'default', 'via', gw]);
    return n;
  }

  async function synced(): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 100 && lb!.syncer.tracker.revision !== feed.revision; i++) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 30));
    await lb!.syncer.runner.idle();
    expect(lb!.syncer.lastError).toBeUndefined();
  }

  const curl = (from: string) => netnsExec(from, ['curl', '-sS', '-g', '-m', '3', `http://[${VIP}]/`], { allowFail: true });

  beforeAll(async () => {
    const h = await createNetns(ns('h'));
    await netnsExec(h, ['sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1']);
    await attach('c', '2001:2:0:2::2', `marina6${tag}c`, '2001:2:0:2::1');
    const b1 = await attach('b1', '2001:2:0:1::11', `marina6${tag}b1`, '2001:2:0:1::1');
    const b2 = await attach('b2', '2001:2:0:3::12', `marina6${tag}b2`, '2001:2:0:3::1');
    // The host's own connections to the VIP need a route for it (output NAT reroutes after DNAT).
    await runOk('ip', ['-n', h, '-6', 'route', 'add', '2001:2:0:fa::/64', 'dev', `marina6${tag}c`]);
    for (const [n, name] of [[b1, 'b1'], [b2, 'b2']]) children.push(spawn('ip', ['netns', 'exec', n, nodeBinary(), '-e', ECHO6_JS, name, '8080'], { stdio: 'ignore' }));
    for (const ip of ['2001:2:0:1::11', '2001:2:0:3::12']) {
      for (let i = 0; i < 100 && (await netnsExec(ns('c'), ['curl', '-s', '-g', '-m', '1', `http://[${ip}]:8080/`], { allowFail: true })).code !== 0; i++) await new Promise((r) => setTimeout(r, 50));
    }
    feed.publish([
      { kind: 'app', op: 'put', id: '/web6', value: app('/web6') },
      { kind: 'app', op: 'put', id: '/dns6', value: app('/dns6') },
      { kind: 'task', op: 'put', id: 'web6.1', value: task('web6.1', '/web6', '2001:2:0:1::11', web()) },
      { kind: 'task', op: 'put', id: 'web6.2', value: task('web6.2', '/web6', '2001:2:0:3::12', web()) },
      { kind: 'task', op: 'put', id: 'dns6.1', value: task('dns6.1', '/dns6', '2001:2:0:1::11', dns(), { ports: [{ hostPort: 8080, containerPort: 8080, protocol: 'udp', labels: {} }] }) },
    ]);
    lb = await startLb({
      allocator: 'unused', mode, listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['2001:2::/48', '198.18.0.0/15'],
      masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false,
      feed: feed.subscriber(), netns: h,
    });
    await synced();
  });

  afterAll(async () => {
    await lb?.stop().catch(() => undefined);
    for (const c of children) c.kill('SIGKILL');
    await cleanupLb(ns('h')).catch(() => undefined);
    await cleanupNetns();
  });

  it('programs the VIP in the IPv6 tables', async () => {
    const text = mode === 'nftables' ? (await netnsExec(ns('h'), ['nft', 'list', 'map', 'inet', 'marina', 'vips6'])).stdout : (await netnsExec(ns('h'), ['ip6tables-save', '-t', 'nat'])).stdout;
    expect(text).toContain(mode === 'nftables' ? `${VIP} . tcp . 80` : `-d ${VIP}/128`);
  });

  it('answers curl through the IPv6 VIP from a client (unmasqueraded) and from the host, over both backends', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await curl(ns('c'));
      expect(r.stdout).toMatch(/^b[12] 2001:2:0:2::2$/);
      seen.add(r.stdout.split(' ')[0]);
    }
    expect([...seen].sort()).toEqual(['b1', 'b2']);
    expect((await curl(ns('h'))).stdout).toMatch(/^b[12] /);
  });

  it('hairpin: a backend reaching itself through the VIP is masqueraded', async () => {
    feed.publish([{ kind: 'task', op: 'put', id: 'web6.2', value: task('web6.2', '/web6', '2001:2:0:3::12', web(), { desired: 'stop' }) }]);
    await synced();
    expect((await curl(ns('b1'))).stdout).toBe('b1 2001:2:0:1::1');
  });

  it('a UDP VIP answers and follows a backend change from the same client port', async () => {
    expect(await nodeIn(ns('c'), UDP6_JS, [VIP, '53', '40053'])).toBe('b1');
    feed.publish([
      { kind: 'task', op: 'put', id: 'dns6.1', value: task('dns6.1', '/dns6', '2001:2:0:1::11', dns(), { desired: 'stop', ports: [{ hostPort: 8080, containerPort: 8080, protocol: 'udp', labels: {} }] }) },
      { kind: 'task', op: 'put', id: 'dns6.2', value: task('dns6.2', '/dns6', '2001:2:0:3::12', dns(), { ports: [{ hostPort: 8080, containerPort: 8080, protocol: 'udp', labels: {} }] }) },
    ]);
    await synced();
    expect(await nodeIn(ns('c'), UDP6_JS, [VIP, '53', '40053'])).toBe('b2');
  });

  it('rejects (connection refused, not a timeout) when no backend is ready', async () => {
    feed.publish([{ kind: 'task', op: 'put', id: 'web6.1', value: task('web6.1', '/web6', '2001:2:0:1::11', web(), { ready: false }) }]);
    await synced();
    for (const from of [ns('c'), ns('h')]) {
      const started = Date.now();
      const r = await curl(from);
      expect(r.code).toBe(7);
      // At once: not after the SYN retransmit (1 s), which is what a rate-limited ICMPv6 error gave.
      expect(Date.now() - started).toBeLessThan(500);
    }
  });
});
