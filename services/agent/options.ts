/** `marina agent` options (flags, MARINA_* env, config file) and their parsing. */
import { hostname } from 'node:os';
import { MarinaError } from '../../lib/errors';
import type { ConfigValues, OptionSpec } from '../../lib/config';
import type { PortRange } from '../../lib/model/cluster';
import { isIpv4 } from '../../lib/net/ipv4';
import { parseRange } from '../../lib/net/port-range';
import type { AgentCleanupOptions } from './cleanup';

export const OPTIONS: OptionSpec[] = [
  { name: 'allocator', type: 'string', description: 'allocator gRPC address host:port', default: '127.0.0.1:8081' },
  { name: 'hostname', type: 'string', description: 'this host\'s name (and agent id)' },
  { name: 'ip', type: 'string', description: 'underlay IP other hosts reach this one at (required)' },
  { name: 'ip6', type: 'string', description: 'IPv6 underlay address (host-gw carries dual-stack networks\' IPv6 blocks only between hosts that have one)' },
  { name: 'port-ranges', type: 'list', description: 'host port ranges for tasks, BEGIN-END,...', default: ['31000-32000'] },
  { name: 'attributes', type: 'list', description: 'agent attributes for constraints, key:value,...', default: [] },
  { name: 'data-dir', type: 'string', description: 'task records, sandboxes (stdout/stderr)', default: '/var/lib/marina/agent' },
  { name: 'cni-path', type: 'list', description: 'directories with CNI plugins', default: ['/usr/lib/cni'] },
  { name: 'dns-server', type: 'string', description: 'nameserver written to each task\'s resolv.conf (Marina DNS)' },
  { name: 'redis', type: 'string', description: 'Redis URL for health-check results (default: in memory)' },
  { name: 'mtu', type: 'number', description: 'underlay MTU (VXLAN overlay = MTU - 50)', default: 1500 },
  { name: 'underlay-if', type: 'string', description: 'host NIC (macvlan parent)', default: 'eth0' },
  { name: 'kill-grace', type: 'number', description: 'seconds between SIGTERM and SIGKILL (an app\'s taskKillGracePeriodSeconds wins)', default: 3 },
  { name: 'drain-delay', type: 'number', description: 'seconds a stopped running task keeps serving before SIGTERM, while DNS and the lbs drop it (keep under the allocator\'s --kill-timeout)', default: 3 },
  { name: 'host-ports', type: 'string', description: 'who maps hostPorts: nft (the agent\'s NAT table, one transaction per task) or portmap (the CNI plugin, iptables rules per task)', default: 'nft' },
  { name: 'pid-namespace', type: 'boolean', description: 'each task in its own pid namespace, tini as its init (needs /usr/bin/tini)', default: true },
  { name: 'listen', type: 'string', description: 'HTTP address for /health and /metrics', default: '127.0.0.1:9102' },
  { name: 'cleanup', type: 'boolean', description: 'remove everything this agent created on the host (its tasks, task netns, bridges, VXLAN devices, fabric routes, MARINA-ISOLATE/MARINA-EGRESS, nft tables marina-agent and marina-policy) and exit', default: false },
  { name: 'policy-resync', type: 'number', description: 'seconds between full repairs of the network policy table (inet marina-policy) against the kernel', default: 30 },
  { name: 'default-task-user', type: 'string', description: 'user a task runs as when its app sets no "user" (root only when an app asks for it)', default: 'nobody' },
];

/** The options `--cleanup` needs (no allocator, no --ip). */
export function parseCleanupConfig(v: ConfigValues): AgentCleanupOptions {
  return {
    agentId: (v.hostname as string | undefined) ?? hostname(),
    dataDir: v.dataDir as string,
    cniPath: v.cniPath as string[],
    killGraceMs: (v.killGrace as number) * 1000,
  };
}

export interface AgentConfig {
  allocator: string;
  hostname: string;
  ip: string;
  ip6?: string;
  portRanges: PortRange[];
  attributes: Record<string, string>;
  dataDir: string;
  cniPath: string[];
  dnsServer?: string;
  redis?: string;
  mtu: number;
  underlayIf?: string;
  killGraceSeconds: number;
  drainDelaySeconds: number;
  pidNamespace: boolean;
  defaultTaskUser: string;
  hostPorts: 'nft' | 'portmap';
  listen: string;
  /** Full policy table repair period. */
  policyResyncSeconds: number;
}

function bad(field: string, msg: string): never {
  throw new MarinaError('MARINA_ERR_CONFIG', `${field}: ${msg}`);
}

export function parsePortRanges(items: string[]): PortRange[] {
  return items.map((s) => parseRange(s, 'port-ranges'));
}

function drainDelay(v: unknown): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 300)) bad('drain-delay', `expected 0-300 seconds, got ${JSON.stringify(v)}`);
  return n;
}

function policyResync(v: unknown): number {
  const n = Number(v ?? 30);
  if (!(n >= 1 && n <= 3600)) bad('policy-resync', `expected 1-3600 seconds, got ${JSON.stringify(v)}`);
  return n;
}

export function parseAgentConfig(v: ConfigValues): AgentConfig {
  const ip = v.ip as string | undefined;
  if (!ip || !isIpv4(ip)) bad('ip', `expected the underlay IPv4 address, got ${JSON.stringify(ip ?? '')}`);
  const ip6 = v.ip6 as string | undefined;
  if (ip6 !== undefined && !/^[0-9a-fA-F:]+$/.test(ip6)) bad('ip6', `expected an IPv6 address, got ${JSON.stringify(ip6)}`);
  const attributes: Record<string, string> = {};
  for (const a of (v.attributes as string[]) ?? []) {
    const i = a.indexOf(':');
    if (i <= 0) bad('attributes', `expected key:value, got ${JSON.stringify(a)}`);
    attributes[a.slice(0, i)] = a.slice(i + 1);
  }
  const hostPorts = v.hostPorts as string;
  if (hostPorts !== 'nft' && hostPorts !== 'portmap') bad('host-ports', `expected nft or portmap, got ${JSON.stringify(hostPorts)}`);
  const mtu = v.mtu as number;
  if (!Number.isInteger(mtu) || mtu < 1280 || mtu > 65535) bad('mtu', `expected 1280-65535, got ${mtu}`);
  return {
    allocator: v.allocator as string,
    hostname: (v.hostname as string | undefined) ?? hostname(),
    ip,
    ...(ip6 ? { ip6 } : {}),
    portRanges: parsePortRanges(v.portRanges as string[]),
    attributes,
    dataDir: v.dataDir as string,
    cniPath: v.cniPath as string[],
    dnsServer: v.dnsServer as string | undefined,
    redis: v.redis as string | undefined,
    mtu,
    underlayIf: v.underlayIf as string | undefined,
    killGraceSeconds: v.killGrace as number,
    drainDelaySeconds: drainDelay(v.drainDelay),
    pidNamespace: v.pidNamespace as boolean,
    defaultTaskUser: v.defaultTaskUser as string,
    hostPorts,
    listen: v.listen as string,
    policyResyncSeconds: policyResync(v.policyResync),
  };
}
