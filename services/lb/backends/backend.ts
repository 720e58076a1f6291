/**
 * A VIP data plane (nftables, iptables, userspace). The syncer hands it the
 * table last applied and the one wanted; `full` asks for a complete rewrite
 * of everything the backend owns (start and periodic resync). Backends
 * register by name in registry.ts; the choice is made in one place.
 */
import type { VipTable } from '../model/vip-table';
import type { L4BackendStats } from '../proxy/l4/balancer';

/** Per-backend userspace counters: service key → `ip:port` → stats. */
export type L4Stats = Map<string, Map<string, L4BackendStats>>;

export interface VipBackend {
  readonly name: string;
  /** Program `desired`. `prev` is what the last successful sync applied. */
  sync(prev: VipTable, desired: VipTable, full: boolean): Promise<void>;
  /** Remove everything this backend may have created, also from an earlier run. Idempotent; touches nothing foreign. */
  cleanup(): Promise<void>;
  /** True when removed UDP backends need `conntrack -D` (kernel NAT only). */
  readonly kernelNat: boolean;
  close?(): Promise<void>;
  /** Per-backend counters of a userspace data plane, for /stats (kernel backends: conntrack instead). */
  memberStats?(): L4Stats;
}

export interface BackendOptions {
  /** Source CIDRs of the cluster; traffic to a VIP from elsewhere is masqueraded. Empty: only hairpin traffic is. */
  clusterCidrs: string[];
  /** Masquerade every VIP connection (kube-proxy --masquerade-all). */
  masqueradeAll: boolean;
  /** Run commands inside this netns (`ip netns exec`), for tests and benchmarks. */
  netns?: string;
}
