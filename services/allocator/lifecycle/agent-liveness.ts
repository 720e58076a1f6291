/**
 * When may the leader call an agent dead? Only after it has itself watched
 * the agents for a full grace period: at least one lease TTL plus a
 * keep-alive interval since it became leader, and since the store (and this
 * process) last ran without a break. Before that, a missing agent key says
 * nothing about the agent — its lease may have expired while no allocator
 * relayed keep-alives (a restart, a failover, an etcd freeze) — and the agent
 * re-registers under the same id within a keep-alive interval, keeping its
 * tasks. This is kube-controller-manager's node-monitor grace period.
 */
import type { StoreHealth } from '../state/store-health';

export interface LeaderClock {
  readonly isLeader: boolean;
  /** Epoch ms this replica became leader (undefined when not leading). */
  readonly leaderSince: number | undefined;
}

export class AgentLiveness {
  constructor(
    private readonly leader: LeaderClock,
    private readonly health: Pick<StoreHealth, 'isHealthy' | 'healthySince'>,
    readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Epoch ms from which agents may be judged lost (undefined while not leading or the store is away). */
  judgingFrom(): number | undefined {
    if (!this.leader.isLeader || this.leader.leaderSince === undefined || !this.health.isHealthy) return undefined;
    return Math.max(this.leader.leaderSince, this.health.healthySince) + this.graceMs;
  }

  /** True once a missing agent may be taken as a dead one. */
  mayJudge(): boolean {
    const from = this.judgingFrom();
    return from !== undefined && this.now() >= from;
  }
}
