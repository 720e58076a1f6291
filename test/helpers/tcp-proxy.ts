/**
 * A loopback TCP proxy that tests can cut and restore (as etcd3's test Proxy
 * does), to put a client through a disconnect it cannot skip.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Client URL through the proxy, e.g. http://127.0.0.1:PORT. */
  readonly url: string;
  /** Drop every open connection and refuse (reset) new ones until resume(). */
  cut(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return void client.resetAndDestroy();
    const upstream = createConnection({ host: targetHost, port: targetPort });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('proxy has no TCP address');
  return {
    port: addr.port,
    url: `http://127.0.0.1:${addr.port}`,
    cut: () => {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    resume: () => {
      cut = false;
    },
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
