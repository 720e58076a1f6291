/**
 * Userspace TCP VIP: accept on ip:port, connect to a backend (another one if
 * the connect fails), splice both ways. No ready backend: the client gets a
 * reset at once, as the kernel backends REJECT. Removing a backend does not
 * cut its established connections (as conntrack keeps TCP flows).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { L4Balancer, id } from './balancer';

export class TcpVip {
  private server: Server | undefined;
  readonly conns = new Set<Socket>();
  accepted = 0;

  constructor(readonly ip: string, readonly port: number, readonly balancer: L4Balancer) {}

  listen(): Promise<void> {
    const server = createServer({ noDelay: true }, (client) => this.onClient(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.ip, port: this.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private onClient(client: Socket): void {
    this.accepted++;
    this.conns.add(client);
    client.once('close', () => this.conns.delete(client));
    client.on('error', () => undefined);
    client.pause();
    this.dial(client, new Set());
  }

  private dial(client: Socket, failed: Set<string>): void {
    const b = this.balancer.pick(client.remoteAddress ?? '', failed);
    if (!b) {
      client.resetAndDestroy();
      return;
    }
    this.balancer.begin(b);
    const upstream = connect({ host: b.ip, port: b.port, noDelay: true });
    upstream.once('connect', () => {
      this.balancer.connected(b);
      upstream.once('close', () => this.balancer.closed(b));
      upstream.removeAllListeners('error');
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.pipe(upstream).on('error', () => undefined);
      upstream.pipe(client).on('error', () => undefined);
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.resume();
    });
    upstream.once('error', () => {
      this.balancer.closed(b, true);
      upstream.destroy();
      failed.add(id(b));
      if (!client.destroyed) this.dial(client, failed);
    });
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
