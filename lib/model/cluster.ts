/**
 * Cluster objects the allocator stores and streams to agents, DNS and lb.
 * These are the JSON values under the store prefix (default `/marina`):
 * agents/<agentId>, networks/<name>, tasks/<appId>/<taskId>, vips/<ip>:<port>.
 */
import type { PortProtocol } from './app';

export interface PortRange {
  begin: number;
  end: number;
}

export interface Agent {
  id: string;
  hostname: string;
  /** Underlay address other hosts reach this agent at. */
  ip: string;
  ip6?: string;
  portRanges: PortRange[];
  attributes: Record<string, string>;
  /** Underlay MTU (overlay MTU = this − 50 for VXLAN). */
  mtu?: number;
  /** Per-host bridge subnet for bridge mode (allocated by the allocator). */
  bridgeCidr?: string;
  registeredAt: string;
}

export type NetworkDriver = 'vxlan' | 'host-gw' | 'macvlan' | 'ptp';

export interface VirtualNetwork {
  name: string;
  cidr?: string;
  cidr6?: string;
  /** Prefix length of the per-host blocks (default 26 for IPv4, 122 for IPv6). */
  blockSize: number;
  blockSize6?: number;
  driver: NetworkDriver;
  vni?: number;
  /** macvlan: parent interface name on each host. */
  parent?: string;
  labels: Record<string, string>;
}

export type TaskState =
  | 'TASK_STAGING'
  | 'TASK_STARTING'
  | 'TASK_RUNNING'
  | 'TASK_FINISHED'
  | 'TASK_FAILED'
  | 'TASK_KILLING'
  | 'TASK_KILLED'
  | 'TASK_LOST';

/** One allocated port of a task, in the app's port order. */
export interface TaskPort {
  /** Port clients use on the host (host mode, bridge hostPort); undefined if none. */
  hostPort?: number;
  /** Port inside the container (bridge / virtual network); equals hostPort in host mode. */
  containerPort?: number;
  servicePort?: number;
  protocol: PortProtocol;
  name?: string;
  labels: Record<string, string>;
}

export interface TaskIpAddress {
  ipAddress: string;
  protocol: 'IPv4' | 'IPv6';
  /** Virtual network name; absent for the agent address. */
  networkName?: string;
  /** Prefix length of the network, for wiring. */
  prefixLength?: number;
  gateway?: string;
}

export interface TaskVip {
  /** As written in the label: `/web:80` or `198.19.250.7:80`. */
  label: string;
  /** Named VIP name (`web`), absent for fixed ones. */
  name?: string;
  ip: string;
  port: number;
  protocol: PortProtocol;
  /** Index of the app port this VIP fronts. */
  portIndex: number;
}

export interface HealthCheckResult {
  alive: boolean;
  consecutiveFailures: number;
  firstSuccess?: string;
  lastFailure?: string;
  lastSuccess?: string;
  lastFailureCause?: string;
  instanceId: string;
}

/** The task as stored: placement, allocations and state. */
export interface Task {
  id: string;
  appId: string;
  appVersion: string;
  agentId: string;
  host: string;
  /** Network mode resolved from the app: host | bridge | <network name> | none. */
  networkMode: 'host' | 'bridge' | 'container' | 'none';
  networkName?: string;
  ports: TaskPort[];
  ipAddresses: TaskIpAddress[];
  vips: TaskVip[];
  env: Record<string, string>;
  state: TaskState;
  /** True when the app has no health checks and the task runs, or its checks pass. */
  ready: boolean;
  /** Set when the allocator wants the task gone (drain first, then kill). */
  desired: 'run' | 'stop';
  healthCheckResults: HealthCheckResult[];
  stagedAt: string;
  startedAt?: string;
  /**
   * When isServing() last changed (ISO time, the allocator's clock): written
   * in the commit that made the task ready, unready or told it to stop. The
   * start of the network-programming latency (lib/metrics/programming-latency.ts).
   */
  servingChangedAt?: string;
  version: string;
}

/** Allocation records: one key each, created only if absent. Value = owner. */
export interface AllocationOwner {
  appId: string;
  taskId: string;
  /** Kind of thing allocated, for inspection. */
  kind: 'port' | 'ip' | 'block' | 'serviceport' | 'vip';
}

/**
 * The one rule DNS and lb follow: a task is served (answered in DNS, behind
 * VIPs and the edge) only while it runs, passes its checks and is not being
 * stopped. Setting desired = 'stop' therefore drains it before the kill.
 */
const TERMINAL_STATES: ReadonlySet<TaskState> = new Set<TaskState>(['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST']);

/** A state the task never leaves: it has ended and its agent is done with it. */
export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

export function isServing(task: Task): boolean {
  return task.state === 'TASK_RUNNING' && task.ready && task.desired === 'run';
}
