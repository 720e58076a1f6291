/**
 * `marina lb`: follows VIPs and ready backends on the allocator's watch
 * stream and programs them with the chosen backend; optionally runs the
 * edge proxy. Stopping leaves the kernel rules in place (the data plane keeps
 * serving across restarts, as kube-proxy's does); `--cleanup` removes them.
 */
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { reportProgramming } from '../../lib/metrics/programming-reporter';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { followerCredentials, type CredentialFlags } from '../../lib/client/credential-options';
import type { ClusterFeed } from '../../lib/feed/feed';
import { logger } from '../../lib/log';
import { serviceRegistry } from '../../lib/metrics';
import type { RunningService } from '../../lib/service';
import type { BackendOptions } from './backends/backend';
import { chooseBackend, cleanupOthers } from './backends/registry';
import { watchBridgeNetfilter } from './bridge-netfilter';
import { startHttp } from './http';
import { lbStatsSource } from './stats/source';
import { VipSyncer } from './syncer';
import { EdgeProxy } from './proxy/l7/edge';
import { HaproxyEdge } from './haproxy/haproxy-edge';

export interface LbConfig {
  allocator: string;
  mode: string;
  /** host:port of /healthz, /metrics, /stats. */
  listen: string;
  syncPeriodMs: number;
  minSyncMs: number;
  clusterCidrs: string[];
  masqueradeAll: boolean;
  agentId?: string;
  /** Serve Marathon-LB style service ports and vhosts. */
  edge: boolean;
  /** Address the edge listeners bind (service ports and the HTTP vhost port). */
  edgeAddress: string;
  edgeHttpPort: number;
  edgeGroup: string;
  edgeStrict: boolean;
  /** Use HAProxy as the edge data plane instead of the built-in proxy. */
  haproxy?: boolean;
  redis?: string;
  /** --token / --token-file / --ca / --client-config (default: MARINA_* and the client config). */
  credentials?: CredentialFlags;
  /** For tests and `marina up`: an in-process feed instead of gRPC. */
  feed?: ClusterFeed;
  netns?: string;
}

export interface RunningLb extends RunningService {
  syncer: VipSyncer;
  edge?: EdgeProxy | HaproxyEdge;
  http: Server;
}

export async function startLb(cfg: LbConfig): Promise<RunningLb> {
  const log = logger('lb', { mode: cfg.mode });
  const registry = serviceRegistry('lb', { processMetrics: true });
  const bopts: BackendOptions = { clusterCidrs: cfg.clusterCidrs, masqueradeAll: cfg.masqueradeAll, netns: cfg.netns };
  const backend = chooseBackend(cfg.mode, bopts);
  // A restart may come with another mode: remove what the other one left.
  await cleanupOthers(backend.name, bopts);
  const syncer = new VipSyncer(backend, bopts, { minSyncMs: cfg.minSyncMs, syncPeriodMs: cfg.syncPeriodMs, localAgentId: cfg.agentId }, registry);
  const edgeOpts = { address: cfg.edgeAddress, httpPort: cfg.edgeHttpPort, group: cfg.edgeGroup, strict: cfg.edgeStrict, redis: cfg.redis, localAgentId: cfg.agentId };
  const edge = !cfg.edge ? undefined : cfg.haproxy ? new HaproxyEdge(edgeOpts) : new EdgeProxy(edgeOpts, registry);
  const feed = cfg.feed ?? new GrpcClusterFeed({ address: cfg.allocator, credentials: followerCredentials(cfg.credentials ?? {}) });
  // Kernel VIPs and same-bridge backends need br_netfilter (checked again every sync period).
  const brnf = backend.kernelNat ? watchBridgeNetfilter(log, cfg.syncPeriodMs, cfg.netns) : undefined;
  const http = await startHttp(cfg.listen, registry, {
    ready: () => syncer.ready && (edge?.ready ?? true),
    freshness: () => feed.freshness?.(),
    ...lbStatsSource({ backend, syncer, edge, brnf, netns: cfg.netns, agentId: cfg.agentId }),
  });
  syncer.runner.start();
  await feed.start({
    onSnapshot: (s) => {
      syncer.tracker.onSnapshot(s);
      edge?.onChange(syncer.tracker.view());
    },
    onEvents: (rev, evs) => {
      syncer.tracker.onEvents(rev, evs);
      edge?.onChange(syncer.tracker.view());
    },
  });
  // the map shows it (GET /v1/programming-latency on the allocator), under this host's agent id
  const reporter = reportProgramming(feed, syncer.latency.histogram, 'lb', cfg.agentId ?? hostname(), log);
  log.info({ listen: cfg.listen, allocator: cfg.allocator }, 'lb started');
  let stopped = false;
  return {
    name: 'lb',
    syncer,
    edge,
    http,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      reporter?.stop();
      syncer.runner.stop();
      brnf?.stop();
      await feed.stop();
      await syncer.runner.idle();
      await edge?.close();
      await backend.close?.();
      await new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
    },
  };
}

/** `marina lb --cleanup`: remove everything every backend may have left; touch nothing else. */
export async function cleanupLb(netns?: string): Promise<void> {
  await cleanupOthers(undefined, { clusterCidrs: [], masqueradeAll: false, netns });
}
