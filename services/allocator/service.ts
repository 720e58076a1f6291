/**
 * startAllocator: open the store, load the view, serve HTTP (fastify) and
 * gRPC, and run the leader loops. stop() closes everything, idempotently.
 */
import type { Server as TlsServer } from 'node:tls';
import type { RunningService } from '../../lib/service';
import { openStore } from '../../lib/store/open';
import type { Store } from '../../lib/store/contract';
import { errorMessage, isMarinaError } from '../../lib/errors';
import { logger } from '../../lib/log';
import { AllocatorCore } from './core';
import { buildHttp, type RouteTable } from './api/http-server';
import { startGrpc } from './api/grpc/server';
import { createNetwork, parseNetwork } from './alloc/networks';
import { ApiAuth } from './auth/api-auth';
import { writeAdminConfig } from './auth/bootstrap';
import { grpcServerCredentials, servingTls } from './auth/tls';
import { TlsWatcher } from './auth/tls-watch';
import { issueReplicaCert } from './auth/replica-peer';
import { endOverlapIfDue } from '../../lib/tls/ca';
import type { AllocatorConfig } from './options';
import type { ClientConfig } from '../../lib/auth/client-config';

export interface RunningAllocator extends RunningService {
  httpAddress: string;
  grpcAddress: string;
  core: AllocatorCore;
  auth: ApiAuth;
  /** Re-reads the serving TLS files when they change (TLS on). */
  tlsWatcher?: TlsWatcher;
  /** Every HTTP route (method, pattern). */
  routes: RouteTable;
  /** The admin client config written at start (auth on), else just the endpoints. */
  client: ClientConfig;
}

function splitListen(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  return { host: listen.slice(0, i).replace(/^\[|\]$/g, '') || '127.0.0.1', port: Number(listen.slice(i + 1)) };
}

/** Start the allocator; pass `store` to share an open one (tests, `marina up`). */
export async function startAllocator(config: AllocatorConfig, opts: { store?: Store } = {}): Promise<RunningAllocator> {
  const log = logger('allocator');
  const store = opts.store ?? (await openStore({ kind: config.store, dataDir: config.dataDir, endpoints: config.etcdEndpoints, etcdTls: config.etcdTls, prefix: config.settings.prefix }));
  const core = new AllocatorCore(store, config.settings);
  await core.start();
  for (const n of config.defaultNetworks) {
    if (core.ctx.view.networks.has(n.name)) continue;
    await createNetwork(core.ctx, parseNetwork(n)).catch((err: unknown) => {
      if (!isMarinaError(err, 'MARINA_ERR_CONFLICT')) throw err;
    });
  }
  const tls = await servingTls(config.tls, config.dataDir, [config.apiListen, config.grpcListen]);
  const auth = new ApiAuth(core, config.auth, tls);
  // this replica's own certificate, to forward trace checks of client-certificate callers (auth/replica-peer.ts)
  const peerCert = async () => (tls?.cluster ? issueReplicaCert(tls.cluster, core.replicaId) : undefined);
  core.traceForward.setCa(tls?.ca, await peerCert());
  const routes: RouteTable = [];
  const http = buildHttp(core, auth, routes, tls);
  const { host, port } = splitListen(config.apiListen);
  await http.listen({ host, port });
  const addr = http.server.address();
  const httpAddress = typeof addr === 'object' && addr ? `${host}:${addr.port}` : config.apiListen;
  // After `marina ca rotate` (or new operator files) both servers serve the new files, no restart (auth/tls-watch.ts).
  const cluster = tls?.cluster;
  const tlsWatcher = tls ? new TlsWatcher(tls, cluster ? () => endOverlapIfDue(cluster) : undefined) : undefined;
  tlsWatcher?.subscribe((t) => (http.server as unknown as TlsServer).setSecureContext({ key: t.key, cert: t.cert, ca: t.ca }));
  tlsWatcher?.subscribe((t) => {
    // a rotated CA: a certificate from the new one (the old stays trusted through the overlap meanwhile)
    void peerCert().then(
      (peer) => core.traceForward.setCa(t.ca, peer),
      (err: unknown) => log.warn({ err: errorMessage(err) }, 'cannot issue this replica a certificate from the rotated CA'),
    );
  });
  const grpc = await startGrpc(core, config.grpcListen, auth, grpcServerCredentials(tls, tlsWatcher));
  tlsWatcher?.start();
  // The admin config points at loopback when the API listens on a wildcard.
  const local = (a: string) => a.replace(/^(0\.0\.0\.0|\[?::\]?):/, '127.0.0.1:');
  const endpoints = { api: `${tls ? 'https' : 'http'}://${local(httpAddress)}`, grpc: local(grpc.address), ...(tls ? { ca: tls.caFile } : {}) };
  const client = auth.enabled ? await writeAdminConfig(auth, config.clientConfig, endpoints) : endpoints;
  const storeUrl = config.store === 'etcd' ? `etcd://${config.etcdEndpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',')}${config.settings.prefix}` : `embedded://${config.dataDir}${config.settings.prefix}`;
  await core.advertise({ http: httpAddress, store: storeUrl });
  log.info({ http: httpAddress, grpc: grpc.address, store: store.kind, prefix: config.settings.prefix }, 'allocator started');
  let stopped: Promise<void> | undefined;
  return {
    name: 'allocator',
    httpAddress,
    grpcAddress: grpc.address,
    core,
    auth,
    tlsWatcher,
    routes,
    client,
    stop: () =>
      (stopped ??= (async () => {
        tlsWatcher?.stop();
        grpc.health.setStatus('', 'NOT_SERVING');
        await http.close();
        await grpc.stop();
        await core.stop();
        if (!opts.store) await store.close();
        log.info('allocator stopped');
      })()),
  };
}
