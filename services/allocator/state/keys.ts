/**
 * The store layout below the prefix (default /marina). One key per object
 * and one per allocated thing; keys are relative to the prefix here and the
 * view / store wrapper add it. App ids are absolute paths (`/group/web`) and
 * are stored without the leading slash.
 */
import type { PortProtocol } from '../../../lib/model/app';

export const K = {
  app: (appId: string) => `apps/${appId.replace(/^\//, '')}`,
  /** Count-changing writes of an app (launch, stop, release) bump this key under a compare. */
  gen: (appId: string) => `gen/${appId.replace(/^\//, '')}`,
  task: (appId: string, taskId: string) => `tasks/${appId.replace(/^\//, '')}/${taskId}`,
  agent: (agentId: string) => `agents/${agentId}`,
  network: (name: string) => `networks/${name}`,
  port: (agentId: string, port: number, proto: 'tcp' | 'udp') => `alloc/ports/${agentId}/${port}${proto === 'udp' ? '/udp' : ''}`,
  ip: (network: string, ip: string) => `alloc/ips/${network}/${ip}`,
  block: (network: string, cidr: string) => `alloc/blocks/${network}/${cidr}`,
  servicePort: (port: number) => `alloc/serviceports/${port}`,
  vip: (ip: string, port: number) => `alloc/vips/${ip}:${port}`,
  vipName: (name: string) => `alloc/vipnames/${name}`,
  bridge: (cidr: string) => `alloc/bridges/${cidr}`,
  /** Launch delay of an app whose tasks keep failing (backoff.ts). */
  backoff: (appId: string) => `backoff/${appId.replace(/^\//, '')}`,
  /** A deployment in flight (deploy/deployments/): written with the change, deleted when done. */
  deployment: (id: string) => `deployments/${id}`,
  /** A network policy (lib/model/policy.ts); streamed to every watcher. */
  policy: (id: string) => `policies/${id}`,
  /** An earlier version of a policy, kept for GET /v1/policies/{id}/versions. */
  policyVersion: (id: string, version: string) => `policyversions/${id}/${version}`,
  /** The latest PolicyHostStatus an agent reported (Agents.ReportPolicyStatus). */
  policyStatus: (agentId: string) => `policystatus/${agentId}`,
  leader: () => 'leader',
  /** The cluster's id, written once by the first replica (Marathon's frameworkId). */
  clusterId: () => 'cluster-id',
} as const;

/** Pseudo network name for bridge-mode container addresses of one agent. */
export function bridgeNetwork(agentId: string): string {
  return `bridge.${agentId}`;
}

/** The protocols a port holds: `udp,tcp` holds both. */
export function protocolsOf(p: PortProtocol): Array<'tcp' | 'udp'> {
  return p === 'udp,tcp' ? ['udp', 'tcp'] : [p];
}

/** Objects the view indexes and streams; deployments stay on the allocator (never on the gRPC watch). */
export type ObjectKind = 'app' | 'task' | 'agent' | 'network' | 'policy' | 'deployment';

/** Which object a relative key names, if any. */
export function parseObjectKey(key: string): { kind: ObjectKind; id: string; appId?: string } | undefined {
  if (key.startsWith('apps/')) return { kind: 'app', id: '/' + key.slice(5) };
  if (key.startsWith('tasks/')) {
    const rest = key.slice(6);
    const slash = rest.lastIndexOf('/');
    if (slash < 0) return undefined;
    return { kind: 'task', id: rest.slice(slash + 1), appId: '/' + rest.slice(0, slash) };
  }
  if (key.startsWith('agents/')) return { kind: 'agent', id: key.slice(7) };
  if (key.startsWith('networks/')) return { kind: 'network', id: key.slice(9) };
  if (key.startsWith('deployments/')) return { kind: 'deployment', id: key.slice(12) };
  if (key.startsWith('policies/')) return { kind: 'policy', id: key.slice(9) };
  return undefined;
}

export type AllocKind = 'port' | 'ip' | 'block' | 'serviceport' | 'vip' | 'vipname' | 'bridge';

const ALLOC_PREFIX: Record<string, AllocKind> = {
  'alloc/ports/': 'port',
  'alloc/ips/': 'ip',
  'alloc/blocks/': 'block',
  'alloc/serviceports/': 'serviceport',
  'alloc/vips/': 'vip',
  'alloc/vipnames/': 'vipname',
  'alloc/bridges/': 'bridge',
};

/** The allocation kind of a relative key, and the rest of the key after alloc/<kind>/. */
export function parseAllocKey(key: string): { kind: AllocKind; rest: string } | undefined {
  for (const [p, kind] of Object.entries(ALLOC_PREFIX)) {
    if (key.startsWith(p)) return { kind, rest: key.slice(p.length) };
  }
  return undefined;
}

/** Prefix (relative) for listing allocations of one kind. */
export function allocPrefix(kind: AllocKind): string {
  return Object.entries(ALLOC_PREFIX).find(([, k]) => k === kind)![0];
}
