/**
 * The fabric between hosts for virtual networks (flannel's backends): each
 * driver renders static per-peer entries from the cluster view — no
 * flooding, no learning, no miss daemon — and one syncer applies the
 * difference with the kernel in batches and re-checks periodically, so
 * entries that vanish are re-added and entries of hosts that left go.
 * Drivers register by name (fabric/vxlan, fabric/host-gw).
 */
import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import { blockOf } from '../../../lib/net/ipv4';
import { block6Of, canonicalCidr6 } from '../../../lib/net/ipv6';
import { isTerminal } from '../task-states';
import { masqueradedCidrs } from './egress';

export interface FabricView {
  self: Agent;
  agents: Agent[];
  networks: VirtualNetwork[];
  tasks: Task[];
  /** Underlay MTU. */
  mtu: number;
}

export interface VxlanLink {
  name: string;
  vni: number;
  local: string;
  mtu: number;
  mac: string;
}

export interface FdbEntry {
  mac: string;
  dst: string;
  dev: string;
}

export interface NeighEntry {
  ip: string;
  mac: string;
  dev: string;
}

export interface RouteEntry {
  dst: string;
  via: string;
  dev?: string;
  onlink?: boolean;
}

/** Everything the fabric should have in the kernel. */
export interface DesiredFabric {
  links: VxlanLink[];
  fdb: FdbEntry[];
  neigh: NeighEntry[];
  routes: RouteEntry[];
  /** CIDRs of networks that must not reach each other. */
  isolated: string[];
  /** The same for the networks' IPv6 pools (ip6tables). */
  isolated6?: string[];
  /** CIDRs whose traffic leaving the network is masqueraded (fabric/egress.ts). */
  masquerade?: string[];
  masquerade6?: string[];
}

export interface FabricDriver {
  readonly name: string;
  render(net: VirtualNetwork, view: FabricView, blocks: Map<string, Agent>): Partial<DesiredFabric>;
}

const drivers = new Map<string, FabricDriver>();

export function registerFabric(d: FabricDriver): void {
  drivers.set(d.name, d);
}

/** Default IPv6 block size (the allocator's). */
export const DEFAULT_BLOCK_SIZE6 = 122;

/** Blocks (IPv4 and IPv6) of a network hosted by other agents, derived from their tasks' addresses. */
export function remoteBlocks(net: VirtualNetwork, view: FabricView): Map<string, Agent> {
  const byId = new Map(view.agents.map((a) => [a.id, a]));
  const out = new Map<string, Agent>();
  for (const t of view.tasks) {
    if (t.networkName !== net.name || t.agentId === view.self.id || isTerminal(t.state)) continue;
    const agent = byId.get(t.agentId);
    if (!agent) continue;
    for (const a of t.ipAddresses) {
      if (a.networkName && a.networkName !== net.name) continue;
      if (a.protocol === 'IPv4') out.set(blockOf(a.ipAddress, net.blockSize), agent);
      else if (a.protocol === 'IPv6' && net.cidr6) out.set(block6Of(a.ipAddress, net.blockSize6 ?? DEFAULT_BLOCK_SIZE6), agent);
    }
  }
  return out;
}

/** Pure: the whole desired fabric for this host. */
export function renderFabric(view: FabricView): DesiredFabric {
  const out: DesiredFabric = { links: [], fdb: [], neigh: [], routes: [], isolated: [], isolated6: [] };
  for (const net of [...view.networks].sort((a, b) => a.name.localeCompare(b.name))) {
    const d = drivers.get(net.driver);
    if (!d) continue;
    if (net.cidr) out.isolated.push(net.cidr);
    if (net.cidr6) out.isolated6!.push(canonicalCidr6(net.cidr6));
    const part = d.render(net, view, remoteBlocks(net, view));
    out.links.push(...(part.links ?? []));
    out.fdb.push(...(part.fdb ?? []));
    out.neigh.push(...(part.neigh ?? []));
    out.routes.push(...(part.routes ?? []));
  }
  const fabricNets = view.networks.filter((n) => drivers.has(n.driver));
  out.masquerade = masqueradedCidrs(fabricNets);
  out.masquerade6 = masqueradedCidrs(fabricNets, 6);
  // Canonical order: the same cluster state renders the same fabric whatever the feed's order (sync.ts compares renders).
  const by = <T>(k: (x: T) => string) => (a: T, b: T) => k(a).localeCompare(k(b));
  out.fdb.sort(by((e) => `${e.dev} ${e.dst} ${e.mac}`));
  out.neigh = dedupe(out.neigh.sort(by((e) => `${e.dev} ${e.ip}`)), (e) => `${e.dev} ${e.ip}`);
  out.routes.sort(by((r) => r.dst));
  return out;
}

/** Sorted input without repeats of the same key (IPv6 blocks of one host share a next hop). */
function dedupe<T>(xs: T[], key: (x: T) => string): T[] {
  return xs.filter((x, i) => i === 0 || key(xs[i - 1]) !== key(x));
}
