/**
 * `marina up`: every service on one machine in one process, on the embedded
 * store by default (k3s-style). Each service gets its own option defaults;
 * `up` sets only what ties them together (addresses, data dirs).
 */
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { clientConfigPath } from '../lib/auth/client-config';
import type { GrpcCredentials } from '../lib/client/grpc-call';
import { GrpcClusterFeed } from '../lib/client/grpc-feed';
import { serviceToken } from '../services/allocator/auth/bootstrap';
import type { TokenSpec } from '../services/allocator/auth/tokens';
import { Command } from 'commander';
import { declareOptions, resolveConfig, type ConfigValues, type OptionSpec } from '../lib/config';
import { MarinaError } from '../lib/errors';
import { configureLogging, logger } from '../lib/log';
import { runUntilSignal, type RunningService } from '../lib/service';
import { OPTIONS as ALLOCATOR_OPTIONS, parseAllocatorConfig } from '../services/allocator/options';
import { startAllocator } from '../services/allocator/service';
import { cleanupAgent } from '../services/agent/cleanup';
import { OPTIONS as AGENT_OPTIONS, parseAgentConfig, parseCleanupConfig } from '../services/agent/options';
import { startAgent } from '../services/agent/service';
import { OPTIONS as DNS_OPTIONS, parseDnsConfig } from '../services/dns/options';
import { startDns } from '../services/dns/service';
import { OPTIONS as LB_OPTIONS, parseLbConfig } from '../services/lb/options';
import { cleanupLb, startLb } from '../services/lb/service';
import { defaultRouteAddress } from './host-address';

export const UP_OPTIONS: OptionSpec[] = [
  { name: 'api-listen', type: 'string', description: 'allocator HTTP API (Marathon /v2, GET /ping)', default: '127.0.0.1:8080' },
  { name: 'grpc-listen', type: 'string', description: 'allocator gRPC API', default: '127.0.0.1:8081' },
  { name: 'data-dir', type: 'string', description: 'state: embedded store and agent sandboxes', default: '/var/lib/marina' },
  { name: 'store', type: 'string', description: 'embedded | etcd', default: 'embedded' },
  { name: 'etcd-endpoints', type: 'list', description: 'etcd client URLs when --store etcd', default: ['http://127.0.0.1:2379'] },
  { name: 'etcd-cacert', type: 'string', description: 'CA that signed etcd\'s certificate (https:// endpoints)' },
  { name: 'etcd-cert', type: 'string', description: 'client certificate for etcd --client-cert-auth (its CN is the etcd user)' },
  { name: 'etcd-key', type: 'string', description: 'key of --etcd-cert' },
  { name: 'default-networks', type: 'list', description: 'virtual networks to create, NAME=CIDR[:driver]', default: ['dcos=198.19.0.0/17:vxlan'] },
  { name: 'dns', type: 'boolean', description: 'run the DNS server', default: true },
  { name: 'dns-listen', type: 'list', description: 'DNS UDP+TCP addresses', default: ['127.0.0.1:53'] },
  { name: 'dns-http-listen', type: 'string', description: 'DNS /v1 HTTP API', default: '127.0.0.1:8123' },
  { name: 'agent', type: 'boolean', description: 'run an agent for this host (needs root and the CNI plugins)', default: true },
  { name: 'agent-ip', type: 'string', description: "this host's address for host-mode tasks and DNS (default: the address of the default route's interface, else 127.0.0.1)" },
  { name: 'hostname', type: 'string', description: "this host's name (agent id; default: the machine's hostname)" },
  { name: 'agent-listen', type: 'string', description: 'agent /health and /metrics', default: '127.0.0.1:9102' },
  { name: 'lb', type: 'string', description: 'VIP data plane: nftables | iptables | userspace | off', default: 'nftables' },
  { name: 'lb-listen', type: 'string', description: 'lb /healthz, /metrics and /stats', default: '127.0.0.1:9096' },
  { name: 'redis', type: 'string', description: 'Redis URL for health soft state (default: in memory)' },
  { name: 'cleanup', type: 'boolean', description: "run every service's cleanup and exit: the agent's (its tasks, netns, bridges, VXLAN devices, MARINA-ISOLATE/MARINA-EGRESS, nft table marina-agent) and the lb's (nft table marina, its MARINA-* chains); DNS keeps no host state", default: false },
  { name: 'default-task-user', type: 'string', description: 'user a task runs as when its app sets no "user"', default: 'nobody' },
  { name: 'auth', type: 'boolean', description: 'authenticate every API request but GET /ping (--auth=false turns it off)', default: true },
  { name: 'http-credentials', type: 'string', description: 'HTTP Basic admin user as user:password (Marathon --http_credentials)' },
  { name: 'http-credentials-file', type: 'string', description: 'file of user:password lines, each an HTTP Basic admin user' },
];

