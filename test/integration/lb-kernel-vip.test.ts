/**
 * Kernel VIPs end to end, in nftables and iptables mode: real netns hosts,
 * real nft / iptables-restore / conntrack, real curl. The lb runs in-process
 * and shells into the host netns (`ip netns exec`); the feed is MemoryFeed.
 */
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import type { TaskVip } from '../../lib/model/cluster';
import { cleanupNetns, netnsExec } from '../helpers/netns';
import { cleanupLb, startLb, type RunningLb } from '../../services/lb/service';
import { app, CLIENT_JS, hostTask, nodeIn, Topology, UDP_CLIENT_JS } from '../helpers/lb-topology';

jest.setTimeout(120_000);

const VIP = '198.19.250.7';
/** A named VIP whose backend is an overlay task (container IP + containerPort). */
const OV_VIP = '198.19.250.8';
const web = (): TaskVip[] => [{ label: `${VIP}:80`, ip: VIP, port: 80, protocol: 'tcp', portIndex: 0 }];
const dnsVip = (): TaskVip[] => [{ label: `${VIP}:53`, ip: VIP, port: 53, protocol: 'udp', portIndex: 0 }];

describe.each(['nftables', 'iptables'])('kernel VIPs (%s)', (mode) => {
  const topo = new Topology(mode === 'nftables' ? 'n' : 'i');
  let feed: MemoryFeed;
  const lbs: RunningLb[] = [];
  let h1 = '';
  let h2 = '';
  let task = '';
  let ovTask = '';

  async function waitSynced(): Promise<void> {
    for (const lb of lbs) {
      await new Promise((r) => setTimeout(r, 20));
      await lb.syncer.runner.idle();
      for (let i = 0; i < 100 && lb.syncer.tracker.revision !== feed.revision; i++) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 30));
      await lb.syncer.runner.idle();
      expect(lb.syncer.lastError).toBeUndefined();
    }
  }

  beforeAll(async () => {
    await topo.underlay();
    h1 = await topo.host('h1', 1);
    h2 = await topo.host('h2', 2);
    task = await topo.bridgeTask(h1, 't');
    for (const [i, o] of [[1, 11], [2, 12], [3, 13]]) await topo.backend(`b${i}`, o, 8080);
    await topo.overlay([{ ns: h1, octet: 1 }, { ns: h2, octet: 2 }]);
    ovTask = await topo.overlayTask(h2, 2, 'o', 20);
    // h1's bridge subnet is routed to h1 (the agent would masquerade it instead).
    await netnsExec(h2, ['ip', 'route', 'add', '198.18.3.0/24', 'via', '198.18.2.1']);
    topo.startServer(await topo.overlayTask(h2, 2, 'ob', 21), 'ov', 8080);
    feed = new MemoryFeed();
    feed.publish([
      { kind: 'app', op: 'put', id: '/web', value: app('/web') },
      { kind: 'app', op: 'put', id: '/dns', value: app('/dns') },
      ...[11, 12, 13].map((o, i) => ({ kind: 'task' as const, op: 'put' as const, id: `web.${i}`, value: hostTask(`web.${i}`, '/web', `198.18.2.${o}`, 8080, web()) })),
      { kind: 'task', op: 'put', id: 'dns.0', value: hostTask('dns.0', '/dns', '198.18.2.11', 8080, dnsVip()) },
      { kind: 'app', op: 'put', id: '/ov', value: app('/ov') },
      { kind: 'task', op: 'put', id: 'ov.0', value: hostTask('ov.0', '/ov', '198.18.2.2', 0, [{ label: '/ov:80', name: 'ov', ip: OV_VIP, port: 80, protocol: 'tcp', portIndex: 0 }], { networkMode: 'container', networkName: 'ov', ipAddresses: [{ ipAddress: '198.19.1.21', protocol: 'IPv4', networkName: 'ov' }], ports: [{ containerPort: 8080, protocol: 'tcp', labels: {} }] }) },
    ]);
    for (const ns of [h1, h2]) {
      lbs.push(
        await startLb({
          allocator: 'unused', mode, listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
          masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false,
          feed: feed.subscriber(), netns: ns,
        }),
      );
    }
    await waitSynced();
    await topo.waitHttp(h1, 'http://198.18.2.11:8080/');
  });

  afterAll(async () => {
    for (const lb of lbs) await lb.stop().catch(() => undefined);
    await topo.stop();
    for (const ns of [h1, h2]) if (ns) await cleanupLb(ns).catch(() => undefined);
    await cleanupNetns();
  });

  it('answers curl through the VIP from the host, a bridge task on it, an overlay task and another host', async () => {
    for (const ns of [h1, task, ovTask, h2]) {
      const r = await netnsExec(ns, ['curl', '-sS', '-m', '3', `http://${VIP}/`]);
      expect(r.stdout).toMatch(/^b[123]$/);
    }
  });

  it('serves /healthz (synced), /metrics and /stats', async () => {
    const { port } = lbs[0].http.address() as { port: number };
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/marina_lb_vips\{service="lb"\} 3/);
    expect(metrics).toMatch(/marina_lb_sync_duration_seconds_count\{service="lb",kind="full"\} [1-9]/);
    const stats = (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { mode: string; vips: Array<{ key: string; appIds: string[] }> };
    expect(stats.mode).toBe(mode);
    expect(stats.vips.find((v) => v.key === `${VIP}:80/tcp`)?.appIds).toEqual(['/web']);
  });

  it('reaches an overlay backend (container IP) through its VIP from both hosts and a bridge task', async () => {
    // Not from ovTask: client and backend on one bridge need br_netfilter or --masquerade-all (see docs/lb.md).
    for (const ns of [h1, task, h2]) {
      const r = await netnsExec(ns, ['curl', '-sS', '-m', '3', `http://${OV_VIP}/`]);
      expect(r.stdout).toBe('ov');
    }
  });

  it('spreads 3,000 new connections over 3 backends within ±15% of a third each', async () => {
    const out = JSON.parse(await nodeIn(h1, CLIENT_JS, [`http://${VIP}/`, '3000'])) as Record<string, number>;
    expect(out.errors).toBe(0);
    for (const b of ['b1', 'b2', 'b3']) {
      expect(out[b]).toBeGreaterThan(850);
      expect(out[b]).toBeLessThan(1150);
    }
  });

  it('drains a stopping task, then rejects (not drops) when no backend is ready, and recovers', async () => {
    const t0 = hostTask('web.0', '/web', '198.18.2.11', 8080, web(), { desired: 'stop' });
    feed.publish([{ kind: 'task', op: 'put', id: 'web.0', value: t0 }]);
    await waitSynced();
    const out = JSON.parse(await nodeIn(task, CLIENT_JS, [`http://${VIP}/`, '300'])) as Record<string, number>;
    expect(out.b1 ?? 0).toBe(0);
    expect(out.errors).toBe(0);
    feed.publish([1, 2].map((i) => ({ kind: 'task' as const, op: 'put' as const, id: `web.${i}`, value: hostTask(`web.${i}`, '/web', `198.18.2.1${i + 1}`, 8080, web(), { ready: false }) })));
    await waitSynced();
    for (const ns of [h1, task]) {
      const started = Date.now();
      const r = await netnsExec(ns, ['curl', '-sS', '-m', '5', `http://${VIP}/`], { allowFail: true });
      expect(r.code).toBe(7); // connection refused: REJECT, not a timeout (28)
      expect(Date.now() - started).toBeLessThan(2000);
    }
    feed.publish([0, 1, 2].map((i) => ({ kind: 'task' as const, op: 'put' as const, id: `web.${i}`, value: hostTask(`web.${i}`, '/web', `198.18.2.1${i + 1}`, 8080, web()) })));
    await waitSynced();
    expect((await netnsExec(h1, ['curl', '-sS', '-m', '3', `http://${VIP}/`])).stdout).toMatch(/^b[123]$/);
  });

  it('a UDP VIP keeps answering from the same client port after its backend is replaced (conntrack flushed)', async () => {
    expect(await nodeIn(h1, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('b1');
    feed.publish([
      { kind: 'task', op: 'put', id: 'dns.0', value: hostTask('dns.0', '/dns', '198.18.2.11', 8080, dnsVip(), { desired: 'stop' }) },
      { kind: 'task', op: 'put', id: 'dns.1', value: hostTask('dns.1', '/dns', '198.18.2.12', 8080, dnsVip()) },
    ]);
    await waitSynced();
    expect(await nodeIn(h1, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('b2');
    // Scale to zero, a query while nothing serves, then a new backend: the same client port recovers (blackhole bug).
    feed.publish([{ kind: 'task', op: 'delete', id: 'dns.0' }, { kind: 'task', op: 'delete', id: 'dns.1' }]);
    await waitSynced();
    expect(await nodeIn(h1, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('TIMEOUT');
    feed.publish([{ kind: 'task', op: 'put', id: 'dns.2', value: hostTask('dns.2', '/dns', '198.18.2.13', 8080, dnsVip()) }]);
    await waitSynced();
    expect(await nodeIn(h1, UDP_CLIENT_JS, [VIP, '53', '40053'])).toBe('b3');
  });

  it('keeps client-IP affinity when the app asks for it', async () => {
    feed.publish([{ kind: 'app', op: 'put', id: '/web', value: app('/web', { MARINA_LB_AFFINITY: 'client-ip', MARINA_LB_AFFINITY_TIMEOUT: '60' }) }, { kind: 'task', op: 'put', id: 'web.0', value: hostTask('web.0', '/web', '198.18.2.11', 8080, web()) }]);
    await waitSynced();
    const out = JSON.parse(await nodeIn(h2, CLIENT_JS, [`http://${VIP}/`, '100'])) as Record<string, number>;
    expect(out.errors).toBe(0);
    expect(Object.keys(out).filter((k) => k !== 'errors')).toHaveLength(1);
    feed.publish([{ kind: 'app', op: 'put', id: '/web', value: app('/web') }]);
    await waitSynced();
  });

  it('survives a rolling restart of every backend under wrk load through the VIP: 0 non-2xx, 0 socket errors', async () => {
    const wrk = netnsExec(h2, ['wrk', '-t1', '-c8', '-d5s', `http://${VIP}/`], { timeoutMs: 30_000 });
    for (const i of [1, 2, 3]) {
      await new Promise((r) => setTimeout(r, 300));
      const ip = `198.18.2.1${i}`;
      const fresh = topo.startServer(topo.ns(`b${i}`), `b${i}`, 8081);
      await topo.waitHttp(h1, `http://${ip}:8081/`);
      feed.publish([{ kind: 'task', op: 'put', id: `web.new${i}`, value: hostTask(`web.new${i}`, '/web', ip, 8081, web()) }]);
      await waitSynced();
      feed.publish([{ kind: 'task', op: 'put', id: `web.${i - 1}`, value: hostTask(`web.${i - 1}`, '/web', ip, 8080, web(), { desired: 'stop' }) }]);
      await waitSynced();
      topo.servers.get(`b${i}`)!.kill('SIGTERM'); // drained: now stop it (graceful: Connection: close)
      feed.publish([{ kind: 'task', op: 'delete', id: `web.${i - 1}` }]);
      topo.servers.set(`b${i}`, fresh);
    }
    const out = (await wrk).stdout;
    expect(out).toMatch(/requests in/);
    expect(out).not.toMatch(/Non-2xx/);
    expect(out).not.toMatch(/Socket errors/);
    expect(Number(/(\d+) requests in/.exec(out)![1])).toBeGreaterThan(1000);
  });

  it('--cleanup leaves no Marina entry in nft list ruleset or iptables-save, and keeps foreign rules', async () => {
    await netnsExec(h1, ['iptables', '-t', 'nat', '-N', 'OPERATOR-OWN']);
    await netnsExec(h1, ['nft', 'add table inet operator']);
    const lb = lbs.shift()!;
    await lb.stop();
    await cleanupLb(h1);
    await cleanupLb(h1); // idempotent
    const nft = (await netnsExec(h1, ['nft', 'list', 'ruleset'])).stdout;
    const ipt = (await netnsExec(h1, ['iptables-save'])).stdout;
    expect(nft).not.toMatch(/marina/i);
    expect(ipt).not.toMatch(/MARINA/);
    expect(nft).toContain('table inet operator');
    expect(ipt).toContain('OPERATOR-OWN');
  });
});
