/**
 * Forwarding of names outside our zones to upstream resolvers: per-zone
 * upstreams (longest zone wins) else the default ones, each tried in turn
 * with a timeout until one answers (Mesos-DNS exchanger/forwarder.go).
 * Only clients inside the recursion networks may use it (no open resolver):
 * others, and queries with no upstream configured, get REFUSED (as
 * Mesos-DNS's ForwardError); when every upstream fails, SERVFAIL.
 */
import { createSocket, type Socket } from 'node:dgram';
import { connect } from 'node:net';
import { errorResponse } from '../../wire/response';
import { copyQuery, keyToName, RCODE_REFUSED, RCODE_SERVFAIL, type Query } from '../../wire/query';
import type { Handler, Reply } from '../chain';

export interface Upstream {
  host: string;
  port: number;
}

export interface ForwardOptions {
  /** zone (lower case, no trailing dot) → upstreams. */
  zones: Map<string, Upstream[]>;
  defaults: Upstream[];
  timeoutMs: number;
  recursion: (remote: string) => boolean;
  onForward?: (outcome: 'ok' | 'failed' | 'refused') => void;
}

/** `198.18.0.1`, `198.18.0.1:5353`, `[::1]:53` → Upstream (port 53 by default). */
export function parseUpstream(s: string): Upstream {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^([^:]+)(?::(\d+))?$/.exec(s);
  if (m) return { host: m[1]!, port: m[2] ? Number(m[2]) : 53 };
  return { host: s, port: 53 };
}

interface Pending {
  resolve: (b: Buffer | undefined) => void;
  upstream: Upstream;
  timer: NodeJS.Timeout;
}

/** One UDP socket per family; queries are matched back by a fresh id and the upstream address. */
class UdpExchanger {
  private readonly pending = new Map<number, Pending>();
  private sockets = new Map<'udp4' | 'udp6', Socket>();

  exchange(packet: Buffer, up: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
    let id = (Math.random() * 65536) | 0;
    for (let i = 0; this.pending.has(id) && i < 65536; i++) id = (id + 1) & 0xffff;
    if (this.pending.has(id)) return Promise.resolve(undefined);
    const out = Buffer.from(packet);
    out.writeUInt16BE(id, 0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.pending.set(id, { resolve, upstream: up, timer });
      this.socket(up.host.includes(':') ? 'udp6' : 'udp4').send(out, up.port, up.host, (err) => {
        if (err) this.settle(id, undefined);
      });
    });
  }

  close(): void {
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }

  private settle(id: number, msg: Buffer | undefined): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(msg);
  }

  private socket(type: 'udp4' | 'udp6'): Socket {
    let s = this.sockets.get(type);
    if (s) return s;
    s = createSocket(type);
    s.on('message', (msg, rinfo) => {
      if (msg.length < 12) return;
      const p = this.pending.get(msg.readUInt16BE(0));
      if (p && rinfo.port === p.upstream.port && rinfo.address === p.upstream.host) this.settle(msg.readUInt16BE(0), msg);
    });
    s.on('error', () => undefined);
    s.unref();
    this.sockets.set(type, s);
    return s;
  }
}

/** One query over TCP (for TCP clients when the UDP answer was truncated). */
function tcpExchange(packet: Buffer, up: Upstream, timeoutMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ host: up.host, port: up.port });
    let buf = Buffer.alloc(0);
    const done = (b: Buffer | undefined) => {
      sock.destroy();
      clearTimeout(timer);
      resolve(b);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('connect', () => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(packet.length);
      sock.write(Buffer.concat([len, packet]));
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) done(buf.subarray(2, 2 + buf.readUInt16BE(0)));
    });
  });
}

export interface Forwarder {
  handler: Handler;
  close(): void;
}

function upstreamsFor(name: string, o: ForwardOptions): Upstream[] {
  let best: Upstream[] | undefined;
  let bestLen = -1;
  for (const [zone, ups] of o.zones) {
    if ((name === zone || name.endsWith('.' + zone) || zone === '') && zone.length > bestLen) {
      best = ups;
      bestLen = zone.length;
    }
  }
  return best ?? o.defaults;
}

export function forwarder(o: ForwardOptions): Forwarder {
  const udp = new UdpExchanger();
  const handler: Handler = async (live: Query): Promise<Reply> => {
    // The listener reuses its query object for the next packet: keep a copy across the awaits.
    const q = copyQuery(live);
    const rd = (q.flags & 0x100) !== 0;
    const ups = q.qclass === 1 || q.qclass === 255 ? upstreamsFor(keyToName(q.key), o) : [];
    if (!o.recursion(q.remote) || ups.length === 0) {
      o.onForward?.('refused');
      return errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd, rd);
    }
    const packet = Buffer.from(q.raw);
    for (const up of ups) {
      let ans = await udp.exchange(packet, up, o.timeoutMs);
      if (ans && q.transport === 'tcp' && (ans.readUInt16BE(2) & 0x200) !== 0) ans = await tcpExchange(packet, up, o.timeoutMs);
      if (!ans) continue;
      const out = Buffer.from(ans);
      out.writeUInt16BE(q.id, 0);
      out[3]! |= 0x80; // RA: recursion is offered to this client
      o.onForward?.('ok');
      return out;
    }
    o.onForward?.('failed');
    return errorResponse(q.raw, q.id, RCODE_SERVFAIL, q.questionEnd, rd);
  };
  return { handler, close: () => udp.close() };
}
