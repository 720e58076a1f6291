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
import { OPTIONS as AGENT_OPTIONS, parseAgentConfig } from '../services/agent/options';
import { startAgent } from '../services/agent/service';
import { dnsConfig } from '../services/dns/config';
import { startDns } from '../services/dns/service';
import { startLb } from '../services/lb/service';
import { defaultRouteAddress } from './host-address';

export const UP_OPTIONS: OptionSpec[] = [
  { name: 'api-listen', type: 'string', description: 'allocator HTTP API (Marathon /v2, GET /ping)', default: '127.0.0.1:8080' },
  { name: 'grpc-listen', type: 'string', description: 'allocator gRPC API', default: '127.0.0.1:8081' },
  { name: 'data-dir', type: 'string', description: 'state: embedded store and agent sandboxes', default: '/var/lib/marina' },
  { name: 'store', type: 'string', description: 'embedded | etcd', default: 'embedded' },
  { name: 'etcd-endpoints', type: 'list', description: 'etcd client URLs when --store etcd', default: ['http://127.0.0.1:2379'] },
  { name: 'default-networks', type: 'list', description: 'virtual networks to create, NAME=CIDR[:driver]', default: ['dcos=198.19.0.0/17:vxlan'] },
  { name: 'dns', type: 'boolean', description: 'run the DNS server', default: true },
  { name: 'dns-listen', type: 'list', description: 'DNS UDP+TCP addresses', default: ['127.0.0.1:53'] },
  { name: 'dns-http-listen', type: 'string', description: 'DNS /v1 HTTP API', default: '127.0.0.1:8123' },
  { name: 'agent', type: 'boolean', description: 'run an agent for this host (needs root and the CNI plugins)', default: true },
  { name: 'agent-ip', type: 'string', description: "this host's address for host-mode tasks and DNS (default: the address of the default route's interface, else 127.0.0.1)" },
  { name: 'hostname', type: 'string', description: "this host's name (agent id)" },
  { name: 'agent-listen', type: 'string', description: 'agent /health and /metrics', default: '127.0.0.1:9102' },
  { name: 'lb', type: 'string', description: 'VIP data plane: nftables | iptables | userspace | off', default: 'nftables' },
  { name: 'lb-listen', type: 'string', description: 'lb /healthz, /metrics and /stats', default: '127.0.0.1:9096' },
  { name: 'redis', type: 'string', description: 'Redis URL for health soft state (default: in memory)' },
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
  const started: RunningService[] = [];
  try {
    const allocator = await startAllocator(
      parseAllocatorConfig(
        serviceValues(ALLOCATOR_OPTIONS, {
          apiListen: c.apiListen, grpcListen: c.grpcListen, store: c.store, dataDir: join(dataDir, 'store'),
          etcdEndpoints: c.etcdEndpoints, defaultNetworks: c.defaultNetworks,
          auth: c.auth, httpCredentials: c.httpCredentials, httpCredentialsFile: c.httpCredentialsFile, clientConfig: clientConfigPath(),
        }),
      ),
    );
    started.push(allocator);
    const grpc = allocator.grpcAddress;
    const hostname = (c.hostname as string | undefined) ?? osHostname();
    // Each in-process service gets its own identity, as on a multi-host cluster (auth/bootstrap.ts).
    const creds = async (name: string, spec: TokenSpec): Promise<GrpcCredentials> =>
      allocator.auth.enabled ? { token: await serviceToken(allocator.auth, join(dataDir, 'identity', `${name}.token`), spec) } : {};
    if (c.dns) {
      const feed = new GrpcClusterFeed({ address: grpc, credentials: await creds('dns', { role: 'viewer', description: 'marina up: dns' }) });
      started.push(await startDns(dnsConfig({ listen: c.dnsListen, httpListen: c.dnsHttpListen, allocator: grpc }), { feed }));
    }
    if (c.lb !== 'off') {
      started.push(
        await startLb({
          allocator: grpc, mode: String(c.lb), listen: String(c.lbListen), syncPeriodMs: 30_000, minSyncMs: 100,
          clusterCidrs: [], masqueradeAll: false, agentId: c.hostname as string | undefined,
          edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 80, edgeGroup: 'external', edgeStrict: false,
          redis: c.redis as string | undefined,
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
              allocator: grpc, ip: (c.agentIp as string | undefined) ?? (await defaultRouteAddress()), hostname, dataDir: join(dataDir, 'agent'),
              listen: c.agentListen, redis: c.redis, dnsServer: c.dns ? dnsServer : undefined,
            }),
          ),
          { credentials: await creds('agent', { role: 'agent', node: hostname, description: `marina up: agent ${hostname}` }) },
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

export function command(): Command {
  const cmd = new Command('up').description('Run everything on this machine: allocator (embedded store), DNS, lb and an agent');
  declareOptions(cmd, UP_OPTIONS);
  cmd.action(async (flags: Record<string, unknown>) => {
    configureLogging();
    const c = resolveConfig(UP_OPTIONS, flags);
    if (!['nftables', 'iptables', 'userspace', 'off'].includes(String(c.lb))) {
      throw new MarinaError('MARINA_ERR_CONFIG', `invalid flag --lb: ${JSON.stringify(c.lb)} is not nftables, iptables, userspace or off`);
    }
    const services = await startUp(c);
    await runUntilSignal(services, logger('up'));
  });
  return cmd;
}
