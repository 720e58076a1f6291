/**
 * Table tests for the authoritative handler: the zone is built the way the
 * service builds it (fixture tasks and agents → feed source → compiled zone),
 * each query goes through the handler as wire bytes and the reply is decoded
 * with dns-packet, so the rows assert what a resolver reads.
 */
import { decode, encode, type Answer, type Packet, type RecordType } from 'dns-packet';
import { MemoryFeed } from '../../../../lib/feed/testing/memory-feed';
import type { ClusterEvent } from '../../../../lib/feed/feed';
import { taskHash5 } from '../../../../lib/naming';
import { cidrMatcher, dnsConfig } from '../../options';
import { DnsState } from '../../records/dns-state';
import { listenerRRs } from '../../records/generator';
import { FeedSource } from '../../sources/feed/feed-source';
import { agent, hostPort, task } from '../../testing/fixtures';
import { parseQuery } from '../../wire/query';
import type { Reply } from '../chain';
import { authoritative } from './authoritative';

const BIG = 80; // tasks of /big: 80 A records (1,280 bytes) do not fit 512 bytes
const NS_IP = '198.18.0.53';
const webCanonical = `web-${taskHash5('web.t1')}-s1.marathon.mesos`;

function events(): ClusterEvent[] {
  const ev: ClusterEvent[] = [
    { kind: 'agent', op: 'put', id: 'a-S1', value: agent('a-S1', '198.18.1.11') },
    { kind: 'agent', op: 'put', id: 'a-S2', value: agent('a-S2', '2001:db8::12') },
    { kind: 'task', op: 'put', id: 'web.t1', value: task({ id: 'web.t1', appId: '/web', agentId: 'a-S1', ports: [hostPort(31001, 'http')] }) },
    { kind: 'task', op: 'put', id: 'v6.t1', value: task({ id: 'v6.t1', appId: '/v6', agentId: 'a-S2' }) },
  ];
  for (let i = 1; i <= BIG; i++) {
    const id = `big.t${i}`;
    const ipAddresses = [{ ipAddress: `198.19.1.${i}`, protocol: 'IPv4' as const, networkName: 'marina' }];
    ev.push({ kind: 'task', op: 'put', id, value: task({ id, appId: '/big', agentId: 'a-S1', networkMode: 'container', ipAddresses }) });
  }
  return ev;
}

/** The handler over a zone compiled from the fixtures, as `startDns` wires it. */
async function servedHandler(ready = true) {
  const config = dnsConfig({ listen: [`${NS_IP}:53`], recursionNetworks: ['127.0.0.0/8'] });
  const state = new DnsState({ zones: [config.domain, 'thisdcos.directory'], ttl: config.ttl, srvWeight: config.srvWeight, soa: config.soa });
  const feed = new MemoryFeed();
  feed.publish(events());
  if (ready) {
    const source = new FeedSource(feed.subscriber(), state, {
      domain: config.domain, label: config.label, ipSources: config.ipSources, framework: config.framework,
      masters: [], staticRRs: listenerRRs(config.soa.mname, [NS_IP]),
    });
    await source.start();
  }
  const handler = authoritative(state, { recursion: cidrMatcher(config.recursionNetworks), mname: config.soa.mname });
  let passed = 0;
  /** Ask one question; undefined when the handler passed it on. */
  const ask = (name: string, type: string, o: { tcp?: boolean; udpSize?: number; remote?: string; klass?: string } = {}): Packet | undefined => {
    const additionals = o.udpSize ? [{ type: 'OPT', name: '.', udpPayloadSize: o.udpSize } as never] : [];
    const wire = encode({ type: 'query', id: 4242, flags: 0x100, questions: [{ type: type as RecordType, name, class: (o.klass ?? 'IN') as never }], additionals });
    const q = parseQuery(wire, o.tcp ? 'tcp' : 'udp', o.remote ?? '198.18.9.9')!;
    const reply = handler(q, () => {
      passed++;
      return undefined;
    }) as Reply;
    if (!reply) return undefined;
    if (!o.tcp && reply.length > (o.udpSize ?? 512)) throw new Error(`UDP reply of ${reply.length} bytes`);
    return decode(reply);
  };
  return { ask, passed: () => passed };
}

