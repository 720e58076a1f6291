/** startRedis: a real redis-server on a free loopback port, no persistence, temp dir. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { isRunning, terminate, track, trackDir, untrackDir, waitUntil } from './_children';

export interface RedisHandle {
  readonly port: number;
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  readonly pid: number;
  readonly dir: string;
  log(): string;
  /** SIGTERM and wait, then remove the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL and wait, then remove the temp dir. */
  kill(): Promise<void>;
}

const all = new Set<RedisHandle>();

/** Send PING over RESP and expect +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1_000, () => done(false));
    sock.once('error', () => done(false));
    sock.once('connect', () => sock.write('PING\r\n'));
    sock.once('data', (b: Buffer) => done(b.toString().startsWith('+PONG')));
  });
}

export async function startRedis(opts: { startTimeoutMs?: number; extraArgs?: string[] } = {}): Promise<RedisHandle> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'marina-redis-'));
  trackDir(dir);
  const logFile = join(dir, 'redis.log');
  const out = createWriteStream(logFile);
  await new Promise<void>((resolve) => out.once('open', () => resolve()));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(opts.extraArgs ?? [])];
  const child: ChildProcess = spawn('redis-server', args, { stdio: ['ignore', out, out] });
  track(child);
  const readLog = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const finish = async (signal: NodeJS.Signals) => {
    await terminate(child, signal);
    all.delete(handle);
    rmSync(dir, { recursive: true, force: true });
    untrackDir(dir);
  };
  const handle: RedisHandle = {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    dir,
    log: readLog,
    stop: () => finish('SIGTERM'),
    kill: () => finish('SIGKILL'),
  };
  all.add(handle);
  try {
    await waitUntil(
      `redis-server on 127.0.0.1:${port}`,
      async () => {
        if (!isRunning(child)) throw new Error(`redis-server exited; log: ${readLog()}`);
        return ping(port);
      },
      opts.startTimeoutMs ?? 10_000,
    );
  } catch (err) {
    await handle.kill();
    throw err;
  }
  return handle;
}

/** Stop every redis started by this process (call from afterAll). */
export async function stopAllRedis(): Promise<void> {
  await Promise.all([...all].map((h) => h.stop()));
}
