/**
 * One deployment for several changes (a group change, a revert): the
 * record is stored first — under the lock (or cancelling what is in the way
 * when forced), with the stored groups the request writes — then every run
 * spec is stored as its target (GET shows it at once, as Marathon's root
 * group) and the instance actions of the first step are made; the tracker
 * makes the later steps one after another (steps.ts; until then hold.ts
 * keeps an app's instances as they were), and launches of an app also wait
 * for its dependencies (dependencies.ts). A request that fails part-way ends the
 * deployment (its record is deleted: deployment_failed) and answers the error.
 */
import { randomUUID } from 'node:crypto';
import type { AppDefinition } from '../../../../lib/model/app';
import type { AllocatorCore } from '../../core';
import { Claims } from '../../alloc/claims';
import { commit } from '../../state/commit';
import { K } from '../../state/keys';
import type { DeploymentResult } from '../deployer';
import { MarinaError } from '../../../../lib/errors';
import { cancelLocksInto, type WriteOptions } from './lock';
import { planRecord, type SpecChange } from './plan';
import type { DeploymentRecord } from './record';
import { applyStep, storeTarget } from './steps';
import { heldAs } from './hold';
import { groupWritesInto, NO_GROUP_WRITES, type GroupWrites } from '../groups';
import { groupChange } from '../group-change';

export { changeOf, configOf } from './change';

/** The record a set of changes would store (a dry run shows its steps); `world`: every run spec now. */
export function previewRecord(changes: SpecChange[], world: Iterable<AppDefinition> = []): DeploymentRecord {
  return planRecord(randomUUID(), changes, new Date().toISOString(), world);
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
  const record: DeploymentRecord = { ...previewRecord(changes, ctx.view.apps.values()), groupId: group.id, stepwise: true };
  // an app a superseded deployment still holds keeps its instances as they are until its step here (hold.ts)
  const held = Object.fromEntries([...record.affectedApps, ...record.affectedPods].flatMap((id) => {
    const h = heldAs(ctx.view, id);
    return h === undefined ? [] : [[id, h]];
  }));
  if (Object.keys(held).length > 0) record.held = held;
  const claims = new Claims(ctx.view, ctx.reserved);
  cancelLocksInto(claims, [...record.affectedApps, ...record.affectedPods], opts);
  claims.create(K.deployment(record.id), record);
  groupWritesInto(claims, group.writes, record.version);
  const res = await commit(ctx, claims);
  if (!res.succeeded) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', 'a deployment changed meanwhile; retry');
  await ctx.view.waitFor(res.revision);
  try {
    // every target now (GET shows it at once), the first step's instance actions too;
    // the tracker makes each next step once the one before is done (steps.ts, hold.ts)
    await storeTarget(core, record);
    await applyStep(core, record, 1);
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