const RCODES: Record<number, string> = { 0: 'NOERROR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 5: 'REFUSED' };
const rcode = (p: Packet): string => RCODES[(p.flags ?? 0) & 0xf] ?? String((p.flags ?? 0) & 0xf);
const flag = (p: Packet, bit: number): boolean => ((p.flags ?? 0) & bit) !== 0;
const AA = 0x400;
const TC = 0x200;
const RA = 0x80;

/** "TYPE name data" per record, sorted (answer order is shuffled). */
function rrs(list: Answer[] | undefined): string[] {
  return (list ?? []).filter((r) => r.type !== 'OPT').map((r) => {
    const d = (r as { data?: unknown }).data;
    let v: string;
    if (r.type === 'SRV') {
      const s = d as { priority: number; weight: number; port: number; target: string };
      v = `${s.priority} ${s.weight} ${s.port} ${s.target}`;
    } else if (r.type === 'SOA') {
      const s = d as { mname: string; rname: string; refresh: number; retry: number; expire: number; minimum: number };
      v = `${s.mname} ${s.rname} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
    } else v = String(d);
    return `${r.type} ${r.name.toLowerCase()} ${v}`;
  }).sort();
}

const SOA = (zone: string) => `SOA ${zone} ns1.mesos root.ns1.mesos 60 600 86400 60`;
const NS_MESOS = 'NS mesos ns1.mesos';

describe('authoritative handler', () => {
  let h: Awaited<ReturnType<typeof servedHandler>>;
  beforeAll(async () => {
    h = await servedHandler();
  });

  const table: Array<{ q: [string, string]; rcode: string; answer: string[]; authority: string[]; additional?: string[] }> = [
    // answers: AA, the zone's NS in the authority section
    { q: ['web.marathon.mesos', 'A'], rcode: 'NOERROR', answer: ['A web.marathon.mesos 198.18.1.11'], authority: [NS_MESOS] },
    { q: ['v6.marathon.mesos', 'AAAA'], rcode: 'NOERROR', answer: ['AAAA v6.marathon.mesos 2001:db8::12'], authority: [NS_MESOS] },
    { q: ['web.marathon.slave.mesos', 'A'], rcode: 'NOERROR', answer: ['A web.marathon.slave.mesos 198.18.1.11'], authority: [NS_MESOS] },
    {
      q: ['_web._tcp.marathon.mesos', 'SRV'], rcode: 'NOERROR', answer: [`SRV _web._tcp.marathon.mesos 0 1 31001 ${webCanonical}`], authority: [NS_MESOS],
      additional: [`A ${webCanonical} 198.18.1.11`],
    },
    { q: ['_http._web._tcp.marathon.mesos', 'SRV'], rcode: 'NOERROR', answer: [`SRV _http._web._tcp.marathon.mesos 0 1 31001 ${webCanonical}`], authority: [NS_MESOS], additional: [`A ${webCanonical} 198.18.1.11`] },
    // the apex: SOA and NS answers carry no authority; NS adds the name server's address
    { q: ['mesos', 'SOA'], rcode: 'NOERROR', answer: [SOA('mesos')], authority: [] },
    { q: ['mesos', 'NS'], rcode: 'NOERROR', answer: [NS_MESOS], authority: [], additional: [`A ns1.mesos ${NS_IP}`] },
    { q: ['mesos', 'ANY'], rcode: 'NOERROR', answer: [NS_MESOS, SOA('mesos')], authority: [] },
    { q: ['web.marathon.mesos', 'ANY'], rcode: 'NOERROR', answer: ['A web.marathon.mesos 198.18.1.11'], authority: [] },
    { q: ['thisdcos.directory', 'SOA'], rcode: 'NOERROR', answer: [SOA('thisdcos.directory')], authority: [] },
    // the second zone
    { q: ['web.marathon.autoip.dcos.thisdcos.directory', 'A'], rcode: 'NOERROR', answer: ['A web.marathon.autoip.dcos.thisdcos.directory 198.18.1.11'], authority: ['NS thisdcos.directory ns1.mesos'] },
    { q: ['big.marathon.containerip.dcos.thisdcos.directory', 'AAAA'], rcode: 'NOERROR', answer: [], authority: [SOA('thisdcos.directory')] },
    // NODATA (RFC 2308 2.2): the name exists, not with this type — NOERROR, SOA in the authority section
    { q: ['web.marathon.mesos', 'AAAA'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    { q: ['web.marathon.mesos', 'SRV'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    { q: ['web.marathon.mesos', 'NS'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    { q: ['web.marathon.mesos', 'SOA'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    { q: ['web.marathon.mesos', 'TXT'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    { q: ['_tcp.marathon.mesos', 'SRV'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] }, // empty non-terminal (RFC 8020)
    { q: ['marathon.mesos', 'A'], rcode: 'NOERROR', answer: [], authority: [SOA('mesos')] },
    // NXDOMAIN (RFC 2308 2.1): unknown name — SOA of its zone in the authority section
    { q: ['nosuch.marathon.mesos', 'A'], rcode: 'NXDOMAIN', answer: [], authority: [SOA('mesos')] },
    { q: ['nosuch.marathon.mesos', 'SRV'], rcode: 'NXDOMAIN', answer: [], authority: [SOA('mesos')] },
    { q: ['nosuch.thisdcos.directory', 'A'], rcode: 'NXDOMAIN', answer: [], authority: [SOA('thisdcos.directory')] },
    // names are case-insensitive; the reply echoes the question's case (0x20)
    { q: ['WeB.MaRaThOn.MeSoS', 'A'], rcode: 'NOERROR', answer: ['A web.marathon.mesos 198.18.1.11'], authority: [NS_MESOS] },
    { q: ['NoSuch.MESOS', 'A'], rcode: 'NXDOMAIN', answer: [], authority: [SOA('mesos')] },
    { q: ['MESOS', 'SOA'], rcode: 'NOERROR', answer: [SOA('mesos')], authority: [] },
  ];

  it.each(table)('$q.0 $q.1 → $rcode', ({ q, rcode: want, answer, authority, additional }) => {
    const r = h.ask(q[0], q[1])!;
    expect(r.id).toBe(4242);
    expect(r.questions).toEqual([{ name: q[0], type: q[1], class: 'IN' }]);
    expect(rcode(r)).toBe(want);
    expect(flag(r, AA)).toBe(true);
    expect(flag(r, TC)).toBe(false);
    expect(rrs(r.answers)).toEqual(answer);
    expect(rrs(r.authorities)).toEqual(authority);
    expect(rrs(r.additionals)).toEqual(additional ?? []);
  });

  it('keeps the question case in owner names of the answer and the authority', () => {
    const r = h.ask('WeB.MaRaThOn.MeSoS', 'A')!;
    expect(r.answers!.map((a) => a.name)).toEqual(['WeB.MaRaThOn.MeSoS']);
    expect(r.authorities!.map((a) => a.name)).toEqual(['MeSoS']);
  });

  it('answers every record of a name, with the TTL of --ttl', () => {
    const r = h.ask('big.marathon.mesos', 'A', { tcp: true })!;
    expect(rrs(r.answers)).toEqual(Array.from({ length: BIG }, (_, i) => `A big.marathon.mesos 198.19.1.${i + 1}`).sort());
    expect(new Set(r.answers!.map((a) => (a as { ttl?: number }).ttl))).toEqual(new Set([60]));
  });

  it.each([
    { how: 'UDP without EDNS (512 bytes)', o: {}, tc: true },
    { how: 'UDP with EDNS 1232', o: { udpSize: 1232 }, tc: true },
    { how: 'UDP with EDNS 4096', o: { udpSize: 4096 }, tc: false },
    { how: 'TCP', o: { tcp: true }, tc: false },
  ])('sets TC when the answer does not fit: $how', ({ o, tc }) => {
    const r = h.ask('big.marathon.mesos', 'A', o)!;
    expect(rcode(r)).toBe('NOERROR');
    expect(flag(r, TC)).toBe(tc);
    const all = new Set(Array.from({ length: BIG }, (_, i) => `198.19.1.${i + 1}`));
    const got = r.answers!.map((a) => String((a as { data?: unknown }).data));
    for (const ip of got) expect(all.has(ip)).toBe(true);
    if (tc) {
      expect(got.length).toBeGreaterThan(0); // as many whole records as fit
      expect(got.length).toBeLessThan(BIG);
      expect(r.authorities).toEqual([]);
    } else {
      expect(got).toHaveLength(BIG);
      expect(rrs(r.authorities)).toEqual([NS_MESOS]);
    }
    // EDNS in, EDNS out (the OPT record survives truncation)
    expect(r.additionals!.some((a) => a.type === 'OPT')).toBe('udpSize' in o);
  });

  it('sets RA only for clients in --recursion-networks', () => {
    expect(flag(h.ask('web.marathon.mesos', 'A', { remote: '127.0.0.1' })!, RA)).toBe(true);
    expect(flag(h.ask('web.marathon.mesos', 'A', { remote: '198.18.9.9' })!, RA)).toBe(false);
  });

  it('refuses zone transfers (the record set is at /v1/axfr)', () => {
    expect(rcode(h.ask('mesos', 'AXFR', { tcp: true })!)).toBe('REFUSED');
  });

  it('passes on names outside its zones and classes other than IN', () => {
    const before = h.passed();
    expect(h.ask('example.org', 'A')).toBeUndefined();
    expect(h.ask('mesos.example.org', 'A')).toBeUndefined(); // label-aligned: not under mesos
    expect(h.ask('xmesos', 'A')).toBeUndefined();
    expect(h.ask('web.marathon.mesos', 'TXT', { klass: 'CH' })).toBeUndefined();
    expect(h.passed() - before).toBe(4);
  });

  it('answers SERVFAIL in its zones before the first full sync, and passes other names on', async () => {
    const cold = await servedHandler(false);
    const r = cold.ask('web.marathon.mesos', 'A')!;
    expect(rcode(r)).toBe('SERVFAIL');
    expect(r.answers).toEqual([]);
    expect(cold.ask('example.org', 'A')).toBeUndefined();
  });
});
