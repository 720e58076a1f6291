/**
 * Names of kernel objects the agent owns. Each is `marina` + a role letter +
 * a short hash of its owner, so it fits Linux's 15-character interface limit,
 * and cleanup can recognise its own objects without stored state
 * (kube-proxy hashAndTruncate, CNI FormatChainName).
 */
import { createHash } from 'node:crypto';

export function shortHash(s: string, len = 8): string {
  return createHash('sha256').update(s).digest('hex').slice(0, len);
}

/** Prefix of every task netns of one agent: `marina-t<agent6>-`. */
export function netnsPrefix(agentId: string): string {
  return `marina-t${shortHash(agentId, 6)}-`;
}

/** Task netns: `marina-t<agent6>-<task10>` (netns names are files; no 15-char limit). */
export function taskNetnsName(agentId: string, taskId: string): string {
  return netnsPrefix(agentId) + shortHash(taskId, 10);
}

/** Per-network bridge: `marina-b<net6>` (14 chars). */
export function networkBridgeName(network: string): string {
  return `marina-b${shortHash(network, 6)}`;
}

/** Per-network VXLAN device: `marina-x<net6>`. */
export function vxlanDeviceName(network: string): string {
  return `marina-x${shortHash(network, 6)}`;
}

/** The per-host bridge of bridge mode. */
export const HOST_BRIDGE = 'marina-br0';

/**
 * VTEP MAC of a host on a network, derived from (network, underlay IP) so
 * every host can compute every peer's without exchanging it: locally
 * administered, unicast (0x02 first octet).
 */
export function vtepMac(network: string, hostIp: string): string {
  const h = shortHash(`${network}|${hostIp}`, 10);
  return ['02', h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10)].join(':');
}

/** Route protocol number tagging every fabric route Marina installs (`ip route ... proto 77`). */
export const FABRIC_ROUTE_PROTO = '77';

/** Kinds of kernel objects the agent creates by name. */
export type AgentObjectKind = 'link' | 'netns' | 'chain' | 'nft-table';

const AGENT_LINK = /^marina-(br0|b[0-9a-f]{6}|x[0-9a-f]{6})$/;
const TASK_NETNS = /^marina-t[0-9a-f]{6}-[0-9a-f]{10}$/;
/** iptables chain isolating networks from each other (filter FORWARD; fabric/apply.ts). */
export const ISOLATE_CHAIN = 'MARINA-ISOLATE';
/** iptables chain masquerading traffic leaving a network (nat POSTROUTING; fabric/egress.ts). */
export const EGRESS_CHAIN = 'MARINA-EGRESS';
/** nft table of hostPorts and bridge masquerade (host-nat/). */
export const HOST_NAT_TABLE = 'marina-agent';
const AGENT_CHAINS: ReadonlySet<string> = new Set([ISOLATE_CHAIN, EGRESS_CHAIN]);

/**
 * The one predicate recognising the agent's own kernel objects, so cleanup
 * touches nothing foreign: links (the host bridge, network bridges, VXLAN
 * devices), task netns (of one agent when agentId is given), its iptables
 * chains and its nft table. The lb's MARINA-* chains and nft table are the
 * lb's (services/lb/model/names.ts).
 */
export function isAgentObject(kind: AgentObjectKind, name: string, agentId?: string): boolean {
  switch (kind) {
    case 'link':
      return AGENT_LINK.test(name);
    case 'netns':
      return TASK_NETNS.test(name) && (agentId === undefined || name.startsWith(netnsPrefix(agentId)));
    case 'chain':
      return AGENT_CHAINS.has(name);
    case 'nft-table':
      return name === HOST_NAT_TABLE;
  }
}
