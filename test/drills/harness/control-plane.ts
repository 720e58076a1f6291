/**
 * The control plane of the short drills: a real etcd and `marina allocator`
 * processes on it (kill -9 able), on fixed loopback ports so clients find a
 * restarted replica at the same address.
 */
import { startEtcd, type EtcdHandle } from '../../helpers/etcd';
import { freePorts } from '../../helpers/ports';
import { spawnMarina, type MarinaProcess } from '../../helpers/process';
import { until } from '../../helpers/until';
import { adminClientOf, type AdminClient } from '../../helpers/allocator-auth';
import type { GrpcCredentials } from '../../../lib/client/grpc-call';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Replica {
  api: string;
  grpc: string;
  proc?: MarinaProcess;
}

export class ControlPlane {
  etcd!: EtcdHandle;
  readonly replicas: Replica[] = [];
  /** Each replica's data dir (TLS files, its admin client config) under one temp dir. */
  private readonly dir = mkdtempSync(join(tmpdir(), 'marina-drills-'));
  /** The cluster admin (auth is on, as in production): tokens live in the store, so every replica accepts it. */
  admin!: AdminClient;

  constructor(private readonly flags: string[] = []) {}

  async start(replicas = 1): Promise<void> {
    this.etcd = await startEtcd();
    for (let i = 0; i < replicas; i++) {
      const [api, grpc] = await freePorts(2);
      this.replicas.push({ api: `127.0.0.1:${api}`, grpc: `127.0.0.1:${grpc}` });
    }
    for (let i = 0; i < replicas; i++) await this.startReplica(i);
    this.admin = await adminClientOf(join(this.dir, 'r0'));
  }

  /** gRPC credentials of the admin, for protocol agents and watchers. */
  get credentials(): GrpcCredentials {
    return this.admin.credentials;
  }

  async startReplica(i: number): Promise<void> {
    const r = this.replicas[i]!;
    r.proc = spawnMarina(['allocator', '--store', 'etcd', '--etcd-endpoints', this.etcd.endpoint, '--api-listen', r.api, '--grpc-listen', r.grpc, '--data-dir', join(this.dir, `r${i}`), ...this.flags]);
    await r.proc.waitForHttp(`http://${r.api}/ping`, { timeoutMs: 60_000 });
  }

  async kill9(i: number): Promise<void> {
    await this.replicas[i]!.proc?.kill();
    this.replicas[i]!.proc = undefined;
  }

  /** JSON from a replica's HTTP API (throws on a connection error). */
  async req(i: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`http://${this.replicas[i]!.api}${path}`, {
      method,
      headers: { ...this.admin?.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  }

  get(i: number): (path: string) => Promise<unknown> {
    return async (path) => (await this.req(i, 'GET', path)).body;
  }

  /** Index of the replica that says it leads. */
  async leader(): Promise<number> {
    return until('a leader', async () => {
      for (let i = 0; i < this.replicas.length; i++) {
        if (!this.replicas[i]!.proc) continue;
        const h = await this.req(i, 'GET', '/health').catch(() => undefined);
        if (h?.body?.leader === true) return i + 1;
      }
      return undefined;
    }, 60_000).then((n) => n - 1);
  }

  async stop(): Promise<void> {
    for (const r of this.replicas) await r.proc?.stop().catch(() => undefined);
    await this.etcd?.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
