/** Test harness: an in-process allocator on loopback port 0 with a temp embedded store or an etcd. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../../lib/client/grpc-agent-api';
import type { GrpcCredentials } from '../../../lib/client/grpc-call';
import { AllocatorHttpClient } from '../../../lib/client/http-client';
import { resolveConfig } from '../../../lib/config';
import { OPTIONS, parseAllocatorConfig } from '../options';
import { startAllocator, type RunningAllocator } from '../service';

export interface Harness {
  svc: RunningAllocator;
  base: string;
  dataDir: string;
  /** The admin token the allocator wrote to <dataDir>/client.json (auth is on, as in production). */
  token: string;
  /** gRPC credentials of that admin, for GrpcAgentApi / GrpcClusterFeed. */
  credentials: GrpcCredentials;
  /** JSON request against the HTTP API, as the admin. */
  req(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startHarness(flags: Record<string, unknown> = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'marina-alloc-'));
  const cfg = parseAllocatorConfig(resolveConfig(OPTIONS, { apiListen: '127.0.0.1:0', grpcListen: '127.0.0.1:0', dataDir: dir, ...flags }, {}));
  const svc = await startAllocator(cfg);
  const base = svc.client.api;
  const token = svc.client.token ?? '';
  // Over https (--tls on) too: the client trusts the cluster CA the allocator wrote.
  // no keep-alive: tests stop and restart allocators on the same port, and a reused idle socket the old one closed hangs up
  const client = new AllocatorHttpClient(base, { token: token || undefined, ca: svc.client.ca, keepAlive: false });
  return {
    svc,
    base,
    dataDir: dir,
    token,
    credentials: { token, ...(svc.client.ca ? { ca: svc.client.ca } : {}) },
    req: async (method, path, body) => {
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const res = await client.exchange(method, path, headers, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
      let parsed: unknown = res.text;
      try {
        parsed = JSON.parse(res.text);
      } catch {
        /* text body */
      }
      return { status: res.status, body: parsed, headers: new Headers(Object.entries(res.headers).map(([k, v]) => [k, String(v)])) };
    },
    stop: async () => {
      client.close();
      await svc.stop();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Register agents agent-1..agent-n (host-1.., 198.18.0.11..) over the harness's gRPC API; returns the client. */
export async function registerAgents(h: Harness, n = 2): Promise<GrpcAgentApi> {
  const agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  for (let i = 1; i <= n; i++) await agents.registerAgent({ id: `agent-${i}`, hostname: `host-${i}`, ip: `198.18.0.${10 + i}` });
  return agents;
}
