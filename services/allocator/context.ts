/** What every allocator module shares: store, view, settings, logger, metrics. */
import type { Store } from '../../lib/store/contract';
import type { Logger } from '../../lib/log';
import type { StateView } from './state/view';
import type { Reservations } from './alloc/claims';
import type { Cidr4 } from '../../lib/net/ipv4';
import type { Cidr6 } from '../../lib/net/ipv6';
import type { Limits } from './limit-options';
import type { AllocatorMetrics } from './metrics';
import type { GroupCommitter } from './state/group-commit';
import type { StoreHealth } from './state/store-health';

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
  /** A missing agent is called lost only after the leader watched this long (lease TTL + keep-alive interval at least). */
  agentGraceMs: number;
  /** A bridge subnet stays its agent's this long after the agent is judged gone (with no tasks left). */
  bridgeRetentionMs: number;
  /** A store call (probe, write) slower than this fails: the API answers 503 instead of hanging. */
  storeTimeoutMs: number;
  /** /v2/events: keep-alive comment interval, and how far a subscriber may fall behind. */
  eventHeartbeatMs: number;
  eventMaxBufferBytes: number;
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
  /** Merges this replica's concurrent transactions (see state/group-commit.ts). */
  committer: GroupCommitter;
  /** Whether the store answers (health, fast 503s, agent grace). */
  storeHealth: StoreHealth;
}

/** Absolute store key for a relative one. */
export function abs(ctx: AllocatorContext, key: string): string {
  return `${ctx.settings.prefix}/${key}`;
}
