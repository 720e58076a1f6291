/**
 * Marina DNS against dig: every record kind (Mesos-DNS and DC/OS names),
 * RFC 2308 negative answers, TCP, truncation, EDNS0, ANY, case, FORMERR,
 * and live changes from the feed (health, drain, resync, allocator loss).
 */
import { createSocket } from 'node:dgram';
import { decode } from 'dns-packet';
import { MemoryFeed } from '../../lib/feed/testing/memory-feed';
import { emptySnapshot } from '../../lib/feed/feed';
import { taskHash5 } from '../../lib/naming';
import { startDns, type RunningDns } from '../../services/dns/service';
import { dnsConfig } from '../../services/dns/options';
import { agent, task, hostPort } from '../../services/dns/testing/fixtures';
import { dig, values } from '../../services/dns/testing/dig';
import type { Task } from '../../lib/model/cluster';

let feed: MemoryFeed;
let dns: RunningDns;
const A1 = 'ff00-S1';
const A2 = 'ff00-S2';
const h = (id: string) => taskHash5(id);

function put(t: Task): void {
  feed.publish([{ kind: 'task', op: 'put', id: t.id, value: t }]);
}

beforeEach(async () => {
  feed = new MemoryFeed();
  feed.publish([
    { kind: 'agent', op: 'put', id: A1, value: agent(A1, '198.18.0.11') },
    { kind: 'agent', op: 'put', id: A2, value: agent(A2, '198.18.0.12') },
  ]);
  put(task({ id: 'g_web.1', appId: '/g/web', agentId: A1, ports: [hostPort(31001, 'http'), hostPort(31002, undefined, 'udp')] }));
  put(task({ id: 'g_web.2', appId: '/g/web', agentId: A2, ports: [hostPort(31005, 'http'), hostPort(31006, undefined, 'udp')] }));
  put(task({
    id: 'db.1', appId: '/db', agentId: A2, networkMode: 'container', networkName: 'dev',
    ipAddresses: [{ ipAddress: '198.19.0.5', protocol: 'IPv4', networkName: 'dev' }, { ipAddress: '2001:db8::5', protocol: 'IPv6', networkName: 'dev' }],
    ports: [{ containerPort: 5432, protocol: 'tcp', name: 'pg', labels: {} }],
    vips: [{ label: '/db:5432', name: '/db', ip: '198.19.250.1', port: 5432, protocol: 'tcp', portIndex: 0 }],
  }));
  dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', allocator: '127.0.0.1:8081', masters: ['127.0.0.1:8081'] }), { feed: feed.subscriber() });
});

afterEach(async () => {
  await dns?.stop();
});

const srv = () => dns.udpAddress;

