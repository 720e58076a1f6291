/**
 * Reachability checks inside network namespaces without ping (not installed):
 * a tiny Node TCP echo server run in one netns, and a client run in another.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { nodeBinary } from './process';
import { run } from './exec';
import { isRunning, terminate, track, waitUntil } from './_children';

const SERVER = `
const net = require('node:net');
const [host, port, tag] = process.argv.slice(1);
net.createServer((s) => { s.end(tag + ' ' + s.remoteAddress + '\\n'); })
  .listen(Number(port), host, () => console.log('listening'));
`;

const CLIENT = `
const net = require('node:net');
const [host, port, ms] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
let out = '';
s.setTimeout(Number(ms), () => { console.error('timeout'); process.exit(2); });
s.on('data', (b) => { out += b; });
s.on('end', () => { process.stdout.write(out); process.exit(0); });
s.on('error', (e) => { console.error(e.code || e.message); process.exit(1); });
`;

export interface TcpServer {
  stop(): Promise<void>;
}

/** Serve `tag <clientAddress>\n` on host:port inside ns (or the current ns when ns is undefined). */
export async function startTcpServer(ns: string | undefined, host: string, port: number, tag = 'marina'): Promise<TcpServer> {
  const args = ['-e', SERVER, host, String(port), tag];
  const child: ChildProcess = ns ? spawn('ip', ['netns', 'exec', ns, nodeBinary(), ...args]) : spawn(nodeBinary(), args);
  track(child);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  await waitUntil(`tcp server ${host}:${port} in ${ns ?? 'current netns'}`, async () => {
    if (!isRunning(child)) throw new Error(`server exited: ${out}`);
    return out.includes('listening');
  }, 10_000);
  return { stop: () => terminate(child, 'SIGKILL') };
}

/** Connect from ns to host:port; resolves with the server's reply, or rejects naming the failure. */
export async function tcpRequest(ns: string | undefined, host: string, port: number, timeoutMs = 2_000): Promise<string> {
  const res = await run(nodeBinary(), ['-e', CLIENT, host, String(port), String(timeoutMs)], { netns: ns, timeoutMs: timeoutMs + 5_000 });
  if (res.code !== 0) throw new Error(`tcp connect to ${host}:${port} from ${ns ?? 'current netns'} failed: ${res.stderr.trim()}`);
  return res.stdout;
}
