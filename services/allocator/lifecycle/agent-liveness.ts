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

  /** agentId → epoch ms this replica first saw the agent missing. */
  private readonly missingSince = new Map<string, number>();

  /**
   * Of the agents missing now (tasks, no registration), those missing for a
   * full grace period as this leader watched: a steady leader too waits
   * the grace after an agent's lease lapsed, so an agent that restarts
   * slower than its lease TTL re-registers and keeps its tasks (the full
   * drills lost the 16 tasks of an agent restarted under load otherwise).
   */
  lostAgents(missingNow: ReadonlySet<string>): Set<string> {
    const now = this.now();
    for (const id of this.missingSince.keys()) if (!missingNow.has(id)) this.missingSince.delete(id);
    const lost = new Set<string>();
    if (!this.leader.isLeader) {
      this.missingSince.clear();
      return lost;
    }
    const judging = this.mayJudge();
    for (const id of missingNow) {
      const since = this.missingSince.get(id) ?? now;
      this.missingSince.set(id, since);
      if (judging && now - since >= this.graceMs) lost.add(id);
    }
    return lost;
  }

  /** True once a missing agent may be taken as a dead one. */
  mayJudge(): boolean {
    const from = this.judgingFrom();
    return from !== undefined && this.now() >= from;
  }
}
