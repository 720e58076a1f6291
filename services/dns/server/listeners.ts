/**
 * UDP and TCP listeners on every configured address (`--listen
 * 127.0.0.1:53,198.18.16.1:53`), sharing one dispatch function. TCP frames
 * are 2-byte length prefixed (RFC 1035 4.2.2); several queries may share a
 * connection; idle connections close after a timeout (RFC 7766).
 */
import { createSocket, type Socket } from 'node:dgram';
import { createServer, isIPv6, type Server } from 'node:net';
import type { Dispatch, ReplySink } from './dispatch';
import { ReplyArena } from '../wire/reply-arena';

export type { Dispatch } from './dispatch';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `127.0.0.1:53`, `[::1]:53` → address. */
export function parseListen(s: string): ListenAddress {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  if (!m) throw new Error(`expected host:port, got ${JSON.stringify(s)}`);
  return { host: m[1]!, port: Number(m[2]) };
}

export interface Listeners {
  udp: ListenAddress[];
  tcp: ListenAddress[];
  close(): Promise<void>;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram's `lookup` for destinations that are already IP literals (rinfo.address of a query,
 * or a validated --listen host): no resolution, answered synchronously. A non-IP string
 * fails in the kernel's sendto/bind with EINVAL rather than being resolved.
 */
function literalLookup(address: string, _family: unknown, cb: LookupCallback): void {
  cb(null, address, address.includes(':') ? 6 : 4);
}

/**
 * Replies for one UDP socket, built in its reusable arena. send() completes synchronously
 * (literalLookup answers at once, then uv_udp_try_send) unless the kernel's send buffer is
 * full and libuv queues the request holding our bytes: then the arena moves to new memory.
 */
function udpSink(sock: Socket): ReplySink {
  const arena = new ReplyArena();
  return {
    arena,
    send(reply, address, port) {
      sock.send(reply, port, address);
      if (sock.getSendQueueCount() > 0 && arena.owns(reply)) arena.retire();
    },
  };
}

/** Listening options: `reusePort` lets several processes (dns --workers) bind the same address, the kernel spreading queries. */
export interface ListenOptions {
  idleMs?: number;
  reusePort?: boolean;
}

function listenUdp(a: ListenAddress, dispatch: Dispatch, reusePort: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // Replies go to rinfo.address, always an IP literal: skip dns.lookup (an isIP regex and a
    // process.nextTick per reply) with a lookup that hands the address straight back.
    const sock = createSocket({ type: isIPv6(a.host) ? 'udp6' : 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20, lookup: literalLookup, reusePort });
    sock.once('error', reject);
    const sink = udpSink(sock);
    sock.on('message', (msg, rinfo) => dispatch(msg, 'udp', rinfo.address, rinfo.port, sink));
    // exclusive: a cluster worker binds its own socket instead of sharing the primary's handle
    sock.bind({ port: a.port, address: a.host, exclusive: true }, () => {
      sock.removeListener('error', reject);
      sock.on('error', () => undefined);
      resolve(sock);
    });
  });
}

function listenTcp(a: ListenAddress, dispatch: Dispatch, idleMs: number, conns: Set<import('node:net').Socket>, reusePort: boolean): Promise<Server> {
  const srv = createServer((conn) => {
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    let buf = Buffer.alloc(0);
    conn.setTimeout(idleMs, () => conn.destroy());
    conn.on('error', () => conn.destroy());
    const remote = conn.remoteAddress ?? '';
    const sink: ReplySink = {
      send(reply) {
        if (conn.destroyed) return;
        const len = Buffer.allocUnsafe(2);
        len.writeUInt16BE(reply.length);
        conn.write(Buffer.concat([len, reply]));
      },
    };
    conn.on('data', (d) => {
      buf = buf.length === 0 ? d : Buffer.concat([buf, d]);
      while (buf.length >= 2) {
        const n = buf.readUInt16BE(0);
        if (buf.length < 2 + n) break;
        dispatch(buf.subarray(2, 2 + n), 'tcp', remote, 0, sink);
        buf = buf.subarray(2 + n);
      }
    });
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen({ port: a.port, host: a.host, exclusive: true, reusePort }, () => {
      srv.removeListener('error', reject);
      resolve(srv);
    });
  });
}

/**
 * UDP and TCP on one address and port. Port 0: the UDP socket picks the
 * port, and when TCP finds it taken (an outgoing connection's ephemeral
 * port) both are tried again on another, a few times.
 */
async function listenPair(a: ListenAddress, dispatch: Dispatch, idleMs: number, conns: Set<import('node:net').Socket>, reusePort: boolean): Promise<[Socket, Server]> {
  for (let attempt = 1; ; attempt++) {
    const s = await listenUdp(a, dispatch, reusePort);
    try {
      return [s, await listenTcp({ host: a.host, port: s.address().port }, dispatch, idleMs, conns, reusePort)];
    } catch (err) {
      s.close();
      if (a.port !== 0 || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 10) throw err;
    }
  }
}

/** Listen on UDP and TCP on each address (port 0 picks a free port, the same for both). */
export async function listen(addrs: ListenAddress[], dispatch: Dispatch, opts: ListenOptions = {}): Promise<Listeners> {
  const idleMs = opts.idleMs ?? 10_000;
  const reusePort = opts.reusePort ?? false;
  const sockets: Socket[] = [];
  const servers: Server[] = [];
  const conns = new Set<import('node:net').Socket>();
  const udp: ListenAddress[] = [];
  const tcp: ListenAddress[] = [];
  try {
    for (const a of addrs) {
      const [s, t] = await listenPair(a, dispatch, idleMs, conns, reusePort);
      sockets.push(s);
      servers.push(t);
      const port = s.address().port;
      udp.push({ host: a.host, port });
      tcp.push({ host: a.host, port });
    }
  } catch (err) {
    for (const s of sockets) s.close();
    for (const t of servers) t.close();
    throw err;
  }
  return {
    udp,
    tcp,
    close: async () => {
      for (const s of sockets) s.close();
      const closed = Promise.all(servers.map((t) => new Promise<void>((r) => t.close(() => r()))));
      for (const c of conns) c.destroy();
      await closed;
    },
  };
}