describe('Mesos-DNS records', () => {
  it('answers A for both name forms of a group app with the agent IPs', async () => {
    for (const n of ['web-g.marathon.mesos', 'web.g.marathon.mesos']) {
      const r = await dig(srv(), n);
      expect(r.status).toBe('NOERROR');
      expect(r.flags).toContain('aa');
      expect(values(r)).toEqual(['198.18.0.11', '198.18.0.12']);
      expect(r.authority[0]?.slice(3)).toEqual(['NS', 'ns1.mesos.']);
    }
  });

  it('answers container IPs (A and AAAA) on a virtual network and agent IPs under .slave', async () => {
    expect(values(await dig(srv(), 'db.marathon.mesos'))).toEqual(['198.19.0.5']);
    expect(values(await dig(srv(), 'db.marathon.mesos', 'AAAA'))).toEqual(['2001:db8::5']);
    expect(values(await dig(srv(), 'db.marathon.slave.mesos'))).toEqual(['198.18.0.12']);
    expect(values(await dig(srv(), 'web-g.marathon.slave.mesos'))).toEqual(['198.18.0.11', '198.18.0.12']);
  });

  it('answers per-task canonical names and their .slave variants', async () => {
    const canon = `web-g-${h('g_web.1')}-s1.marathon.mesos`;
    expect(values(await dig(srv(), canon))).toEqual(['198.18.0.11']);
    expect(values(await dig(srv(), canon.replace('.marathon.mesos', '.marathon.slave.mesos')))).toEqual(['198.18.0.11']);
    expect(values(await dig(srv(), `db-${h('db.1')}-s2.marathon.mesos`))).toEqual(['198.19.0.5']);
  });

  it('answers SRV with canonical targets, ports by protocol, named ports, and the targets in additional', async () => {
    const t1 = `web-g-${h('g_web.1')}-s1.marathon.mesos.`;
    const t2 = `web-g-${h('g_web.2')}-s2.marathon.mesos.`;
    const tcp = await dig(srv(), '_web-g._tcp.marathon.mesos', 'SRV');
    expect(values(tcp)).toEqual([`0 1 31001 ${t1}`, `0 1 31005 ${t2}`]);
    expect(tcp.additional.filter((f) => f[3] === 'A').map((f) => `${f[0]} ${f[4]}`).sort()).toEqual([`${t1} 198.18.0.11`, `${t2} 198.18.0.12`].sort());
    expect(values(await dig(srv(), '_web-g._udp.marathon.mesos', 'SRV'))).toEqual([`0 1 31002 ${t1}`, `0 1 31006 ${t2}`]);
    expect(values(await dig(srv(), '_http._web-g._tcp.marathon.mesos', 'SRV'))).toEqual([`0 1 31001 ${t1}`, `0 1 31005 ${t2}`]);
    // The dotted form's SRV, as Mesos-DNS's legacy DiscoveryInfo name.
    expect((await dig(srv(), '_web.g._tcp.marathon.mesos', 'SRV')).answer).toHaveLength(2);
    // Virtual network: container port, target resolves to the container IP.
    const db = await dig(srv(), '_db._tcp.marathon.mesos', 'SRV');
    expect(values(db)).toEqual([`0 1 5432 db-${h('db.1')}-s2.marathon.mesos.`]);
    expect(db.additional.filter((f) => f[3] === 'A')[0]?.[4]).toBe('198.19.0.5');
  });

  it('answers .slave SRV with host ports for both protocols', async () => {
    const t1 = `web-g-${h('g_web.1')}-s1.marathon.slave.mesos.`;
    const r = await dig(srv(), '_web-g._tcp.marathon.slave.mesos', 'SRV');
    expect(values(r)).toContain(`0 1 31001 ${t1}`);
    expect(values(r)).toContain(`0 1 31002 ${t1}`);
    expect(values(await dig(srv(), '_web-g._udp.marathon.slave.mesos', 'SRV'))).toContain(`0 1 31001 ${t1}`);
  });

  it('answers leader, master, slave, _leader._tcp, the framework and the name server', async () => {
    expect(values(await dig(srv(), 'leader.mesos'))).toEqual(['127.0.0.1']);
    expect(values(await dig(srv(), 'master.mesos'))).toEqual(['127.0.0.1']);
    expect(values(await dig(srv(), 'master0.mesos'))).toEqual(['127.0.0.1']);
    expect(values(await dig(srv(), 'slave.mesos'))).toEqual(['198.18.0.11', '198.18.0.12']);
    expect(values(await dig(srv(), '_leader._tcp.mesos', 'SRV'))).toEqual(['0 1 8081 leader.mesos.']);
    expect(values(await dig(srv(), 'marathon.mesos'))).toEqual(['127.0.0.1']);
    expect(values(await dig(srv(), '_framework._tcp.marathon.mesos', 'SRV'))).toEqual(['0 1 8081 marathon.mesos.']);
    expect(values(await dig(srv(), 'ns1.mesos'))).toEqual(['127.0.0.1']);
  });

  it('answers SOA and NS at the apex and ANY with every type', async () => {
    const soa = await dig(srv(), 'mesos', 'SOA');
    expect(soa.answer[0]?.slice(3, 6)).toEqual(['SOA', 'ns1.mesos.', 'root.ns1.mesos.']);
    const ns = await dig(srv(), 'mesos', 'NS');
    expect(values(ns)).toEqual(['ns1.mesos.']);
    expect(ns.additional.find((f) => f[0] === 'ns1.mesos.')?.[4]).toBe('127.0.0.1');
    const any = await dig(srv(), 'db.marathon.mesos', 'ANY');
    expect(any.answer.map((f) => f[3]).sort()).toEqual(['A', 'AAAA']);
  });

  it('answers DC/OS agentip, containerip, autoip and l4lb VIP names', async () => {
    const d = 'marathon.%s.dcos.thisdcos.directory';
    expect(values(await dig(srv(), 'web-g.' + d.replace('%s', 'agentip')))).toEqual(['198.18.0.11', '198.18.0.12']);
    expect(values(await dig(srv(), 'web-g.' + d.replace('%s', 'autoip')))).toEqual(['198.18.0.11', '198.18.0.12']);
    expect(values(await dig(srv(), 'db.' + d.replace('%s', 'containerip')))).toEqual(['198.19.0.5']);
    expect(values(await dig(srv(), 'db.' + d.replace('%s', 'autoip')))).toEqual(['198.19.0.5']);
    expect(values(await dig(srv(), 'db.marathon.l4lb.thisdcos.directory'))).toEqual(['198.19.250.1']);
    expect((await dig(srv(), 'thisdcos.directory', 'SOA')).answer[0]?.[3]).toBe('SOA');
  });
});

