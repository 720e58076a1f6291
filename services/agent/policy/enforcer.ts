/**
 * Policy enforcement wired to the agent: follows the agent's cluster mirror
 * (MarinaAgent.onClusterChange), turns it into the syncer's inputs, and
 * hands the syncer the commit time of each live change that moves an
 * address or a rule: a policy's `version`, a task's `stagedAt` when its
 * addresses first appear (the allocator assigns them at placement); a task
 * that ends carries no time of its own, so its receipt time is used (the
 * histogram then underestimates by the feed's delay). Snapshots are not
 * timed (they are resyncs, not changes).
 */
import { isTerminal, type Task } from '../../../lib/model/cluster';
import type { ClusterEvent, ClusterSnapshot } from '../../../lib/feed/feed';
import { logger } from '../../../lib/log';
import type { Histogram } from '../../../lib/metrics';
import type { MarinaAgent } from '../agent';
import type { PolicyTaskView } from './desired';
import { PolicySyncer, type PolicySource } from './syncer';

export interface PolicyEnforcementOptions {
  resyncMs?: number;
  histogram?: Pick<Histogram, 'observe'>;
}

/** A task that holds addresses policy dispatches on or admits; undefined otherwise. */
export function taskView(t: Task): PolicyTaskView | undefined {
  if (isTerminal(t.state)) return undefined;
  const ips = t.ipAddresses.map((a) => a.ipAddress).filter(Boolean);
  if (ips.length === 0) return undefined;
  return { id: t.id, appId: t.appId, agentId: t.agentId, ips, hostMode: t.networkMode === 'host' };
}

export function policySource(agentId: string, s: Readonly<ClusterSnapshot>): PolicySource {
  const tasks: PolicyTaskView[] = [];
  for (const t of s.tasks.values()) {
    const v = taskView(t);
    if (v) tasks.push(v);
  }
  return {
    agentId,
    revision: s.revision,
    policies: [...s.policies.values()],
    apps: [...s.apps.values()].map((a) => ({ id: a.id, labels: a.labels })),
    tasks,
  };
}

/** The commit times of the live changes in a batch (see the file comment); `members` tracks which tasks hold addresses. */
export function commitTimes(events: readonly ClusterEvent[], members: Set<string>, now: number): number[] {
  const out: number[] = [];
  for (const e of events) {
    if (e.kind === 'policy') out.push(e.op === 'put' && e.value.version ? Date.parse(e.value.version) : now);
    if (e.kind !== 'task') continue;
    const v = e.op === 'put' ? taskView(e.value) : undefined;
    if (v && !members.has(e.id)) {
      members.add(e.id);
      if (e.op === 'put') out.push(Date.parse(e.value.stagedAt));
    } else if (!v && members.delete(e.id)) out.push(now);
  }
  return out.filter((t) => Number.isFinite(t));
}

export class PolicyEnforcement {
  readonly syncer: PolicySyncer;
  private readonly members = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private started = false;

  constructor(private readonly agent: MarinaAgent, opts: PolicyEnforcementOptions = {}) {
    this.syncer = new PolicySyncer({
      exec: agent.exec,
      source: () => policySource(agent.id, agent.cluster),
      log: logger('agent.policy'),
      resyncMs: opts.resyncMs,
      histogram: opts.histogram,
      report: (s) => agent.reportPolicyStatus(s),
    });
  }

  /** Follow the mirror; the first snapshot starts the table (a full sync), later ones repair. */
  start(): void {
    this.unsubscribe = this.agent.onClusterChange((state, events) => {
      if (!events) {
        this.members.clear();
        for (const t of state.tasks.values()) if (taskView(t)) this.members.add(t.id);
        if (!this.started) {
          this.started = true;
          void this.syncer.start();
        } else void this.syncer.resync();
        return;
      }
      if (!this.started) return;
      const relevant = events.some((e) => e.kind === 'policy' || e.kind === 'task' || e.kind === 'app');
      if (relevant) void this.syncer.changed(commitTimes(events, this.members, Date.now()));
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.syncer.stop();
  }
}
