/**
 * The contract of `marina trace` shared by the allocator (which plans the
 * trace and judges each hop), the agents (which run the host-side checks in
 * a task's netns or the host's) and the CLI (which prints the report). The
 * checks travel over Agents.TraceChecks as JSON (params_json, result_json).
 */

export type L4 = 'tcp' | 'udp';

/** Where a check runs on its agent: a task's netns (by task id) or the host's own. */
export interface CheckPlace {
  /** Absent: the agent's host network namespace. */
  taskId?: string;
}

export interface DnsCheck extends CheckPlace {
  check: 'dns';
  name: string;
}
export interface DnsAnswer {
  name: string;
  type: string;
  ttl: number;
  value: string;
}
export interface DnsResult {
  /** The nameserver asked (from the resolv.conf the task sees, or the agent's --dns-server). */
  server?: string;
  /** NOERROR, NXDOMAIN, SERVFAIL…, or `timeout`. */
  rcode: string;
  answers: DnsAnswer[];
  error?: string;
}

export interface VipCheck {
  check: 'vip';
  ip: string;
  port: number;
  proto: L4;
}
export interface VipResult {
  /** Which kernel table holds Marina's VIPs on this host. */
  dataPlane: 'nftables' | 'iptables' | 'none';
  /** The VIP has an entry (a backend map entry, or the no-endpoint reject entry). */
  present: boolean;
  /** Backends the kernel holds for the VIP, as ip:port (undefined when they cannot be read back, e.g. affinity chains). */
  backends?: string[];
  /** The VIP is in the reject set (no ready backend when the lb last synced). */
  rejecting?: boolean;
  error?: string;
}

export interface PathCheck extends CheckPlace {
  check: 'path';
  /** Destinations after the VIP (backends) or the address itself, each with the host it lives on. */
  dests: Array<{ ip: string; agentIp?: string }>;
}
export interface LinkInfo {
  dev: string;
  state?: string;
  mtu?: number;
  kind?: string;
}
export interface RouteHop {
  /** `ip route get` answer: out device, gateway, source. */
  dev?: string;
  gateway?: string;
  src?: string;
  link?: LinkInfo;
  error?: string;
}
export interface PathDest {
  ip: string;
  /** The lookup inside the task's netns (absent when tracing from the host). */
  inside?: RouteHop;
  /** The lookup in the host netns (where a task's packets go next). */
  host?: RouteHop;
  /** Overlay: the neighbour entry of the next hop on the VXLAN device. */
  neigh?: { ip: string; lladdr?: string; state?: string };
  /** Overlay: the FDB entry of that MAC (dst = the remote host's underlay address). */
  fdb?: { mac: string; dst?: string };
}
export interface PathResult {
  dests: PathDest[];
}

export interface TargetCheck {
  check: 'target';
  taskId: string;
  port: number;
  proto: L4;
}
export interface TargetResult {
  /** Where the socket table was read: the task's netns name or `host`. */
  where: string;
  listening: boolean;
  /** Local addresses of the matching listening sockets (`ss -l`). */
  sockets: string[];
  error?: string;
}

export interface ProbeCheck extends CheckPlace {
  check: 'probe';
  ip: string;
  port: number;
  proto: L4;
  timeoutMs: number;
  /** Source port (40000-59999), chosen by the allocator so the targets' hosts trace the same packets. */
  sport?: number;
}

/** nftables tracing on a target's host around the probe (start before it, stop after it). */
export interface NftraceCheck {
  check: 'nftrace';
  action: 'start' | 'stop';
  sport: number;
  proto: L4;
  /** start: the addresses the probe's packets arrive at on this host (backend ip:port). */
  dests?: Array<{ ip: string; port: number }>;
}
export interface NftraceResult {
  rules: string[];
  error?: string;
}
export interface ProbeResult {
  ok: boolean;
  /** connected | refused | timeout | reply | no-reply | error text. */
  outcome: string;
  ms: number;
  localPort?: number;
  /** The backend the kernel chose for a VIP (conntrack reply source), ip:port. */
  chosen?: string;
  /** The nftables rules the probe's packets hit on FROM's host (`nft monitor trace`). */
  rules?: string[];
  /** Why tracing could not run (the probe still did). */
  traceError?: string;
  error?: string;
}

/** The tail of a task's stdout or stderr (the map's task detail; not a trace hop, never forwarded by /v1/trace/checks). */
export interface LogsCheck {
  check: 'logs';
  taskId: string;
  stream: 'stdout' | 'stderr';
  /** 1-200 (the agent also reads at most 64 KiB). */
  lines: number;
  /** A pod's container (its own sandbox subfolder); without it a pod answers every container's tail. */
  container?: string;
}
export interface LogsResult {
  stream: 'stdout' | 'stderr';
  /** A plain task's, or the one container asked for (empty for a pod asked for all). */
  lines: string[];
  /** Older output was left out. */
  truncated: boolean;
  /** The container these lines are of (a pod asked for one). */
  container?: string;
  /** A pod asked without a container: each container's tail, in the pod's order. */
  containers?: Array<{ container: string; lines: string[]; truncated: boolean }>;
}

export type CheckRequest = DnsCheck | VipCheck | PathCheck | TargetCheck | ProbeCheck | NftraceCheck | LogsCheck;
export type CheckKind = CheckRequest['check'];

export interface CheckResults {
  dns: DnsResult;
  vip: VipResult;
  path: PathResult;
  target: TargetResult;
  probe: ProbeResult;
  nftrace: NftraceResult;
  logs: LogsResult;
}

// ----------------------------------------------------------------- report

export type HopName = 'dns' | 'vip' | 'policy' | 'path' | 'target' | 'probe';
export type HopStatus = 'ok' | 'fail' | 'skip';

export interface Hop {
  hop: HopName;
  status: HopStatus;
  /** One line: what was found (or why it fails). */
  summary: string;
  /** What Marina's model says should be there. */
  expected?: unknown;
  /** What the host actually holds (check results). */
  actual?: unknown;
  /** Further lines worth showing under the summary (the rules the probe hit). */
  details?: string[];
}

export interface TraceReport {
  ok: boolean;
  from: { spec: string; agentId: string; taskId?: string; netns?: string };
  to: { spec: string; ip?: string; port: number; proto: L4; name?: string; vip?: boolean };
  hops: Hop[];
  /** The first failing hop, when any. */
  failedHop?: HopName;
  ms: number;
}
