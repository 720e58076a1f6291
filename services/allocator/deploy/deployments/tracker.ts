/**
 * The leader follows every deployment in flight: when the actions of its
 * current step are done (progress.ts) it writes the next `currentStep`, and
 * after the last one it deletes the record. Each write compares the record's
 * modRevision, so a second leader or a concurrent cancel never applies twice.
 * A stepwise deployment (several changes, steps.ts) has each step made when
 * it becomes current. Passes run on view changes (coalesced) and on a timer;
 * the work itself (launching, rolling) is the deployer's and the reconciler's.
 */
import type { AllocatorContext } from '../../context';
import type { LeaderElection } from '../../leader/election';
import { Claims } from '../../alloc/claims';
import { commit } from '../../state/commit';
import { K } from '../../state/keys';
import { reachedStep } from './progress';
import { deploymentsOf, type DeploymentRecord } from './record';

export class DeploymentTracker {
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly ctx: AllocatorContext,
    private readonly leader: LeaderElection,
    /** Make what step n of a stepwise deployment still lacks (steps.ts). */
    private readonly makeStep: (d: DeploymentRecord, n: number) => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    this.unsubscribe = this.ctx.view.subscribe((ev) => {
      if (ev.type === 'resync' || ev.batch.changes.some((c) => c.kind !== 'agent' && c.kind !== 'network')) this.kick();
    });
    this.timer = setInterval(() => this.kick(), this.ctx.settings.reconcileIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /** Run a pass soon (one at a time; a kick during a pass runs one more after it). */
  kick(): void {
    if (this.stopped || !this.leader.isLeader) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => {
      void this.loop().finally(() => (this.running = false));
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        this.ctx.log.warn({ err: (err as Error).message }, 'deployment pass failed');
      }
    } while (this.again && !this.stopped);
  }

  /** Make step n; a step that cannot be made fails the deployment (its record deleted: deployment_failed). */
  private async step(d: DeploymentRecord, n: number): Promise<void> {
    try {
      await this.makeStep(d, n);
    } catch (err) {
      this.ctx.log.warn({ deploymentId: d.id, step: n, err: (err as Error).message }, 'deployment step failed; the deployment ends');
      const entry = this.ctx.view.entry(K.deployment(d.id));
      if (!entry) return;
      const claims = new Claims(this.ctx.view, this.ctx.reserved);
      claims.deletes.set(K.deployment(d.id), entry.modRevision);
      await commit(this.ctx, claims);
    }
  }

  /** One pass: advance or finish every deployment whose step is done. */
  async pass(): Promise<void> {
    const { view } = this.ctx;
    for (const d of deploymentsOf(view)) {
      const step = reachedStep(view, d);
      // (a deployment with no steps — an empty group's — is done at once)
      if (step === d.currentStep && step <= d.steps.length) {
        // the step in progress is made (again, idempotently: a new leader finishes what the old one started)
        if (d.stepwise) await this.step(d, step);
        continue;
      }
      const entry = view.entry(K.deployment(d.id));
      if (!entry) continue;
      const claims = new Claims(view, this.ctx.reserved);
      if (step > d.steps.length) claims.deletes.set(K.deployment(d.id), entry.modRevision);
      else claims.updates.set(K.deployment(d.id), { value: JSON.stringify({ ...d, currentStep: step }), modRevision: entry.modRevision });
      const res = await commit(this.ctx, claims);
      if (res.succeeded) {
        await view.waitFor(res.revision);
        this.ctx.log.info({ deploymentId: d.id, step, steps: d.steps.length }, step > d.steps.length ? 'deployment finished' : 'deployment step done');
        if (d.stepwise && step <= d.steps.length) await this.step({ ...d, currentStep: step }, step);
      }
    }
  }
}
