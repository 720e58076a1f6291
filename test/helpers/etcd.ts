/**
 * startEtcd: a real single-member etcd (the Debian `etcd` binary) on free
 * loopback ports with a temp data dir, tuned to start in well under 2 s.
 * restart() keeps the ports and data dir, so clients reconnect to the same
 * endpoint and see the same history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import type { StoreFixture } from '../../lib/store/testing/contract-suite';
import type { EtcdStore } from '../../lib/store/etcd/etcd-store';
import { freePorts } from './ports';
import { isRunning, terminate, track, trackDir, untrackDir, waitUntil } from './_children';

export interface EtcdOptions {
  /** Start within this long (default 15 s). */
  startTimeoutMs?: number;
  /** Extra etcd flags, e.g. ['--auto-compaction-retention', '1']. */
  extraArgs?: string[];
  /**
   * Serve clients over TLS with this certificate, and (clientCa) require a
   * client certificate signed by that CA (--client-cert-auth). `probe` is the
   * client certificate the health check uses.
   */
  tls?: { ca: string; cert: string; key: string; clientCa?: string; probe?: { cert: string; key: string } };
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

async function healthy(endpoint: string, tls: EtcdOptions['tls']): Promise<boolean> {
  if (!tls) {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) });
    if (!res.ok) return false;
    const body = (await res.json()) as { health?: string };
    return body.health === 'true';
  }
  const body = await new Promise<string>((resolve, reject) => {
    const req = httpsGet(`${endpoint}/health`, { ca: readFileSync(tls.ca), ...(tls.probe ? { cert: readFileSync(tls.probe.cert), key: readFileSync(tls.probe.key) } : {}), timeout: 1_000 }, (res) => {
      let text = '';
      res.on('data', (b: Buffer) => (text += b.toString()));
      res.on('end', () => resolve(res.statusCode === 200 ? text : ''));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
  return body !== '' && (JSON.parse(body) as { health?: string }).health === 'true';
}

export async function startEtcd(opts: EtcdOptions = {}): Promise<EtcdHandle> {
  const [clientPort, peerPort] = await freePorts(2);
  const base = mkdtempSync(join(tmpdir(), 'marina-etcd-'));
  trackDir(base);
  const dataDir = join(base, 'data');
  const logFile = join(base, 'etcd.log');
  const endpoint = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
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
    ...(opts.tls ? ['--cert-file', opts.tls.cert, '--key-file', opts.tls.key] : []),
    ...(opts.tls?.clientCa ? ['--client-cert-auth', '--trusted-ca-file', opts.tls.clientCa] : []),
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
        return healthy(endpoint, opts.tls);
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

/** A store-contract fixture on etcd: two clients (open() twice), the keyspace cleared so each test starts empty. */
export async function etcdContractFixture(open: () => Promise<EtcdStore>): Promise<StoreFixture> {
  const store = await open();
  const second = await open();
  await store.txn({ compares: [], success: [{ type: 'deletePrefix', prefix: '' }] });
  return {
    store,
    second,
    cleanup: async () => {
      await store.close();
      await second.close();
    },
  };
}
