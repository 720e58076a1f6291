import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * Ports for test servers come from 20000-30999: below the kernel's ephemeral
 * range (32768-60999 here), so an outgoing connection of some other test can
 * never take a port between the moment it is picked and the moment the
 * server binds it (the EADDRINUSE race of "bind port 0, close, reuse"), and
 * below the agents' default host-port range (31000-32000).
 */
const LOW = 20000;
const HIGH = 30999;
const handedOut = new Set<number>();

function tcpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function udpFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    sock.once('error', () => {
      sock.close();
      resolve(false);
    });
    sock.bind({ address: host, port, exclusive: true }, () => sock.close(() => resolve(true)));
  });
}

/** A port free for both TCP and UDP on host, not handed out before in this process. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW + 1));
    if (handedOut.has(port)) continue;
    if ((await tcpFree(host, port)) && (await udpFree(host, port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${LOW}-${HIGH} on ${host}`);
}

/** n distinct free ports. */
export async function freePorts(n: number, host = '127.0.0.1'): Promise<number[]> {
  const ports: number[] = [];
  for (let i = 0; i < n; i++) ports.push(await freePort(host));
  return ports;
}
