/**
 * Orphan collection: allocations whose task (or app) is gone, tasks whose
 * app is gone while still wanted, and bridge subnets of agents gone past the
 * bridge retention (lifecycle/bridge-retention.ts). Read from one consistent
 * view revision; every delete is guarded by the key's modRevision (a bridge's
 * also by its agent's absence).
 */
import type { Task } from '../../../lib/model/cluster';
import type { AllocatorContext } from '../context';
import { Claims, type Owner } from '../alloc/claims';
import { commit } from '../state/commit';
import { parseAllocKey } from '../state/keys';
import { stopInto } from '../deploy/tasks';
// a removed app's tasks wait for its group deployment's stop step
import { heldAs } from '../deploy/deployments/hold';
import { expiredBridges, freeBridges } from './bridge-retention';

export interface GcReport {
  dryRun: boolean;
  revision: number;
  orphanAllocations: Array<{ key: string; kind: string; appId?: string; taskId?: string; agentId?: string }>;
  orphanTasks: Array<{ id: string; appId: string }>;
}

/** What is orphaned right now. */
export function findOrphans(ctx: AllocatorContext): GcReport {
  const { view } = ctx;
  const report: GcReport = { dryRun: true, revision: view.revision, orphanAllocations: [], orphanTasks: [] };
  for (const key of view.kv.keys()) {
    const a = parseAllocKey(key);
    if (!a || a.kind === 'block' || a.kind === 'bridge' || a.kind === 'vipname') continue;
    if (ctx.reserved.has(key)) continue;
    const owner = view.value<Owner>(key);
    if (!owner) continue;
    const orphan = owner.taskId ? !view.tasks.has(owner.taskId) : owner.appId ? !view.apps.has(owner.appId) : false;
    if (orphan) report.orphanAllocations.push({ key, kind: a.kind, appId: owner.appId, taskId: owner.taskId });
  }
  for (const t of view.tasks.values()) {
    if (t.desired === 'run' && !view.apps.has(t.appId) && heldAs(view, t.appId) === undefined) report.orphanTasks.push({ id: t.id, appId: t.appId });
  }
  for (const b of expiredBridges(ctx)) report.orphanAllocations.push({ key: b.key, kind: 'bridge', agentId: b.agentId });
  return report;
}

/** Remove orphans (or only report them when dryRun). */
export async function collectGarbage(ctx: AllocatorContext, dryRun: boolean): Promise<GcReport> {
  const report = findOrphans(ctx);
  report.dryRun = dryRun;
  if (dryRun) return report;
  let claims = new Claims(ctx.view, ctx.reserved);
  const flush = async () => {
    if (claims.size > 0) await commit(ctx, claims);
    claims = new Claims(ctx.view, ctx.reserved);
  };
  for (const o of report.orphanAllocations) {
    if (o.kind === 'bridge') continue; // freed below, each guarded by its agent's absence
    const e = ctx.view.entry(o.key);
    if (e) claims.deletes.set(o.key, e.modRevision);
    if (claims.size >= ctx.settings.maxTxnOps - 1) await flush();
  }
  for (const o of report.orphanTasks) {
    const t: Task | undefined = ctx.view.tasks.get(o.id);
    if (t) stopInto(claims, t);
    if (claims.size >= ctx.settings.maxTxnOps - 1) await flush();
  }
  await flush();
  const bridges = new Set(report.orphanAllocations.filter((o) => o.kind === 'bridge').map((o) => o.key));
  if (bridges.size > 0) await freeBridges(ctx, expiredBridges(ctx).filter((b) => bridges.has(b.key)));
  if (report.orphanAllocations.length + report.orphanTasks.length > 0) {
    ctx.log.info({ allocations: report.orphanAllocations.length, tasks: report.orphanTasks.length }, 'garbage collected');
  }
  return report;
}
