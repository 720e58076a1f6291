/**
 * App-level allocations (service ports, VIPs) that a new config no longer
 * needs. They are freed only once no task of the app still refers to them:
 * old tasks keep serving behind their service ports / VIPs (DNS, lb) during
 * a rolling update, so another app must not get them before the last old
 * task is released. Three places free them, each in a txn guarded by the
 * key's and the app's modRevision (exactly once, safe with replicas):
 *  - the update itself, for keys no task refers to;
 *  - the release txn of the last task referring to a key (lifecycle/task-status.ts);
 *  - the leader's periodic sweep (leftovers after a crash).
 * The app modRevision compare matters: a concurrent PUT may need a key again.
 */
import type { AppDefinition } from '../../../lib/model/app';
import type { Task } from '../../../lib/model/cluster';
import { abs, type AllocatorContext } from '../context';
import { Claims, type Owner } from './claims';
import { appPorts } from './app-ports';
import { assignVips } from './vips';
import { commit } from '../state/commit';
import type { Compare } from '../../../lib/store/contract';
import { K } from '../state/keys';

const APP_LEVEL_DIRS = ['alloc/serviceports/', 'alloc/vips/'];

/** Service-port and VIP keys a task refers to. */
export function appLevelKeysOf(task: Task): string[] {
  const keys: string[] = [];
  for (const p of task.ports) if (p.servicePort) keys.push(K.servicePort(p.servicePort));
  for (const v of task.vips ?? []) keys.push(K.vip(v.ip, v.port));
  return keys;
}

/** Keys the app's current config needs; undefined when its VIPs cannot be resolved (free nothing then). */
export function neededKeys(ctx: AllocatorContext, app: AppDefinition): Set<string> | undefined {
  const keep = new Set<string>(appPorts(app).map((p) => K.servicePort(p.servicePort)));
  try {
    const scratch = new Claims(ctx.view, ctx.reserved);
    for (const v of assignVips(scratch, app.id, appPorts(app), ctx.settings.vipRange)) keep.add(K.vip(v.ip, v.port));
  } catch {
    return undefined;
  }
  return keep;
}

/**
 * Add to claims: delete each candidate key owned by the app that its config
 * does not need and no task of the app (other than `exceptTaskId`, being
 * released in the same txn) refers to. Returns how many were added.
 */
export function staleInto(ctx: AllocatorContext, claims: Claims, app: AppDefinition, candidates: Iterable<string>, exceptTaskId?: string): number {
  const { view } = ctx;
  const needed = neededKeys(ctx, app);
  if (!needed) return 0;
  const referenced = new Set<string>();
  for (const t of view.tasksOf(app.id)) if (t.id !== exceptTaskId) for (const k of appLevelKeysOf(t)) referenced.add(k);
  let n = 0;
  for (const key of candidates) {
    if (needed.has(key) || referenced.has(key) || claims.deletes.has(key)) continue;
    const e = view.entry(key);
    if (!e || view.value<Owner>(key)?.appId !== app.id || view.value<Owner>(key)?.taskId) continue;
    claims.deletes.set(key, e.modRevision);
    n++;
  }
  return n;
}

/** The compare that keeps a free of stale keys from racing a new config. */
export function appUnchanged(ctx: AllocatorContext, appId: string): Compare[] {
  const e = ctx.view.entry(K.app(appId));
  return e ? [{ key: abs(ctx, K.app(appId)), target: 'modRevision', op: '==', value: e.modRevision }] : [];
}

/** Every app-level key in the store, by owning app (one scan). */
function appLevelKeysByApp(ctx: AllocatorContext): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const dir of APP_LEVEL_DIRS) {
    for (const key of ctx.view.dir(dir)) {
      const owner = ctx.view.value<Owner>(key);
      if (!owner?.appId || owner.taskId) continue;
      const list = out.get(owner.appId) ?? [];
      list.push(key);
      out.set(owner.appId, list);
    }
  }
  return out;
}

/** Free the app's stale keys no task refers to now; returns how many were freed. */
export async function releaseStale(ctx: AllocatorContext, app: AppDefinition, keys?: string[]): Promise<number> {
  const candidates = keys ?? appLevelKeysByApp(ctx).get(app.id) ?? [];
  const claims = new Claims(ctx.view, ctx.reserved);
  const n = staleInto(ctx, claims, app, candidates);
  if (n === 0) return 0;
  const res = await commit(ctx, claims, { compares: appUnchanged(ctx, app.id) });
  await ctx.view.waitFor(res.revision);
  if (res.succeeded) ctx.log.info({ appId: app.id, keys: [...claims.deletes.keys()] }, 'freed service ports / VIPs the app no longer uses');
  return res.succeeded ? n : 0;
}

/** Leader sweep: free every app's stale keys no task refers to (leftovers of an interrupted release). */
export async function sweepStale(ctx: AllocatorContext): Promise<number> {
  let n = 0;
  for (const [appId, keys] of appLevelKeysByApp(ctx)) {
    const app = ctx.view.apps.get(appId);
    if (app) n += await releaseStale(ctx, app, keys);
  }
  return n;
}
