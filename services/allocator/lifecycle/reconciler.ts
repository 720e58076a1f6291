/**
 * The leader's background loop: tasks on dead agents are marked TASK_LOST,
 * released and replaced; stopping tasks no agent acted on within the kill
 * timeout are released; every app is converged to `instances`; orphans and
 * service ports / VIPs dropped by a config and no longer used are collected
 * now and then; bridge subnets of agents gone past the retention are freed.
 * Agents joining or leaving and tasks released trigger a pass at once
 * (waiting instances launch as soon as there is room).
 */
import type { AllocatorContext } from '../context';
import type { Deployer } from '../deploy/deployer';
import type { Lifecycle } from './task-status';
import { liveTasks } from '../deploy/tasks';
import { isOld } from '../deploy/rollout';
import { collectGarbage } from './gc';
import { sweepStale } from '../alloc/stale-app-keys';
import { reclaimLostTasks, tasksOfDeadAgents } from './lost';
import { sweepBridges } from './bridge-retention';
import type { LeaderElection } from '../leader/election';
import type { AgentLiveness } from './agent-liveness';

export class Reconciler {
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = false;
  /** When this replica first saw each task stopping (for the kill timeout). */
  private readonly stoppingSince = new Map<string, number>();
  private passes = 0;
  private unsubscribe?: () => void;

  constructor(
    private readonly ctx: AllocatorContext,
    private readonly leader: LeaderElection,
    private readonly deployer: Deployer,
    private readonly lifecycle: Lifecycle,
    private readonly liveness: AgentLiveness,
  ) {}

  private graceLogged = false;

  start(): void {
    const tick = () => {
      void this.run();
      if (!this.stopped) this.timer = setTimeout(tick, this.ctx.settings.reconcileIntervalMs);
    };
    this.timer = setTimeout(tick, this.ctx.settings.reconcileIntervalMs);
    // at once, not at the next tick: an agent joining or leaving, or a task gone (its ports and
    // address free again), may let instances waiting in the launch queue start
    this.unsubscribe = this.ctx.view.subscribe((ev) => {
      if (ev.type === 'batch' && ev.batch.changes.some((c) => c.kind === 'agent' || (c.kind === 'task' && c.op === 'delete'))) void this.run();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
  }

  /** One pass (coalesced: a call during a pass runs one more pass after it). */
  async run(): Promise<void> {
    if (!this.leader.isLeader || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.pass();
      } while (this.again && !this.stopped);
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).message }, 'reconcile pass failed');
    } finally {
      this.running = false;
    }
  }

  private async pass(): Promise<void> {
    const { view } = this.ctx;
    const now = Date.now();
    const seen = new Set<string>();
    const missing = new Set(tasksOfDeadAgents(this.ctx).map((t) => t.agentId));
    const lost = this.liveness.lostAgents(missing);
    if (lost.size > 0) await reclaimLostTasks(this.ctx, this.deployer, this.lifecycle, lost);
    if (this.liveness.mayJudge()) await sweepBridges(this.ctx, now);
    if (lost.size < missing.size && !this.graceLogged) {
      this.graceLogged = true;
      const from = this.liveness.judgingFrom();
      this.ctx.log.info({ agents: [...missing].filter((a) => !lost.has(a)), judgingFrom: from ? new Date(from).toISOString() : 'store unreachable' }, 'agents missing during the grace period: waiting for them to re-register before calling them lost');
    } else if (missing.size === 0) this.graceLogged = false;
    for (const t of [...view.tasks.values()]) {
      if (t.desired !== 'stop' || !view.agents.has(t.agentId)) continue;
      seen.add(t.id);
      const since = this.stoppingSince.get(t.id) ?? now;
      this.stoppingSince.set(t.id, since);
      // the agent drains, then waits the app's kill grace: neither counts against the kill timeout
      const grace = (view.apps.get(t.appId)?.taskKillGracePeriodSeconds ?? 0) * 1000;
      if (now - since >= this.ctx.settings.killTimeoutMs + grace) {
        this.ctx.log.warn({ taskId: t.id, appId: t.appId }, 'no agent stopped the task in time; releasing it');
        await this.lifecycle.release(t);
      }
    }
    for (const id of this.stoppingSince.keys()) if (!seen.has(id)) this.stoppingSince.delete(id);
    for (const [appId, app] of view.apps) {
      const live = liveTasks(view, appId);
      if (live.length !== app.instances || live.some((t) => isOld(app, t))) {
        await this.deployer.converge(appId).catch((err: Error) => this.ctx.log.debug({ appId, err: err.message }, 'cannot converge app yet'));
      }
    }
    if (++this.passes % 30 === 0) {
      await collectGarbage(this.ctx, false);
      // service ports / VIPs a config dropped whose last task's release did not free them (crash, older replica)
      await sweepStale(this.ctx);
    }
  }
}
