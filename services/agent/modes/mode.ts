/**
 * The NetworkMode interface and its registry (STYLE pattern 2). Each mode
 * lives in modes/<name>/ and registers itself by name; the agent resolves a
 * task to a mode name once (resolveModeName) and never branches on modes.
 */
import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import { MarinaError } from '../../../lib/errors';
import type { HostExec } from '../exec';
import type { CniConfList, CniResult } from '../cni/types';

/** Everything a mode needs to wire one task. */
export interface TaskNet {
  task: Task;
  /** This agent as the allocator stored it (ip, mtu, bridgeCidr). */
  agent: Agent;
  /** The task's virtual network, for container mode. */
  network?: VirtualNetwork;
  /** Netns name chosen by the agent (unused by host mode). */
  netnsName: string;
  ctx: ModeContext;
}

export interface ModeContext {
  exec: HostExec;
  cniPath: string[];
  /** Underlay MTU. */
  mtu: number;
  /** Host NIC (macvlan parent default). */
  underlayIf?: string;
  /**
   * Who maps hostPorts: `nft` (default), the agent's host NAT table, one nft
   * transaction per task; or `portmap`, the CNI portmap plugin chained after
   * the mode's plugin (iptables rules per task, as other CNI runtimes do).
   */
  hostPorts?: 'nft' | 'portmap';
}

/** What a mode wired, persisted in the data dir so DEL can replay it (libcni cache). */
export interface Attachment {
  mode: string;
  taskId: string;
  /** Netns name the task runs in; undefined = host netns. */
  netns?: string;
  /** Whether del removes the netns (false when joining another task's). */
  ownsNetns: boolean;
  /** The task's address (no prefix), if it has its own. */
  ip?: string;
  /** Its IPv6 address on a dual-stack network. */
  ip6?: string;
  ifname?: string;
  conflist?: CniConfList;
  capabilityArgs?: Record<string, unknown>;
  result?: CniResult;
  /** hostPorts mapped in the host NAT table (host-nat/), replayed on DEL. */
  hostPorts?: Array<{ hostPort: number; containerPort: number; protocol: string }>;
  /** The task's subnets in the host NAT table (hairpin, egress masquerade), for its periodic re-check. */
  hostNatNets?: { localNet?: string; masqNet?: string };
}

export interface NetworkMode {
  readonly name: string;
  add(t: TaskNet): Promise<Attachment>;
  /** Verify the wiring is intact (CNI CHECK); rejects if not. */
  check(a: Attachment, ctx: ModeContext): Promise<void>;
  /** Remove everything add created; succeeds if it is already gone. */
  del(a: Attachment, ctx: ModeContext): Promise<void>;
}

const modes = new Map<string, NetworkMode>();

export function registerMode(mode: NetworkMode): void {
  modes.set(mode.name, mode);
}

export function getMode(name: string): NetworkMode {
  const m = modes.get(name);
  if (!m) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `unknown network mode ${JSON.stringify(name)} (known: ${[...modes.keys()].join(', ')})`);
  return m;
}

export function modeNames(): string[] {
  return [...modes.keys()];
}

/** Network drivers → the mode that wires a container onto them. */
const DRIVER_MODES: Record<string, string> = { vxlan: 'virtual', 'host-gw': 'virtual', macvlan: 'macvlan', ptp: 'ptp' };

/** The mode name for a task: host | bridge | none | container(-mapped) | the network driver's mode. */
export function resolveModeName(task: Task, network: VirtualNetwork | undefined): string {
  if (task.networkMode !== 'container') return task.networkMode;
  if (task.networkName?.startsWith('container:')) return 'container';
  if (!network) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${task.id}: networkName: network ${JSON.stringify(task.networkName)} is not known`);
  const mode = DRIVER_MODES[network.driver];
  if (!mode) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `network ${network.name}: driver: ${JSON.stringify(network.driver)} is not supported`);
  return mode;
}
