/**
 * Marathon health-check semantics for one task: each check probes every
 * intervalSeconds (after delaySeconds), a probe slower than timeoutSeconds
 * fails; failures in the first gracePeriodSeconds before any success are
 * ignored; after maxConsecutiveFailures (0 = never) the task is unhealthy
 * and the agent kills it so the allocator replaces it. The task is ready
 * while every check's last result passed.
 */
import type { HealthCheck } from '../../../lib/model/app';
import type { HealthCheckResult } from '../../../lib/model/cluster';
import type { HostExec } from '../exec';
import { resolveTaskUser, type TaskUser } from '../runner/task-user';
import { probe, type ProbeOutcome, type ProbeTarget } from './probe';
import type { ResultStore } from './results';

export interface CheckerHooks {
  /** Readiness changed (all checks alive ↔ not). */
  onReady(ready: boolean, results: HealthCheckResult[]): void;
  /** A check reached maxConsecutiveFailures. */
  onUnhealthy(cause: string, results: HealthCheckResult[]): void;
}

export interface CheckerSpec {
  taskId: string;
  checks: HealthCheck[];
  targets: ProbeTarget[];
  env: Record<string, string>;
  /** Who COMMAND checks run as: the task's user (resolved on first use). */
  userName: string;
  exec: HostExec;
  store: ResultStore;
  hooks: CheckerHooks;
  /** Injected for tests; defaults to the real probe. */
  probeFn?: (hc: HealthCheck, target: ProbeTarget) => Promise<ProbeOutcome>;
}

export class HealthChecker {
  private readonly results: HealthCheckResult[];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly startedAt = Date.now();
  private ready = false;
  private stopped = false;
  private unhealthy = false;
  private user?: Promise<TaskUser>;

  constructor(private readonly spec: CheckerSpec) {
    this.results = spec.checks.map(() => ({ alive: false, consecutiveFailures: 0, instanceId: spec.taskId }));
  }

  start(): void {
    this.spec.checks.forEach((hc, i) => this.schedule(i, hc.delaySeconds * 1000));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
  }

  snapshot(): HealthCheckResult[] {
    return this.results.map((r) => ({ ...r }));
  }

  private schedule(i: number, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => void this.tick(i), ms);
    t.unref();
    this.timers[i] = t;
  }

  private async tick(i: number): Promise<void> {
    const hc = this.spec.checks[i];
    const run = this.spec.probeFn ?? (async (h: HealthCheck, target: ProbeTarget) => probe(h, target, this.spec.exec, this.spec.env, await (this.user ??= resolveTaskUser(this.spec.userName))));
    let outcome: ProbeOutcome;
    try {
      outcome = await run(hc, this.spec.targets[i]);
    } catch (err) {
      outcome = { ok: false, cause: (err as Error).message };
    }
    if (this.stopped) return;
    this.record(i, hc, outcome);
    this.schedule(i, hc.intervalSeconds * 1000);
  }

  private record(i: number, hc: HealthCheck, outcome: ProbeOutcome): void {
    const r = this.results[i];
    const now = new Date().toISOString();
    if (outcome.ok) {
      r.alive = true;
      r.consecutiveFailures = 0;
      r.firstSuccess ??= now;
      r.lastSuccess = now;
    } else {
      const inGrace = !r.firstSuccess && Date.now() - this.startedAt < hc.gracePeriodSeconds * 1000;
      r.alive = false;
      r.lastFailure = now;
      r.lastFailureCause = outcome.cause;
      if (!inGrace) r.consecutiveFailures++;
    }
    void this.spec.store.put(this.spec.taskId, this.snapshot(), { at: now, check: i, ok: outcome.ok, cause: outcome.cause }).catch(() => undefined);
    const ready = this.results.every((x) => x.alive);
    if (ready !== this.ready) {
      this.ready = ready;
      this.spec.hooks.onReady(ready, this.snapshot());
    }
    if (!this.unhealthy && hc.maxConsecutiveFailures > 0 && r.consecutiveFailures >= hc.maxConsecutiveFailures) {
      this.unhealthy = true;
      this.spec.hooks.onUnhealthy(`health check ${i} (${hc.protocol}) failed ${r.consecutiveFailures} times: ${outcome.cause}`, this.snapshot());
    }
  }
}
