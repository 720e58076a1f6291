/**
 * Userspace UDP VIP: one upstream socket per client address ("session"),
 * replies relayed back from the VIP address. Sessions end after idleMs
 * without traffic, and at once when their backend leaves, which is what
 * `conntrack -D` does for the kernel backends. With no ready backend the
 * datagram is dropped (there is no userspace way to send ICMP unreachable).
 */
import { createSocket, type Socket } from 'node:dgram';
import { L4Balancer, id } from './balancer';

interface Session {
  upstream: Socket;
  backend: string;
  timer: NodeJS.Timeout;
}

export class UdpVip {
  private socket: Socket | undefined;
  private readonly sessions = new Map<string, Session>();

  constructor(readonly ip: string, readonly port: number, readonly balancer: L4Balancer, private readonly idleMs = 30_000) {}

  listen(): Promise<void> {
    const sock = createSocket({ type: this.ip.includes(':') ? 'udp6' : 'udp4' });
    this.socket = sock;
    sock.on('message', (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
    return new Promise((resolve, reject) => {
      sock.once('error', reject);
      sock.bind({ address: this.ip, port: this.port, exclusive: true }, () => {
        sock.off('error', reject);
        sock.on('error', () => undefined);
        resolve();
      });
    });
  }

  /** Drop sessions whose backend is gone (called after the balancer is updated). */
  prune(): void {
    for (const [key, s] of this.sessions) {
      const [ip, port] = splitId(s.backend);
      if (!this.balancer.has({ ip, port })) this.end(key);
    }
  }

  private onMessage(msg: Buffer, address: string, port: number): void {
    const key = `${address}|${port}`;
    let s = this.sessions.get(key);
    if (!s) {
      const b = this.balancer.pick(address);
      if (!b) return;
      const upstream = createSocket({ type: b.ip.includes(':') ? 'udp6' : 'udp4' });
      upstream.on('error', () => this.end(key));
      upstream.on('message', (reply) => {
        this.touch(key);
        this.socket?.send(reply, port, address);
      });
      upstream.connect(b.port, b.ip);
      this.balancer.begin(b);
      this.balancer.connected(b);
      s = { upstream, backend: id(b), timer: setTimeout(() => this.end(key), this.idleMs) };
      this.sessions.set(key, s);
    }
    this.touch(key);
    const up = s.upstream;
    const send = () => up.send(msg, () => undefined);
    try {
      send();
    } catch {
      up.once('connect', send);
    }
  }

  private touch(key: string): void {
    const s = this.sessions.get(key);
    if (s) s.timer.refresh();
  }

  private end(key: string): void {
    const s = this.sessions.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    this.sessions.delete(key);
    const [ip, port] = splitId(s.backend);
    this.balancer.closed({ ip, port, taskId: '' });
    try {
      s.upstream.close();
    } catch {
      // already closed
    }
  }

  async close(): Promise<void> {
    for (const key of [...this.sessions.keys()]) this.end(key);
    await new Promise<void>((r) => (this.socket ? this.socket.close(() => r()) : r()));
  }
}

function splitId(s: string): [string, number] {
  const i = s.lastIndexOf(':');
  return [s.slice(0, i), Number(s.slice(i + 1))];
}
