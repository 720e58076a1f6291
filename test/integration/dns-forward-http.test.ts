/**
 * Forwarding other zones to a real dnsmasq upstream on loopback (per-zone
 * and default, next upstream on failure, no open resolver), and the
 * Mesos-DNS HTTP API with its JSON shapes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { taskHash5 } from '../../lib/naming';
import { startDns, type RunningDns } from '../../services/dns/service';
import { dnsConfig } from '../../services/dns/options';
import { agent, task, hostPort } from '../../services/dns/testing/fixtures';
import { dig, values } from '../../services/dns/testing/dig';
import { freePorts } from '../helpers/ports';
import { track, terminate, waitUntil } from '../helpers/_children';

let upstream: ChildProcess | undefined;
let upPort: number;
let deadPort: number;
let dns: RunningDns | undefined;

beforeAll(async () => {
  [upPort, deadPort] = await freePorts(2);
  upstream = spawn('/usr/sbin/dnsmasq', [
    '--keep-in-foreground', '--no-resolv', '--no-hosts', '--no-daemon', '--listen-address=127.0.0.1', '--bind-interfaces',
    `--port=${upPort}`, '--user=root', '--pid-file=', '--address=/example.test/198.18.5.5', '--host-record=corp.internal,198.18.6.6',
  ], { stdio: 'ignore' });
  track(upstream);
  await waitUntil('dnsmasq', async () => (await dig({ host: '127.0.0.1', port: upPort }, 'www.example.test')).status === 'NOERROR', 10_000, 100);
});

afterAll(async () => {
  if (upstream) await terminate(upstream);
});

afterEach(async () => {
  await dns?.stop();
  dns = undefined;
});

describe('forwarding', () => {
  it('forwards other zones to the default resolvers, trying the next when one is dead', async () => {
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', resolvers: [`127.0.0.1:${deadPort}`, `127.0.0.1:${upPort}`], timeout: 1 }), { feed: new MemoryFeed().subscriber() });
    const r = await dig(dns.udpAddress, 'www.example.test');
    expect(r.status).toBe('NOERROR');
    expect(r.flags).toContain('ra');
    expect(values(r)).toEqual(['198.18.5.5']);
    expect(values(await dig(dns.tcpAddress, 'www.example.test', 'A', ['+tcp']))).toEqual(['198.18.5.5']);
  });

  it('uses per-zone upstreams before the default ones', async () => {
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', resolvers: [`127.0.0.1:${deadPort}`], forwardZones: [`internal=127.0.0.1:${upPort}`], timeout: 1 }), { feed: new MemoryFeed().subscriber() });
    expect(values(await dig(dns.udpAddress, 'corp.internal'))).toEqual(['198.18.6.6']);
    // Only the dead default for this one: every upstream failed → SERVFAIL.
    expect((await dig(dns.udpAddress, 'www.example.test')).status).toBe('SERVFAIL');
  });

  it('refuses clients outside the recursion networks and when no upstream is configured', async () => {
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', resolvers: [`127.0.0.1:${upPort}`], recursionNetworks: ['198.18.0.0/15'] }), { feed: new MemoryFeed().subscriber() });
    const r = await dig(dns.udpAddress, 'www.example.test');
    expect(r.status).toBe('REFUSED');
    expect(r.flags).not.toContain('ra');
    await dns.stop();
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' }), { feed: new MemoryFeed().subscriber() });
    expect((await dig(dns.udpAddress, 'www.example.test')).status).toBe('REFUSED');
  });
});

describe('HTTP API', () => {
  const A1 = 'ff00-S1';
  let base: string;

  beforeEach(async () => {
    const feed = new MemoryFeed();
    feed.publish([
      { kind: 'agent', op: 'put', id: A1, value: agent(A1, '198.18.0.11') },
      { kind: 'task', op: 'put', id: 'web.1', value: task({ id: 'web.1', appId: '/web', agentId: A1, ports: [hostPort(31001)] }) },
    ]);
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', ttl: 30 }), { feed: feed.subscriber() });
    base = `http://${dns.httpAddress.host}:${dns.httpAddress.port}`;
  });

  const get = async (path: string) => {
    const res = await fetch(base + path);
    expect(res.status).toBe(200);
    return res.json() as Promise<unknown>;
  };

  it('serves /v1/version and /v1/config in Mesos-DNS shape', async () => {
    expect(await get('/v1/version')).toMatchObject({ Service: 'Mesos-DNS', URL: expect.any(String), Version: expect.any(String) });
    expect(await get('/v1/config')).toMatchObject({ Domain: 'mesos', TTL: 30, SOAMname: 'ns1.mesos.', SOARname: 'root.ns1.mesos.', IPSources: ['netinfo', 'mesos', 'host'], HttpPort: dns!.httpAddress.port });
  });

  it('serves /v1/hosts and /v1/services', async () => {
    expect(await get('/v1/hosts/web.marathon.mesos')).toEqual([{ host: 'web.marathon.mesos.', ip: '198.18.0.11' }]);
    expect(await get('/v1/hosts/none.marathon.mesos')).toEqual([{ host: '', ip: '' }]);
    const target = `web-${taskHash5('web.1')}-s1.marathon.mesos.`;
    expect(await get('/v1/services/_web._tcp.marathon.mesos.')).toEqual([{ service: '_web._tcp.marathon.mesos.', host: target, ip: '198.18.0.11', port: '31001' }]);
    expect(await get('/v1/services/_none._tcp.marathon.mesos')).toEqual([{ service: '', host: '', ip: '', port: '' }]);
  });

  it('serves /v1/axfr and /v1/enumerate', async () => {
    const axfr = (await get('/v1/axfr')) as { Records: { As: Record<string, string[]>; SRVs: Record<string, string[]> }; Domain: string; Serial: number; Mname: string };
    expect(axfr.Domain).toBe('mesos');
    expect(axfr.Mname).toBe('ns1.mesos.');
    expect(axfr.Serial).toBeGreaterThan(0);
    expect(axfr.Records.As['web.marathon.mesos.']).toEqual(['198.18.0.11']);
    expect(axfr.Records.SRVs['_web._tcp.marathon.mesos.']).toEqual([`web-${taskHash5('web.1')}-s1.marathon.mesos.:31001`]);
    const en = (await get('/v1/enumerate')) as { frameworks: Array<{ name: string; tasks: Array<{ id: string; records: Array<{ name: string; host: string; rtype: string }> }> }> };
    expect(en.frameworks[0]?.name).toBe('marathon');
    expect(en.frameworks[0]?.tasks[0]?.id).toBe('web.1');
    expect(en.frameworks[0]?.tasks[0]?.records).toContainEqual({ name: 'web.marathon.mesos.', host: '198.18.0.11', rtype: 'A' });
  });

  it('exposes metrics: queries by type and rcode, latency, records, revision', async () => {
    await dig(dns!.udpAddress, 'web.marathon.mesos');
    await dig(dns!.udpAddress, 'nope.marathon.mesos');
    const text = await (await fetch(base + '/metrics')).text();
    expect(text).toMatch(/marina_dns_queries_total\{service="dns",qtype="A",rcode="NOERROR"\} 1/);
    expect(text).toMatch(/marina_dns_queries_total\{service="dns",qtype="A",rcode="NXDOMAIN"\} 1/);
    expect(text).toMatch(/marina_dns_query_duration_seconds_count\{service="dns"\} 2/);
    expect(text).toMatch(/marina_dns_records\{service="dns"\} [1-9]/);
    expect(text).toMatch(/marina_dns_last_sync_revision\{service="dns"\} 1/);
    expect((await fetch(base + '/ready')).status).toBe(200);
  });
});