describe('protocol', () => {
  it('NXDOMAIN + SOA for unknown names, NODATA + SOA for a known name of another type or an empty non-terminal', async () => {
    const nx = await dig(srv(), 'nope.marathon.mesos');
    expect(nx.status).toBe('NXDOMAIN');
    expect(nx.flags).toContain('aa');
    expect(nx.authority[0]?.slice(0, 4)).toEqual(['mesos.', '60', 'IN', 'SOA']);
    const nodata = await dig(srv(), 'web-g.marathon.mesos', 'SRV');
    expect(nodata.status).toBe('NOERROR');
    expect(nodata.answer).toEqual([]);
    expect(nodata.authority[0]?.[3]).toBe('SOA');
    expect((await dig(srv(), '_tcp.marathon.mesos', 'SRV')).status).toBe('NOERROR');
    expect((await dig(srv(), 'x.db.marathon.mesos')).status).toBe('NXDOMAIN');
    expect((await dig(srv(), 'nope.thisdcos.directory')).status).toBe('NXDOMAIN');
  });

  it('is case-insensitive and echoes the question as asked', async () => {
    const r = await dig(srv(), 'WeB-G.MaRaThOn.MeSoS');
    expect(values(r)).toEqual(['198.18.0.11', '198.18.0.12']);
    expect(r.answer[0]?.[0]).toBe('WeB-G.MaRaThOn.MeSoS.');
  });

  it('answers over TCP on the same address', async () => {
    const r = await dig(dns.tcpAddress, 'web-g.marathon.mesos', 'A', ['+tcp']);
    expect(r.raw).toContain('(TCP)');
    expect(values(r)).toEqual(['198.18.0.11', '198.18.0.12']);
  });

  it('shuffles answers', async () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 30 && firsts.size < 2; i++) firsts.add((await dig(srv(), 'web-g.marathon.mesos')).answer[0]![4]!);
    expect(firsts.size).toBe(2);
  });

  describe('with a 200-instance app', () => {
    beforeEach(() => {
      const evs = [];
      for (let i = 0; i < 200; i++) {
        const id = `big.${i}`;
        evs.push({ kind: 'task' as const, op: 'put' as const, id, value: task({ id, appId: '/big', agentId: A1, ports: [hostPort(31000 + i)], ipAddresses: [] }) });
      }
      feed.publish(evs);
    });

    it('truncates UDP at 512 bytes with TC, dropping additionals first; TCP gets all 200', async () => {
      const udp = await dig(srv(), '_big._tcp.marathon.mesos', 'SRV', ['+noedns', '+ignore']);
      expect(udp.flags).toContain('tc');
      expect(udp.additional).toEqual([]);
      expect(udp.answer.length).toBeGreaterThan(0);
      expect(udp.answer.length).toBeLessThan(200);
      expect(Number(/MSG SIZE\s+rcvd: (\d+)/.exec(udp.raw)?.[1])).toBeLessThanOrEqual(512);
      const tcp = await dig(dns.tcpAddress, '_big._tcp.marathon.mesos', 'SRV', ['+tcp']);
      expect(tcp.flags).not.toContain('tc');
      expect(tcp.answer).toHaveLength(200);
      expect(tcp.additional.filter((f) => f[3] === 'A')).toHaveLength(200);
    });

    it('honours the EDNS0 payload size and echoes an OPT record', async () => {
      const small = await dig(srv(), '_big._tcp.marathon.mesos', 'SRV', ['+noedns', '+ignore']);
      const r = await dig(srv(), '_big._tcp.marathon.mesos', 'SRV', ['+bufsize=1400', '+ignore']);
      expect(r.raw).toContain('EDNS: version: 0');
      expect(r.flags).toContain('tc');
      const size = Number(/MSG SIZE\s+rcvd: (\d+)/.exec(r.raw)?.[1]);
      expect(size).toBeLessThanOrEqual(1400);
      expect(size).toBeGreaterThan(1200);
      expect(r.answer.length).toBeGreaterThan(small.answer.length * 2);
      const s = await dig(srv(), '_big._tcp.marathon.mesos', 'SRV', ['+bufsize=4096', '+ignore']);
      expect(Number(/MSG SIZE\s+rcvd: (\d+)/.exec(s.raw)?.[1])).toBeLessThanOrEqual(4096);
      expect(s.answer.length).toBeGreaterThan(r.answer.length);
    });
  });

  it('answers FORMERR to malformed queries and keeps serving', async () => {
    const sock = createSocket('udp4');
    const reply = await new Promise<Buffer>((resolve, reject) => {
      sock.once('message', (m) => resolve(m));
      setTimeout(() => reject(new Error('no reply to a malformed query')), 3000).unref();
      // id 0x1234, one question whose label runs past the end.
      sock.send(Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 10, 97, 98]), srv().port, srv().host);
    }).finally(() => sock.close());
    const msg = decode(reply);
    expect(msg.id).toBe(0x1234);
    expect((msg as { rcode?: string }).rcode).toBe('FORMERR');
    expect((await dig(srv(), 'db.marathon.mesos')).status).toBe('NOERROR');
  });

  it('answers on every --listen address', async () => {
    const two = await startDns(dnsConfig({ listen: ['127.0.0.1:0', '127.0.0.2:0'], httpListen: '127.0.0.1:0' }), { feed: feed.subscriber() });
    try {
      expect(two.udpAddresses).toHaveLength(2);
      for (const a of two.udpAddresses) expect(values(await dig(a, 'db.marathon.mesos'))).toEqual(['198.19.0.5']);
    } finally {
      await two.stop();
    }
  });
});

