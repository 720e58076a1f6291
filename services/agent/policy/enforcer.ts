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
import type { TaskChange } from './incremental';
import { RunningToProgrammed } from './running-lead';
import { PolicySyncer, type PolicySource } from './syncer';

export interface PolicyEnforcementOptions {
  resyncMs?: number;
  histogram?: Pick<Histogram, 'observe'>;
  /** marina_policy_running_to_programmed_seconds (running-lead.ts). */
  runningHistogram?: Pick<Histogram, 'observe'>;
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

/**
 * What a batch changes for policy: the commit times of its live changes (see the file comment),
 * and its task changes (`views` holds each task's last view and is updated); `tasks` is undefined
 * when the batch changes an app (its labels may move it in or out of selectors), which needs a
 * full render. Policies are not listed: the syncer finds which changed itself.
 */
export function batchChanges(events: readonly ClusterEvent[], views: Map<string, PolicyTaskView>, now: number): { times: number[]; tasks?: TaskChange[]; appeared: string[]; gone: string[] } {
  const times: number[] = [];
  const appeared: string[] = [];
  const gone: string[] = [];
  let tasks: TaskChange[] | undefined = [];
  for (const e of events) {
    if (e.kind === 'policy') times.push(e.op === 'put' && e.value.version ? Date.parse(e.value.version) : now);
    if (e.kind === 'app') tasks = undefined;
    if (e.kind !== 'task') continue;
    const before = views.get(e.id);
    const after = e.op === 'put' ? taskView(e.value) : undefined;
    if (after) views.set(e.id, after);
    else views.delete(e.id);
    if (!before && !after) continue;
    if (after && !before) appeared.push(e.id);
    if (before && !after) gone.push(e.id);
    if (before && after && before.appId === after.appId && before.agentId === after.agentId && before.ips.join() === after.ips.join()) continue;
    tasks?.push({ before, after });
    if (after && !before && e.op === 'put') times.push(Date.parse(e.value.stagedAt));
    else if (!after) times.push(now);
  }
  return { times: times.filter((t) => Number.isFinite(t)), ...(tasks ? { tasks } : {}), appeared, gone };
}

export class PolicyEnforcement {
  readonly syncer: PolicySyncer;
  private readonly views = new Map<string, PolicyTaskView>();
  private unsubscribe: (() => void) | undefined;
  private started = false;
  /** The revision of the last change handed to the syncer: what a starting task waits for. */
  private needed = -1;
  private readonly lead: RunningToProgrammed | undefined;

  constructor(private readonly agent: MarinaAgent, opts: PolicyEnforcementOptions = {}) {
    this.syncer = new PolicySyncer({
      exec: agent.exec,
      source: () => policySource(agent.id, agent.cluster),
      log: logger('agent.policy'),
      resyncMs: opts.resyncMs,
      histogram: opts.histogram,
      report: (s) => agent.reportPolicyStatus(s),
      onProgrammed: (revision, at) => this.lead?.programmed(revision, at),
    });
    this.lead = opts.runningHistogram ? new RunningToProgrammed(opts.runningHistogram) : undefined;
  }

  /** Follow the mirror; the first snapshot starts the table (a full sync), later ones repair. */
  start(): void {
    this.unsubscribe = this.agent.onClusterChange((state, events) => {
      if (!events) {
        this.needed = state.revision;
        this.lead?.clear();
        this.views.clear();
        for (const t of state.tasks.values()) {
          const v = taskView(t);
          if (v) this.views.set(t.id, v);
        }
        if (!this.started) {
          this.started = true;
          void this.syncer.start();
        } else void this.syncer.resync();
        return;
      }
      if (!this.started) return;
      if (!events.some((e) => e.kind === 'policy' || e.kind === 'task' || e.kind === 'app')) return;
      const { times, tasks, appeared, gone } = batchChanges(events, this.views, Date.now());
      for (const id of appeared) this.lead?.appeared(id, state.revision);
      for (const e of events) if (e.kind === 'task' && e.op === 'put' && e.value.state === 'TASK_RUNNING' && e.value.startedAt) this.lead?.running(e.id, Date.parse(e.value.startedAt));
      for (const id of gone) this.lead?.forget(id);
      if (tasks && tasks.length === 0 && times.length === 0) return; // a health or state update: nothing moves
      this.needed = state.revision;
      void this.syncer.changed(times, tasks);
    });
  }

  /**
   * Before a task's process starts (the agent's start gate): wait until this host's table
   * holds every change seen so far, the task's own addresses included, so that no task of a
   * selected app runs unprotected for the length of a sync. False (the task starts anyway,
   * logged) when the table cannot be programmed or within timeoutMs.
   */
  async programmedNow(timeoutMs = 5000): Promise<boolean> {
    if (!this.started) return true;
    return this.syncer.programmed(this.needed, timeoutMs);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.syncer.stop();
  }
}
