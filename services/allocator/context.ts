/** What every allocator module shares: store, view, settings, logger, metrics. */
import type { Store } from '../../lib/store/contract';
import type { Logger } from '../../lib/log';
import type { StateView } from './view';
import type { Reservations } from './alloc/claims';
import type { Cidr4 } from '../../lib/net/ipv4';
import type { Cidr6 } from '../../lib/net/ipv6';
import type { Limits } from './limit-options';
import type { AllocatorMetrics } from './metrics';
import type { GroupCommitter } from './group-commit';

export interface AllocatorSettings {
  prefix: string;
  agentLeaseTtl: number;
  servicePortRange: { begin: number; end: number };
  /** Named VIPs' addresses come from here (the first IPv4 --vip-range). */
  vipRange: Cidr4;
  /** Every --vip-range: a fixed VIP must lie in one of them. */
  vipRanges: { v4: Cidr4[]; v6: Cidr6[] };
  bridgeRange: Cidr4;
  /** Release a stopping task after this long even if no agent reports it killed. */
  killTimeoutMs: number;
  reconcileIntervalMs: number;
  /** Max ops (and compares) per store transaction (etcd's --max-txn-ops is 128). */
  maxTxnOps: number;
  /** What one request, app, message or client may make the allocator hold (limit-options.ts). */
  limits: Limits;
}

export interface AllocatorContext {
  store: Store;
  view: StateView;
  reserved: Reservations;
  settings: AllocatorSettings;
  log: Logger;
  metrics: AllocatorMetrics;
  /** Merges this replica's concurrent transactions (see group-commit.ts). */
  committer: GroupCommitter;
}

/** Absolute store key for a relative one. */
export function abs(ctx: AllocatorContext, key: string): string {
  return `${ctx.settings.prefix}/${key}`;
}