describe('following the feed', () => {
  it('answers a new running task at once and drops it when unhealthy, draining or gone', async () => {
    const t = task({ id: 'new.1', appId: '/new', agentId: A1, ports: [hostPort(31100)] });
    put(t);
    expect(values(await dig(srv(), 'new.marathon.mesos'))).toEqual(['198.18.0.11']);
    put({ ...t, ready: false });
    expect((await dig(srv(), 'new.marathon.mesos')).status).toBe('NXDOMAIN');
    put({ ...t, ready: true });
    expect((await dig(srv(), 'new.marathon.mesos')).status).toBe('NOERROR');
    put({ ...t, desired: 'stop' });
    expect((await dig(srv(), 'new.marathon.mesos')).status).toBe('NXDOMAIN');
    put({ ...t, state: 'TASK_STAGING' });
    expect((await dig(srv(), 'new.marathon.mesos')).status).toBe('NXDOMAIN');
    put(t);
    feed.publish([{ kind: 'task', op: 'delete', id: t.id }]);
    expect((await dig(srv(), 'new.marathon.mesos')).status).toBe('NXDOMAIN');
    expect((await dig(srv(), '_new._tcp.marathon.mesos', 'SRV')).status).toBe('NXDOMAIN');
  });

  it('follows an agent address change for its tasks', async () => {
    feed.publish([{ kind: 'agent', op: 'put', id: A1, value: agent(A1, '198.18.0.99') }]);
    expect(values(await dig(srv(), 'web-g.marathon.slave.mesos'))).toEqual(['198.18.0.12', '198.18.0.99']);
    expect(values(await dig(srv(), 'slave.mesos'))).toEqual(['198.18.0.12', '198.18.0.99']);
  });

  it('swaps the whole set on a resync', async () => {
    const snap = emptySnapshot(100);
    snap.agents.set(A1, agent(A1, '198.18.0.11'));
    snap.tasks.set('only.1', task({ id: 'only.1', appId: '/only', agentId: A1 }));
    feed.resync(snap);
    expect(values(await dig(srv(), 'only.marathon.mesos'))).toEqual(['198.18.0.11']);
    expect((await dig(srv(), 'web-g.marathon.mesos')).status).toBe('NXDOMAIN');
    expect(dns.state.revision).toBe(100);
  });

  it('keeps serving the last good set when the allocator goes away', async () => {
    // A stopped subscription delivers nothing more, as a feed cut off from the allocator.
    const cut = new MemoryFeed();
    cut.resync(feed['state']);
    const sub = cut.subscriber();
    const other = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' }), { feed: sub });
    try {
      await sub.stop();
      cut.publish([{ kind: 'task', op: 'delete', id: 'db.1' }]);
      expect(values(await dig(other.udpAddress, 'db.marathon.mesos'))).toEqual(['198.19.0.5']);
    } finally {
      await other.stop();
    }
  });
});
