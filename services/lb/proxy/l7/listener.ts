/**
 * One HTTP listening socket of the edge: connections start on the fast path
 * (fast-path.ts); node:http (never listening itself) serves the connections
 * the fast path hands over. Closing stops accepting, closes idle connections
 * and lets busy ones finish their response, as node:http's close does.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import type { Duplex } from 'node:stream';
import { FastConnection, type EdgeHooks } from './fast-path';

export interface HttpHandlers {
  request(req: IncomingMessage, res: ServerResponse): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientError(err: Error, socket: Duplex): void;
}

export class EdgeHttpListener {
  /** Serves handed-over connections (bodies, upgrades, HTTP/1.0, malformed input). */
  readonly fallback: Server;
  private readonly server: NetServer;
  private readonly fast = new Set<FastConnection>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(hooks: EdgeHooks, handlers: HttpHandlers) {
    this.fallback = createHttpServer({ keepAlive: true, requireHostHeader: false }, handlers.request);
    this.fallback.on('upgrade', handlers.upgrade);
    this.fallback.on('clientError', handlers.clientError);
    this.server = createNetServer({ noDelay: true }, (socket) => {
      this.fast.add(new FastConnection(socket, hooks, this.fallback, (c) => this.fast.delete(c)));
    });
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const c of this.fast) c.sweep(now);
    }, 1000).unref();
  }

  listen(port: number, address: string): Promise<this> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, address, () => (this.server.off('error', reject), resolve(this)));
    });
  }

  /** Stop accepting; idle connections close now, busy ones after their response. */
  async close(): Promise<void> {
    clearInterval(this.sweeper);
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const c of this.fast) c.closeSoon();
    this.fallback.closeIdleConnections();
    await closed;
  }

  /** Close every connection now (shutdown). */
  async closeAll(): Promise<void> {
    for (const c of this.fast) c.socket.destroy();
    this.fallback.closeAllConnections();
    await this.close();
  }
}