/** Option values for one service: its own defaults, then what `up` decides. */
function serviceValues(specs: OptionSpec[], overrides: ConfigValues): ConfigValues {
  const values = resolveConfig(specs, {}, {});
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) values[k] = v;
  return values;
}

export async function startUp(c: ConfigValues): Promise<RunningService[]> {
  const log = logger('up');
  const dataDir = String(c.dataDir);
  // One host identity for the agent (its id) and the lb (which bridge tasks are local): the lb reaches
  // a bridge task on this host at its container address, a remote one at its host port.
  const agentId = (c.hostname as string | undefined) ?? osHostname();
  const started: RunningService[] = [];
  try {
    const allocator = await startAllocator(
      parseAllocatorConfig(
        serviceValues(ALLOCATOR_OPTIONS, {
          apiListen: c.apiListen, grpcListen: c.grpcListen, store: c.store, dataDir: join(dataDir, 'store'),
          etcdEndpoints: c.etcdEndpoints, etcdCacert: c.etcdCacert, etcdCert: c.etcdCert, etcdKey: c.etcdKey, defaultNetworks: c.defaultNetworks,
          auth: c.auth, httpCredentials: c.httpCredentials, httpCredentialsFile: c.httpCredentialsFile, clientConfig: clientConfigPath(),
        }),
      ),
    );
    started.push(allocator);
    const grpc = allocator.grpcAddress;
    // Each in-process service gets its own identity, as on a multi-host cluster (auth/bootstrap.ts).
    const creds = async (name: string, spec: TokenSpec): Promise<GrpcCredentials> =>
      allocator.auth.enabled ? { token: await serviceToken(allocator.auth, join(dataDir, 'identity', `${name}.token`), spec) } : {};
    if (c.dns) {
      const feed = new GrpcClusterFeed({ address: grpc, credentials: await creds('dns', { role: 'viewer', description: 'marina up: dns' }) });
      started.push(await startDns(parseDnsConfig(serviceValues(DNS_OPTIONS, { listen: c.dnsListen, httpListen: c.dnsHttpListen, allocator: grpc })), { feed }));
    }
    if (c.lb !== 'off') {
      started.push(
        await startLb({
          // The edge stays off in `up`; were it turned on, it would bind loopback only.
          ...parseLbConfig(serviceValues(LB_OPTIONS, { allocator: grpc, mode: c.lb, listen: c.lbListen, agentId, redis: c.redis, edgeListen: '127.0.0.1:80' })),
          feed: new GrpcClusterFeed({ address: grpc, credentials: await creds('lb', { role: 'viewer', description: 'marina up: lb' }) }),
        }),
      );
    }
    if (c.agent) {
      const dnsServer = (c.dnsListen as string[])[0]?.split(':')[0];
      started.push(
        await startAgent(
          parseAgentConfig(
            serviceValues(AGENT_OPTIONS, {
              allocator: grpc, ip: (c.agentIp as string | undefined) ?? (await defaultRouteAddress()), hostname: agentId, dataDir: join(dataDir, 'agent'),
              listen: c.agentListen, redis: c.redis, defaultTaskUser: c.defaultTaskUser, dnsServer: c.dns ? dnsServer : undefined,
            }),
          ),
          { credentials: await creds('agent', { role: 'agent', node: agentId, description: `marina up: agent ${agentId}` }) },
        ),
      );
    }
    log.info({ api: allocator.httpAddress, grpc, services: started.map((s) => s.name), clientConfig: allocator.auth.enabled ? clientConfigPath() : undefined }, 'marina is up');
    return started;
  } catch (err) {
    // Nothing half-started is left running.
    for (const svc of started.reverse()) await svc.stop().catch(() => undefined);
    throw err;
  }
}

/**
 * `marina up --cleanup`: each service's own cleanup, with the options `up`
 * gives it (the agent's id and data dir). Idempotent; the store's data dir stays.
 */
export async function cleanupUp(c: ConfigValues): Promise<void> {
  await cleanupAgent(parseCleanupConfig(serviceValues(AGENT_OPTIONS, { hostname: c.hostname, dataDir: join(String(c.dataDir), 'agent') })));
  await cleanupLb();
}

export function command(): Command {
  const cmd = new Command('up').description('Run everything on this machine: allocator (embedded store), DNS, lb and an agent');
  declareOptions(cmd, UP_OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const c = resolveConfig(UP_OPTIONS, flags);
    if (!['nftables', 'iptables', 'userspace', 'off'].includes(String(c.lb))) {
      throw new MarinaError('MARINA_ERR_CONFIG', `invalid flag --lb: ${JSON.stringify(c.lb)} is not nftables, iptables, userspace or off`);
    }
    if (c.cleanup) {
      await cleanupUp(c);
      return;
    }
    const services = await startUp(c);
    await runUntilSignal(services, logger('up'));
  });
  return cmd;
}
