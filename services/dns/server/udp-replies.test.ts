/**
 * The UDP listener builds every reply in one reusable buffer and reuses one
 * decoded-query object: over a real socket on loopback, a burst of queries
 * sent without waiting must each get its own answer (id, question, records),
 * and a forwarded query answered later must keep its own id and question
 * while local queries are answered in between.
 */
import { createSocket, type Socket } from 'node:dgram';
import { encode, decode, type Packet } from 'dns-packet';
import { MemoryFeed } from '../../../lib/feed/testing/memory-feed';
import type { ClusterEvent } from '../../../lib/feed/feed';
import { startDns, type RunningDns } from '../service';
import { dnsConfig } from '../options';
import { agent, task, hostPort } from '../testing/fixtures';

const APPS = 50;
const NXDOMAIN = 3;

const rcode = (p: Packet): number => (p.flags ?? 0) & 0xf;
const data = (p: Packet, i = 0): unknown => (p.answers?.[i] as { data?: unknown } | undefined)?.data;

function events(): ClusterEvent[] {
  const ev: ClusterEvent[] = [];
  for (let i = 0; i < APPS; i++) {
    ev.push({ kind: 'agent', op: 'put', id: `a-S${i}`, value: agent(`a-S${i}`, `198.18.1.${i + 10}`) });
    ev.push({ kind: 'task', op: 'put', id: `app${i}.t0`, value: task({ id: `app${i}.t0`, appId: `/app${i}`, agentId: `a-S${i}`, ports: [hostPort(31000 + i)] }) });
  }
  return ev;
}

function query(id: number, name: string, type: 'A' | 'SRV', edns: boolean): Buffer {
  return encode({ type: 'query', id, flags: 256, questions: [{ type, name }], additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as never] : [] });
}

/** Send all packets at once on one socket; collect replies by id until all came or timeout. */
async function burst(port: number, packets: Buffer[], timeoutMs = 5000): Promise<Map<number, Packet>> {
  const sock = createSocket('udp4');
  const got = new Map<number, Packet>();
  try {
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      sock.on('message', (m) => {
        const p = decode(m);
        got.set(p.id!, p);
        if (got.size === packets.length) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    for (const p of packets) sock.send(p, port, '127.0.0.1');
    await done;
    return got;
  } finally {
    sock.close();
  }
}

describe('UDP replies built in reused memory', () => {
  let dns: RunningDns | undefined;
  let upstream: Socket | undefined;
  afterEach(async () => {
    await dns?.stop();
    upstream?.close();
    dns = upstream = undefined;
  });

  it('answers a burst of 1,500 in-flight queries each with its own id, question and records', async () => {
    const feed = new MemoryFeed();
    feed.publish(events());
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0' }), { feed: feed.subscriber() });
    await dns.synced;
    const packets: Buffer[] = [];
    const expected = new Map<number, { name: string; type: string; app: number }>();
    for (let id = 0; id < 1500; id++) {
      const app = (id * 7) % (APPS + 10); // some names past APPS do not exist
      const type = id % 3 === 0 ? 'SRV' : 'A';
      const name = type === 'SRV' ? `_app${app}._tcp.marathon.mesos` : `app${app}.marathon.mesos`;
      expected.set(id, { name, type, app });
      packets.push(query(id, name, type, id % 2 === 0));
    }
    const got = await burst(dns.udpAddress.port, packets);
    expect(got.size).toBeGreaterThan(1400); // UDP on loopback: allow a few drops, never a wrong answer
    for (const [id, p] of got) {
      const want = expected.get(id)!;
      expect(p.questions![0]!.name).toBe(want.name);
      expect(p.questions![0]!.type).toBe(want.type);
      if (want.app >= APPS) {
        expect(rcode(p)).toBe(NXDOMAIN);
        continue;
      }
      expect(rcode(p)).toBe(0);
      if (want.type === 'A') expect(data(p)).toBe(`198.18.1.${want.app + 10}`);
      else expect((data(p) as { port: number }).port).toBe(31000 + want.app);
    }
  });

  it('keeps a forwarded query its own id and question while local queries are answered meanwhile', async () => {
    upstream = createSocket('udp4');
    const up = upstream;
    up.on('message', (m, rinfo) => {
      const q = decode(m);
      const reply = encode({ type: 'response', id: q.id, flags: 0x8180, questions: q.questions, answers: [{ type: 'A', name: q.questions![0]!.name, ttl: 5, data: '198.18.9.9' }] });
      setTimeout(() => up.send(reply, rinfo.port, rinfo.address), 100); // answer late
    });
    await new Promise<void>((r) => up.bind(0, '127.0.0.1', () => r()));
    const feed = new MemoryFeed();
    feed.publish(events());
    dns = await startDns(dnsConfig({ listen: ['127.0.0.1:0'], httpListen: '127.0.0.1:0', resolvers: [`127.0.0.1:${up.address().port}`] }), { feed: feed.subscriber() });
    await dns.synced;
    const packets = [query(9000, 'www.example.org', 'A', false)];
    for (let id = 1; id <= 200; id++) packets.push(query(id, `app${id % APPS}.marathon.mesos`, 'A', false));
    const got = await burst(dns.udpAddress.port, packets);
    const fwd = got.get(9000);
    expect(fwd).toBeDefined();
    expect(fwd!.questions![0]!.name).toBe('www.example.org');
    expect(data(fwd!)).toBe('198.18.9.9');
    expect(data(got.get(200)!)).toBe(`198.18.1.${(200 % APPS) + 10}`);
  });
});
