/**
 * One deployment for several changes (a group change, a revert): the
 * record is stored first — under the lock (or cancelling what is in the way
 * when forced) — then each change is made as one action of it, stops first,
 * then starts and updates, what others depend on first. Launches of an app
 * wait for its dependencies (dependencies.ts); the tracker finishes the
 * deployment. A change that fails part-way ends the deployment (its record
 * is deleted: deployment_failed) and answers the error.
 */
import { randomUUID } from 'node:crypto';
import type { AppDefinition } from '../../../../lib/model/app';
import type { AllocatorCore } from '../../core';
import { Claims } from '../../alloc/claims';
import { commit } from '../../state/commit';
import { K } from '../../state/keys';
import type { StoredApp } from '../rollout';
import type { DeploymentResult } from '../deployer';
import { MarinaError } from '../../../../lib/errors';
import { appPorts, withServicePorts } from '../../alloc/app-ports';
import { cancelLocksInto, type WriteOptions } from './lock';
import { planRecord, type SpecChange } from './plan';
import type { DeploymentRecord } from './record';
import { groupWritesInto, NO_GROUP_WRITES, type GroupWrites } from '../groups';
import { groupChange } from '../group-change';

/** The definition without what the store adds (version, instances, versionInfo), for comparisons. */
export function configOf(app: AppDefinition): string {
  const { version: _v, instances: _i, versionInfo: _vi, ...rest } = app as StoredApp;
  return JSON.stringify(rest);
}

/** The change from before to after (undefined: none). */
export function changeOf(before: AppDefinition | null, after: AppDefinition | null): SpecChange | undefined {
  if (!before && !after) return undefined;
  if (!before) return { kind: 'start', before, after };
  if (!after) return { kind: 'stop', before, after };
  // a port left at 0 keeps the service port the stored definition was given: no change
  const before0 = appPorts(before).map((p) => p.servicePort);
  const kept = withServicePorts(after, appPorts(after).map((p, i) => (p.servicePort === 0 ? (before0[i] ?? 0) : p.servicePort)));
  if (configOf(before) !== configOf(kept)) return { kind: 'restart', before, after };
  if (before.instances !== after.instances) return { kind: 'scale', before, after };
  return undefined;
}

/** The record a set of changes would store (a dry run shows its steps). */
export function previewRecord(changes: SpecChange[]): DeploymentRecord {
  return planRecord(randomUUID(), changes, new Date().toISOString());
}

async function applyOne(core: AllocatorCore, c: SpecChange, partOf: string): Promise<void> {
  const opts = { force: true, partOf };
  if (c.kind === 'stop') await core.deployer.remove(c.before!.id, opts);
  else if (c.kind === 'start') await core.deployer.create(c.after!, opts);
  else if (c.kind === 'scale') await core.deployer.scale(c.after!.id, c.after!.instances, opts);
  else await core.deployer.update(c.after!, opts);
}

/** The group a change is made through (its id for the events; its stored records to write). */
export interface GroupScope {
  id: string;
  writes: GroupWrites;
}

export async function applyChanges(core: AllocatorCore, changes: SpecChange[], opts: WriteOptions, group: GroupScope = { id: '/', writes: NO_GROUP_WRITES }): Promise<DeploymentResult> {
  return groupChange(core.ctx, group.id, () => applyInOne(core, changes, opts, group));
}

async function applyInOne(core: AllocatorCore, changes: SpecChange[], opts: WriteOptions, group: GroupScope): Promise<DeploymentResult> {
  const { ctx } = core;
  const record = { ...previewRecord(changes), groupId: group.id };
  const claims = new Claims(ctx.view, ctx.reserved);
  cancelLocksInto(claims, [...record.affectedApps, ...record.affectedPods], opts);
  claims.create(K.deployment(record.id), record);
  groupWritesInto(claims, group.writes, record.version);
  const res = await commit(ctx, claims);
  if (!res.succeeded) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', 'a deployment changed meanwhile; retry');
  await ctx.view.waitFor(res.revision);
  const order = [...changes.filter((c) => c.kind === 'stop'), ...changes.filter((c) => c.kind !== 'stop')];
  try {
    for (const c of order) await applyOne(core, c, record.id);
  } catch (err) {
    const entry = ctx.view.entry(K.deployment(record.id));
    if (entry) {
      const undo = new Claims(ctx.view, ctx.reserved);
      undo.deletes.set(K.deployment(record.id), entry.modRevision);
      await commit(ctx, undo).catch(() => undefined);
    }
    throw err;
  }
  return { deploymentId: record.id, version: record.version };
}
