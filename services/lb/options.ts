/** `marina lb` options (flags, MARINA_* env, config file) and their parsing into the lb config. */
import { hostname } from 'node:os';
import { MarinaError } from '../../lib/errors';
import type { ConfigValues, OptionSpec } from '../../lib/config';
import { BACKEND_NAMES } from './backends/registry';
import type { LbConfig } from './service';
import { CREDENTIAL_OPTIONS, parseCredentialFlags } from '../../lib/client/credential-options';

export const OPTIONS: OptionSpec[] = [
  { name: 'allocator', type: 'string', description: 'allocator gRPC address host:port', default: '127.0.0.1:8081' },
  { name: 'mode', type: 'string', description: `VIP data plane: ${BACKEND_NAMES.join(' | ')}`, default: 'nftables' },
  { name: 'listen', type: 'string', description: 'health, /metrics and /stats listen address', default: '127.0.0.1:9096' },
  { name: 'sync-period', type: 'number', description: 'seconds between full resyncs', default: 30 },
  { name: 'min-sync-interval', type: 'number', description: 'milliseconds between two syncs (bursts coalesce)', default: 100 },
  { name: 'cluster-cidrs', type: 'list', description: 'source CIDRs not masqueraded (empty: only hairpin traffic is)', default: [] },
  { name: 'masquerade-all', type: 'boolean', description: 'masquerade every VIP connection', default: false },
  { name: 'agent-id', type: 'string', description: "this host's agent id, as its agent registered (default: the machine's hostname, the agent's default id): bridge tasks here are reached at their container address, elsewhere at their host port" },
  { name: 'cleanup', type: 'boolean', description: 'remove every Marina VIP rule (nft table marina, MARINA-* chains) and exit', default: false },
  { name: 'edge', type: 'boolean', description: 'serve service ports and HTTP vhosts (Marathon-LB labels)', default: false },
  { name: 'edge-listen', type: 'string', description: 'edge bind address and HTTP vhost port', default: '0.0.0.0:80' },
  { name: 'edge-group', type: 'string', description: 'HAPROXY_GROUP served by this edge', default: 'external' },
  { name: 'edge-strict', type: 'boolean', description: 'serve only ports with HAPROXY_{n}_ENABLED=true', default: false },
  { name: 'haproxy', type: 'boolean', description: 'use HAProxy (runtime API, seamless reloads) as the edge data plane', default: false },
  { name: 'redis', type: 'string', description: 'redis URL for shared edge rate limits (fails open when down)' },
  ...CREDENTIAL_OPTIONS,
];

/** Turn resolved option values into the lb config; errors name the option. */
export function parseLbConfig(c: ConfigValues): LbConfig {
  const [edgeAddress, edgePort] = String(c.edgeListen).split(/:(?=\d+$)/);
  const edgeHttpPort = Number(edgePort);
  if (!Number.isInteger(edgeHttpPort) || edgeHttpPort < 1 || edgeHttpPort > 65535) throw new MarinaError('MARINA_ERR_CONFIG', `invalid --edge-listen ${JSON.stringify(c.edgeListen)}: expected address:port`);
  return {
    allocator: String(c.allocator),
    mode: String(c.mode),
    listen: String(c.listen),
    syncPeriodMs: Number(c.syncPeriod) * 1000,
    minSyncMs: Number(c.minSyncInterval),
    clusterCidrs: (c.clusterCidrs as string[]) ?? [],
    masqueradeAll: Boolean(c.masqueradeAll),
    agentId: (c.agentId as string | undefined) ?? hostname(),
    edge: Boolean(c.edge),
    edgeAddress: edgeAddress || '0.0.0.0',
    edgeHttpPort,
    edgeGroup: String(c.edgeGroup),
    edgeStrict: Boolean(c.edgeStrict),
    haproxy: Boolean(c.haproxy),
    redis: c.redis as string | undefined,
    credentials: parseCredentialFlags(c),
  };
}
