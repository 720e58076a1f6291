/**
 * What the cluster map (/ui, docs/ui.md) draws, derived from the view:
 * hosts, the fabric between them (the same peers the agents program:
 * a VXLAN tunnel to every other host, a host-gw route to every remote
 * block), networks, apps, slim tasks and VIPs with their backends (the
 * lb's own buildVipTable). Tasks carry no env: the page never receives a
 * secret; a task's detail masks its env whatever the caller's role.
 */
import { isServing, isTerminal, type Agent, type Task, type VirtualNetwork } from '../../../../lib/model/cluster';
import { blockOf } from '../../../../lib/net/ipv4';
import { MASK, isSecretName } from '../../../../lib/secrets';
import { buildVipTable, type ClusterView } from '../../../lb/model/vip-table';

/** The lb's view (apps, tasks, agents) with the revision and the networks. */
export interface MapView extends ClusterView {
  revision: number;
  networks: Map<string, VirtualNetwork>;
}

export interface MapTask {
  id: string;
  appId: string;
  agentId: string;
  host: string;
  state: Task['state'];
  ready: boolean;
  desired: Task['desired'];
  /** undefined: the app has no health checks; else whether every check passes. */
  healthy?: boolean;
  network: string;
  ips: string[];
  ports: number[];
}

export interface FabricLink {
  network: string;
  driver: 'vxlan' | 'host-gw';
  /** Agent ids, ordered so a pair appears once per network. */
  a: string;
  b: string;
  /** Blocks of the network each end hosts (what the other end routes to it). */
  blocks: Record<string, string[]>;
}

export interface ClusterMap {
  revision: number;
  agents: Array<Pick<Agent, 'id' | 'hostname' | 'ip' | 'mtu' | 'bridgeCidr' | 'registeredAt'>>;
  networks: Array<Pick<VirtualNetwork, 'name' | 'cidr' | 'cidr6' | 'driver' | 'vni' | 'blockSize'>>;
  fabric: FabricLink[];
  apps: Array<{ id: string; instances: number; networks: string[]; healthChecks: number }>;
  tasks: MapTask[];
  vips: Array<{ key: string; name?: string; appIds: string[]; backends: Array<{ ip: string; port: number; taskId: string }> }>;
}

export function mapTask(t: Task): MapTask {
  const checks = t.healthCheckResults ?? [];
  return {
    id: t.id, appId: t.appId, agentId: t.agentId, host: t.host, state: t.state, ready: t.ready, desired: t.desired,
    ...(checks.length ? { healthy: checks.every((c) => c.alive) } : {}),
    network: t.networkName ?? t.networkMode,
    ips: t.ipAddresses.map((a) => a.ipAddress),
    ports: t.ports.map((p) => p.hostPort ?? p.containerPort ?? 0),
  };
}

/** Blocks of a fabric network per agent, from its live tasks' addresses (as services/agent/fabric does). */
function blocksByAgent(net: VirtualNetwork, tasks: Iterable<Task>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const t of tasks) {
    if (t.networkName !== net.name || isTerminal(t.state)) continue;
    for (const a of t.ipAddresses) {
      if (a.protocol !== 'IPv4' || (a.networkName && a.networkName !== net.name)) continue;
      const set = out.get(t.agentId) ?? new Set<string>();
      set.add(blockOf(a.ipAddress, net.blockSize));
      out.set(t.agentId, set);
    }
  }
  return out;
}

/**
 * VXLAN: every host has an FDB/neighbour entry for every other host (a
 * tunnel each pair). host-gw: a route to each remote block, so a pair is
 * linked when either end hosts a block.
 */
export function fabricLinks(view: MapView): FabricLink[] {
  const agents = [...view.agents.values()].filter((a) => a.ip).map((a) => a.id).sort();
  const out: FabricLink[] = [];
  for (const net of [...view.networks.values()].sort((x, y) => x.name.localeCompare(y.name))) {
    if (net.driver !== 'vxlan' && net.driver !== 'host-gw') continue;
    const blocks = blocksByAgent(net, view.tasks.values());
    for (let i = 0; i < agents.length; i++) {
      for (let j = i + 1; j < agents.length; j++) {
        const [a, b] = [agents[i]!, agents[j]!];
        if (net.driver === 'host-gw' && !blocks.has(a) && !blocks.has(b)) continue;
        out.push({ network: net.name, driver: net.driver, a, b, blocks: { [a]: [...(blocks.get(a) ?? [])].sort(), [b]: [...(blocks.get(b) ?? [])].sort() } });
      }
    }
  }
  return out;
}

export function clusterMap(view: MapView): ClusterMap {
  return {
    revision: view.revision,
    agents: [...view.agents.values()].map((a) => ({ id: a.id, hostname: a.hostname, ip: a.ip, mtu: a.mtu, bridgeCidr: a.bridgeCidr, registeredAt: a.registeredAt })),
    networks: [...view.networks.values()].map((n) => ({ name: n.name, cidr: n.cidr, cidr6: n.cidr6, driver: n.driver, vni: n.vni, blockSize: n.blockSize })),
    fabric: fabricLinks(view),
    apps: [...view.apps.values()].map((a) => ({
      id: a.id, instances: a.instances, healthChecks: a.healthChecks.length,
      networks: a.networks.map((n) => n.name ?? n.mode),
    })),
    tasks: [...view.tasks.values()].map(mapTask),
    vips: [...buildVipTable(view).values()].map((s) => ({ key: s.key, name: s.name, appIds: s.appIds, backends: s.backends })),
  };
}

/** env for display: values of secret-looking names and anything not a plain string (Marathon `secret` references) masked. */
export function maskedEnv(env: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = isSecretName(k) || typeof v !== 'string' ? MASK : v;
  return out;
}

export interface TaskDetail {
  task: MapTask & { stagedAt: string; startedAt?: string; serving: boolean; healthCheckResults: Task['healthCheckResults'] };
  allocations: { ports: Task['ports']; ipAddresses: Task['ipAddresses']; vips: Task['vips']; keys: Array<{ kind: string; value: string; network: string }> };
  env: Record<string, string>;
  /** Where the tail of its stdout/stderr is (admin and the app's deployers only: logs are not masked); a pod's containers (`?container=`). */
  logs: { path: string; containers?: string[] };
}

export function taskDetail(t: Task, keys: TaskDetail['allocations']['keys'], containers?: string[]): TaskDetail {
  return {
    task: { ...mapTask(t), stagedAt: t.stagedAt, startedAt: t.startedAt, serving: isServing(t), healthCheckResults: t.healthCheckResults ?? [] },
    allocations: { ports: t.ports, ipAddresses: t.ipAddresses, vips: t.vips ?? [], keys },
    env: maskedEnv(t.env ?? {}),
    logs: { path: `/v1/tasks/${encodeURIComponent(t.id)}/logs`, ...(containers ? { containers } : {}) },
  };
}
