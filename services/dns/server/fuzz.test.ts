/**
 * Fuzz: 100,000 random and mutated packets through the real decode →
 * handler chain → encode path. No throw, every reply carries the request id
 * and fits the UDP limit, and memory stays flat between the two halves.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encode, decode } from 'dns-packet';
import { MemoryFeed } from '../../../lib/feed/testing/memory-feed';
import { FeedSource } from '../sources/feed/feed-source';
import { DnsState } from '../records/dns-state';
import { authoritative } from '../handlers/authoritative/authoritative';
import { chain } from '../handlers/chain';
import { errorResponse } from '../wire/response';
import { RCODE_REFUSED } from '../wire/query';
import { makeDispatch } from './dispatch';
import { QueryStats } from './stats';
import { ReplyArena } from '../wire/reply-arena';
import { agent, task, hostPort } from '../testing/fixtures';
import { rfc1123Label } from '../../../lib/naming';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function setup() {
  const feed = new MemoryFeed();
  feed.publish([{ kind: 'agent', op: 'put', id: 'a-S1', value: agent('a-S1', '198.18.0.11') }]);
  for (let i = 0; i < 50; i++) feed.publish([{ kind: 'task', op: 'put', id: `web.${i}`, value: task({ id: `web.${i}`, appId: '/web', agentId: 'a-S1', ports: [hostPort(31000 + i, 'http')] }) }]);
  const state = new DnsState({ zones: ['mesos', 'thisdcos.directory'], ttl: 60, srvWeight: 1, soa: { mname: 'ns1.mesos', rname: 'root.ns1.mesos', refresh: 60, retry: 600, expire: 86400, minttl: 60 } });
  const src = new FeedSource(feed.subscriber(), state, { domain: 'mesos', label: rfc1123Label, ipSources: ['netinfo', 'host'], framework: 'marathon', masters: [], staticRRs: [] });
  await src.start();
  const next = chain([authoritative(state, { recursion: () => false, mname: 'ns1.mesos' })], (q) => errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd));
  return makeDispatch(next, new QueryStats());
}

const seeds: Buffer[] = [
  ['web.marathon.mesos', 'A'], ['_web._tcp.marathon.mesos', 'SRV'], ['mesos', 'SOA'], ['nope.mesos', 'AAAA'], ['example.org', 'A'], ['web.marathon.mesos', 'ANY'],
].map(([name, type], i) => encode({ type: 'query', id: i, flags: 256, questions: [{ type: type as 'A', name: name! }], additionals: i % 2 ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as never] : [] }));

function packet(rand: () => number): Buffer {
  if (rand() < 0.4) {
    const b = Buffer.alloc(Math.floor(rand() * 600));
    for (let i = 0; i < b.length; i++) b[i] = Math.floor(rand() * 256);
    return b;
  }
  const b = Buffer.from(seeds[Math.floor(rand() * seeds.length)]!);
  const flips = 1 + Math.floor(rand() * 6);
  for (let k = 0; k < flips; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
  const cut = rand();
  if (cut < 0.2) return b.subarray(0, Math.floor(rand() * b.length));
  if (cut < 0.3) return Buffer.concat([b, Buffer.alloc(Math.floor(rand() * 40), Math.floor(rand() * 256))]);
  return b;
}

function check(msg: Buffer, reply: Buffer, limit: number): void {
  if (reply.readUInt16BE(0) !== msg.readUInt16BE(0)) throw new Error('reply id differs from the query id');
  if (reply.length > limit) throw new Error(`reply of ${reply.length} bytes over the ${limit}-byte limit`);
  if ((reply[2]! & 0x80) === 0) throw new Error('reply without QR');
}

describe('fuzz', () => {
  it('survives 100,000 random and mutated packets with flat memory', async () => {
    const dispatch = await setup();
    const rand = seededRandom(42);
    let replies = 0;
    let decoded = 0;
    let got: Buffer | undefined;
    // The UDP listener's sink: replies are built in one reusable arena.
    const sink = { arena: new ReplyArena(), send: (r: Buffer) => (got = r) };
    const half = async () => {
      for (let i = 0; i < 50_000; i++) {
        const msg = packet(rand);
        got = undefined;
        dispatch(msg, 'udp', '198.18.0.1', 5300, sink);
        if (i % 1000 === 0) await new Promise((r) => setImmediate(r));
        if (!got) continue;
        replies++;
        check(msg, got, 65535);
        if (i % 10 === 0) {
          decode(got);
          decoded++;
        }
      }
    };
    await half();
    gc();
    const before = process.memoryUsage().heapUsed;
    await half();
    gc();
    const growth = process.memoryUsage().heapUsed - before;
    expect(replies).toBeGreaterThan(10_000);
    expect(decoded).toBeGreaterThan(1000);
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  }, 120_000);

  it('keeps every UDP reply within 512 bytes without EDNS0', async () => {
    const dispatch = await setup();
    const q = encode({ type: 'query', id: 7, flags: 256, questions: [{ type: 'SRV', name: '_web._tcp.marathon.mesos' }] });
    let got: Buffer | undefined;
    dispatch(q, 'udp', '198.18.0.1', 5300, { arena: new ReplyArena(), send: (r) => (got = r) });
    expect(got!.length).toBeLessThanOrEqual(512);
    expect(got![2]! & 0x02).toBe(0x02);
    const msg = decode(got!);
    expect(msg.answers!.length).toBeGreaterThan(0);
    expect(msg.answers!.length).toBeLessThan(50);
  });
});
