/**
 * A deployment of several changes runs step by step, as Marathon's
 * DeploymentPlan: the actions of a step are made only once every earlier
 * step is done (stops of dependents before what they depend on; then the
 * starts; then scales and restarts, what others depend on first). The
 * request makes the first step; the leader's tracker makes each next one
 * when it advances `currentStep`, and again on every pass (so a new leader
 * finishes what the old one started). Making an action is idempotent: a run
 * spec already as the deployment's target is left alone.
 */
import type { AllocatorCore } from '../../core';
import { changeOf } from './change';
import type { SpecChange } from './plan';
import { actionTarget, type DeploymentRecord } from './record';

/** Make one change as an action of deployment `partOf` (already stored and lock-checked). */
export async function applyOne(core: AllocatorCore, c: SpecChange, partOf: string): Promise<void> {
  const opts = { force: true, partOf };
  if (c.kind === 'stop') await core.deployer.remove(c.before!.id, opts);
  else if (c.kind === 'start') await core.deployer.create(c.after!, opts);
  else if (c.kind === 'scale') await core.deployer.scale(c.after!.id, c.after!.instances, opts);
  else await core.deployer.update(c.after!, opts);
}

/** The changes still to make for step `n` (1-based) of a stepwise deployment. */
export function pendingOf(core: AllocatorCore, d: DeploymentRecord, n: number): SpecChange[] {
  const out: SpecChange[] = [];
  for (const a of d.steps[n - 1]?.actions ?? []) {
    const id = actionTarget(a);
    if (!(id in d.target)) continue;
    const c = changeOf(core.ctx.view.apps.get(id) ?? null, d.target[id] ?? null);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Make what step `n` of the deployment still lacks. The request and the
 * leader's tracker may both make a step: an action that fails because the
 * other made it meanwhile (the run spec is now as the target) is not a failure.
 */
export async function applyStep(core: AllocatorCore, d: DeploymentRecord, n: number): Promise<void> {
  for (const c of pendingOf(core, d, n)) {
    try {
      await applyOne(core, c, d.id);
    } catch (err) {
      const id = (c.after ?? c.before)!.id;
      await core.ctx.view.waitFor(await core.ctx.store.currentRevision());
      if (changeOf(core.ctx.view.apps.get(id) ?? null, d.target[id] ?? null) !== undefined) throw err;
    }
  }
}
