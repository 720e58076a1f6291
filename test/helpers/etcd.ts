/**
 * startEtcd: a real single-member etcd (the Debian `etcd` binary) on free
 * loopback ports with a temp data dir, tuned to start in well under 2 s.
 * restart() keeps the ports and data dir, so clients reconnect to the same
 * endpoint and see the same history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports';
import { isRunning, terminate, track, trackDir, untrackDir, waitUntil } from './_children';

export interface EtcdOptions {
  /** Start within this long (default 15 s). */
  startTimeoutMs?: number;
  /** Extra etcd flags, e.g. ['--auto-compaction-retention', '1']. */
  extraArgs?: string[];
}

export interface EtcdHandle {
  /** Client URL, e.g. http://127.0.0.1:PORT. */
  readonly endpoint: string;
  readonly clientPort: number;
  readonly peerPort: number;
  readonly dataDir: string;
  /** Current process id (changes on restart). */
  readonly pid: number;
  /** etcd's stdout+stderr so far (for failure messages). */
  log(): string;
  /** SIGTERM and wait (SIGKILL after a grace); keeps the data dir until the process exits. */
  stop(): Promise<void>;
  /** SIGKILL and wait. */
  kill(): Promise<void>;
  /** Start again on the same ports and data dir (after stop or kill), waiting until healthy. */
  restart(): Promise<void>;
  /** Stop and remove the data dir. */
  destroy(): Promise<void>;
}

const all = new Set<EtcdHandle>();

async function healthy(endpoint: string): Promise<boolean> {
  const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) });
  if (!res.ok) return false;
  const body = (await res.json()) as { health?: string };
  return body.health === 'true';
}

export async function startEtcd(opts: EtcdOptions = {}): Promise<EtcdHandle> {
  const [clientPort, peerPort] = await freePorts(2);
  const base = mkdtempSync(join(tmpdir(), 'marina-etcd-'));
  trackDir(base);
  const dataDir = join(base, 'data');
  const logFile = join(base, 'etcd.log');
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'marina-test',
    '--data-dir', dataDir,
    '--listen-client-urls', endpoint,
    '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer,
    '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `marina-test=${peer}`,
    '--initial-cluster-state', 'new',
    '--heartbeat-interval', '50',
    '--election-timeout', '500',
    '--snapshot-count', '10000',
    '--log-level', 'warn',
    ...(opts.extraArgs ?? []),
  ];
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const out = createWriteStream(logFile, { flags: 'a' });
    await new Promise<void>((resolve) => out.once('open', () => resolve()));
    child = spawn('etcd', args, { stdio: ['ignore', out, out] });
    track(child);
    const proc = child;
    await waitUntil(
      `etcd on ${endpoint} to be healthy`,
      async () => {
        if (!isRunning(proc)) throw new Error(`etcd exited (${proc.exitCode ?? proc.signalCode}); log: ${readLog()}`);
        return healthy(endpoint);
      },
      opts.startTimeoutMs ?? 15_000,
    );
  };
  const readLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };

  const handle: EtcdHandle = {
    endpoint,
    clientPort,
    peerPort,
    dataDir,
    get pid() {
      return child?.pid ?? 0;
    },
    log: readLog,
    stop: async () => {
      if (child) await terminate(child, 'SIGTERM');
    },
    kill: async () => {
      if (child) await terminate(child, 'SIGKILL');
    },
    restart: async () => {
      if (child) await terminate(child, 'SIGTERM');
      await launch();
    },
    destroy: async () => {
      if (child) await terminate(child, 'SIGTERM');
      all.delete(handle);
      rmSync(base, { recursive: true, force: true });
      untrackDir(base);
    },
  };
  all.add(handle);
  try {
    await launch();
  } catch (err) {
    await handle.destroy();
    throw err;
  }
  return handle;
}

/** Destroy every etcd started by this process (call from afterAll). */
export async function stopAllEtcd(): Promise<void> {
  await Promise.all([...all].map((h) => h.destroy()));
}
