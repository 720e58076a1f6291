/**
 * A deployment of several changes runs step by step, as Marathon's
 * DeploymentPlan: the request stores every run spec as its target at once
 * (storeTarget), and the instance actions of a step are made only once every
 * earlier step is done (stops of dependents before what they depend on; then
 * the starts; then scales and restarts, what others depend on first; until
 * then hold.ts keeps an app's instances as they were). The request makes the
 * first step; the leader's tracker makes each next one when it advances
 * `currentStep`, and again on every pass (so a new leader finishes what the
 * old one started). Every action is idempotent.
 */
import type { AllocatorCore } from '../../core';
import { changeOf } from './change';
import type { SpecChange } from './plan';
import { actionTarget, type DeploymentRecord } from './record';
import { Claims } from '../../alloc/claims';
import { commit } from '../../state/commit';
import { stopInto } from '../tasks';
import { configVersion } from '../rollout';

/** Make one change as an action of deployment `partOf` (already stored and lock-checked). */
export async function applyOne(core: AllocatorCore, c: SpecChange, partOf: string): Promise<void> {
  const opts = { force: true, partOf };
  if (c.kind === 'stop') await core.deployer.remove(c.before!.id, opts);
  else if (c.kind === 'start') await core.deployer.create(c.after!, opts, configVersion(c.after!));
  else if (c.kind === 'scale') await core.deployer.scale(c.after!.id, c.after!.instances, opts);
  // a stored definition (a revert, a group's version rollback) keeps its config version: its tasks stay current
  else if (configVersion(c.after!) !== undefined) await core.deployer.restore(c.after!, opts);
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
 * Store every change of the deployment now (Marathon replaces the root
 * group by the target at once), in step order; the instances follow step by
 * step (hold.ts). Made by the request, and again by the leader's tracker
 * (idempotent) should the request have stopped part-way.
 */
export async function storeTarget(core: AllocatorCore, d: DeploymentRecord): Promise<void> {
  for (let n = 1; n <= d.steps.length; n++) await makePending(core, d, n);
}

/**
 * The request and the leader's tracker may both store a change: one that
 * fails because the other made it meanwhile (the run spec is now as the
 * target) is not a failure.
 */
async function makePending(core: AllocatorCore, d: DeploymentRecord, n: number): Promise<void> {
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

/**
 * Make the instance actions of step `n` (now current): the run specs are
 * stored as the target already; a removed app's tasks stop, every other app
 * of the step converges (launch, scale, roll) now that hold.ts lets it.
 */
export async function applyStep(core: AllocatorCore, d: DeploymentRecord, n: number): Promise<void> {
  await makePending(core, d, n);
  for (const a of d.steps[n - 1]?.actions ?? []) {
    const id = actionTarget(a);
    if (core.ctx.view.apps.has(id)) await core.deployer.converge(id);
    else await stopAll(core, id);
  }
}

/** Stop every task of a removed app still asked to run. */
async function stopAll(core: AllocatorCore, id: string): Promise<void> {
  const { ctx } = core;
  const live = ctx.view.tasksOf(id).filter((t) => t.desired === 'run');
  for (let i = 0; i < live.length; i += ctx.settings.maxTxnOps - 1) {
    const claims = new Claims(ctx.view, ctx.reserved);
    for (const t of live.slice(i, i + ctx.settings.maxTxnOps - 1)) stopInto(claims, t);
    const res = await commit(ctx, claims);
    if (res.succeeded) await ctx.view.waitFor(res.revision);
  }
}
