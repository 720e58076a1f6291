/**
 * Launching and stopping instances. A launch plans the instances that fit
 * now (the rest waits in the launch queue, launch-queue.ts), then commits
 * the plan in chunks of at most maxTxnOps keys: each chunk is one
 * transaction holding ALL of its instances' keys, guarded by the app's
 * modRevision and generation key so two replicas never overshoot
 * `instances`. A lost race re-reads the view and plans what is still missing.
 */
import type { Compare } from '../../../lib/store/contract';
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Task, TaskVip } from '../../../lib/model/cluster';
import { abs, type AllocatorContext } from '../context';
import { Claims, Planned } from '../alloc/claims';
import { appPorts } from '../alloc/app-ports';
import { assignVips } from '../alloc/vips';
import { commit } from '../state/commit';
import { K } from '../state/keys';
import { planInstance } from './plan-instance';
import { bumpGen, liveTasks, loadsFor, pickVictims, stopInto } from './tasks';
import { isOld, rolloutStep } from './rollout';
import { launchBlockedUntil } from './backoff';
import { waitingOn } from './dependencies';
import { heldAs } from './deployments/hold';

const MAX_ATTEMPTS = 30;
/** Ops one instance may need at most (task, a few ports, ip, block); chunks leave this headroom. */
const INSTANCE_HEADROOM = 12;

/** The app's VIPs as already bound (read-only: no new claims expected). */
export function boundVips(ctx: AllocatorContext, app: AppDefinition): TaskVip[] {
  const scratch = new Claims(ctx.view, ctx.reserved);
  return assignVips(scratch, app.id, appPorts(app), ctx.settings.vipRange);
}

/**
 * Plan n instances of app into chunks. `first` (app-level writes) becomes
 * part of chunk 0. strict: throw when one does not fit; else plan what fits.
 */
export function planChunks(ctx: AllocatorContext, app: AppDefinition, vips: TaskVip[], n: number, first?: Claims, strict = true): Claims[] {
  const planned = first?.planned ?? new Planned();
  const loads = loadsFor(ctx.view, app.id);
  const chunks: Claims[] = [];
  let cur = first ?? new Claims(ctx.view, ctx.reserved, planned);
  const now = new Date().toISOString();
  const limit = ctx.settings.maxTxnOps - INSTANCE_HEADROOM - 2;
  for (let i = 0; i < n; i++) {
    if (cur.size > limit) {
      chunks.push(cur);
      cur = new Claims(ctx.view, ctx.reserved, planned);
    }
    try {
      planInstance(cur, { app, vips }, loads, now);
    } catch (err) {
      if (strict) throw err;
      // the rest waits in the launch queue (GET /v2/queue says why); every reconcile pass tries again
      ctx.log.debug({ appId: app.id, err: (err as Error).message, planned: i, wanted: n }, 'cannot place every instance yet');
      break;
    }
  }
  if (cur.size > 0) chunks.push(cur);
  return chunks;
}

function countTasks(c: Claims): number {
  let n = 0;
  for (const k of c.creates.keys()) if (k.startsWith('tasks/')) n++;
  return n;
}

/**
 * Commit chunks in order, each guarded by the app's modRevision (after the
 * first chunk: the revision the first chunk wrote) and the generation key.
 * Returns the number of chunks committed and the last revision seen.
 */
export async function commitChunks(ctx: AllocatorContext, appId: string, chunks: Claims[], appRev: number | undefined): Promise<{ committed: number; revision: number; conflict: boolean }> {
  let genRev = ctx.view.entry(K.gen(appId))?.modRevision ?? 0;
  let revision = ctx.view.revision;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i];
    bumpGen(c, appId, genRev);
    const compares: Compare[] = [];
    const appWritten = c.creates.has(K.app(appId)) || c.updates.has(K.app(appId));
    if (!appWritten && appRev !== undefined) compares.push({ key: abs(ctx, K.app(appId)), target: 'modRevision', op: '==', value: appRev });
    const res = await commit(ctx, c, { compares });
    revision = res.revision;
    if (!res.succeeded) return { committed: i, revision, conflict: true };
    genRev = res.revision;
    if (appWritten) appRev = res.revision;
    ctx.metrics.instancesAllocated.inc(countTasks(c));
  }
  return { committed: chunks.length, revision, conflict: false };
}

/** Stop tasks: add them (desired stop) to the last chunk, or to new ones as chunks fill. */
function stopsInto(ctx: AllocatorContext, chunks: Claims[], tasks: Task[]): Claims[] {
  if (chunks.length === 0) chunks.push(new Claims(ctx.view, ctx.reserved));
  for (const t of tasks) {
    if (chunks[chunks.length - 1].size > ctx.settings.maxTxnOps - 2) chunks.push(new Claims(ctx.view, ctx.reserved));
    stopInto(chunks[chunks.length - 1], t);
  }
  return chunks;
}

/**
 * The writes of one converge step, or undefined when there is nothing to do
 * now: a rollout step while tasks of an old config live (rollout.ts), else
 * launch what is missing / stop the excess. Launches wait for the app's
 * launch delay (backoff.ts). `final` = no further step is expected now.
 */
function planStep(ctx: AllocatorContext, app: AppDefinition): { chunks: Claims[]; final: boolean } | undefined {
  const live = liveTasks(ctx.view, app.id);
  // launches wait for the launch delay and for the apps this one depends on (dependencies.ts)
  const mayLaunch = Date.now() >= launchBlockedUntil(ctx.view, app.id) && waitingOn(ctx.view, app) === undefined;
  if (live.some((t) => isOld(app, t))) {
    const step = rolloutStep(app, live);
    const launch = mayLaunch ? step.launch : 0;
    if (launch === 0 && step.stop.length === 0) return undefined;
    const chunks = launch > 0 ? planChunks(ctx, app, boundVips(ctx, app), launch, undefined, false) : [];
    return { chunks: stopsInto(ctx, chunks, step.stop), final: true };
  }
  if (live.length > app.instances) {
    return { chunks: stopsInto(ctx, [], pickVictims(live, Math.min(live.length - app.instances, 50), app.killSelection)), final: false };
  }
  if (live.length < app.instances && mayLaunch) {
    const chunks = planChunks(ctx, app, boundVips(ctx, app), app.instances - live.length, undefined, false);
    return chunks.length === 0 ? undefined : { chunks, final: false };
  }
  return undefined;
}

/**
 * Bring the app's live tasks to `instances` of its current config: launch
 * what is missing (what fits), stop the excess, or take one rollout step.
 * Safe to run from several replicas at once (every write is guarded).
 */
export async function ensureCount(ctx: AllocatorContext, appId: string, sinceRevision = 0): Promise<void> {
  let waitRev = sinceRevision;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    await ctx.view.waitFor(waitRev);
    const stored = ctx.view.apps.get(appId);
    const appEntry = ctx.view.entry(K.app(appId));
    // a group change's step for this app may not have come yet (deployments/hold.ts)
    const held = heldAs(ctx.view, appId);
    const app = held === undefined ? stored : held;
    if (!stored || !app || !appEntry) return;
    const step = planStep(ctx, app);
    if (!step) return;
    const res = await commitChunks(ctx, appId, step.chunks, appEntry.modRevision);
    waitRev = res.revision;
    if (res.conflict) {
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * (attempt + 1))));
      continue;
    }
    await ctx.view.waitFor(res.revision);
    if (step.final) return;
  }
  throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `gave up converging app ${appId} after ${MAX_ATTEMPTS} attempts`);
}
