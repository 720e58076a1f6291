/**
 * DELETE /v2/deployments/{id}: Marathon's revert. Without force, a new
 * deployment puts every affected run spec back as it was before (a create
 * is undone by a stop, a stop by a start, a config change by a rollback
 * that keeps the old config version, a scale by a scale); it supersedes the
 * one reverted. With force the deployment is only cancelled: its record is
 * deleted and the run specs stay as they are, mid-way.
 */
import { MarinaError } from '../../../../lib/errors';
import type { AppDefinition } from '../../../../lib/model/app';
import type { AllocatorCore } from '../../core';
import { Claims } from '../../alloc/claims';
import { commit } from '../../state/commit';
import { K } from '../../state/keys';
import type { DeploymentResult } from '../deployer';
import { deploymentOf, type DeploymentRecord } from './record';
import { applyChanges, changeOf, configOf } from './apply';
import type { SpecChange } from './plan';

const FORCE = { force: true };

/** The record, after catching the view up with the store (it may have been written on another replica a moment ago). */
export async function findDeployment(core: AllocatorCore, id: string): Promise<DeploymentRecord> {
  let d = deploymentOf(core.ctx.view, id);
  if (!d) {
    await core.ctx.view.waitFor(await core.ctx.store.currentRevision());
    d = deploymentOf(core.ctx.view, id);
  }
  if (!d) throw new MarinaError('MARINA_ERR_NOT_FOUND', `DeploymentPlan ${id} does not exist`);
  return d;
}


function revertOne(core: AllocatorCore, specId: string, original: AppDefinition | null): Promise<DeploymentResult> {
  const current = core.ctx.view.apps.get(specId);
  if (original === null) {
    if (!current) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${specId}' does not exist`);
    return core.deployer.remove(specId, FORCE);
  }
  if (!current) return core.deployer.create(original, FORCE);
  if (configOf(current) === configOf(original)) return core.deployer.scale(specId, original.instances, FORCE);
  return core.deployer.restore(original, FORCE);
}

/** Cancel (force) or revert the deployment; a revert answers the new deployment. */
export async function revertDeployment(core: AllocatorCore, id: string, force: boolean): Promise<DeploymentResult | undefined> {
  const d = await findDeployment(core, id);
  if (force) {
    const entry = core.ctx.view.entry(K.deployment(id));
    if (!entry) throw new MarinaError('MARINA_ERR_NOT_FOUND', `DeploymentPlan ${id} does not exist`);
    const claims = new Claims(core.ctx.view, core.ctx.reserved);
    claims.deletes.set(K.deployment(id), entry.modRevision);
    const res = await commit(core.ctx, claims);
    if (!res.succeeded) throw new MarinaError('MARINA_ERR_NOT_FOUND', `DeploymentPlan ${id} does not exist`);
    await core.ctx.view.waitFor(res.revision);
    return undefined;
  }
  const ids = [...d.affectedApps, ...d.affectedPods];
  if (ids.length === 1) return revertOne(core, ids[0]!, d.original[ids[0]!] ?? null);
  // a group change: one deployment back to every original, in dependency order
  const changes = ids.map((id) => changeOf(core.ctx.view.apps.get(id) ?? null, d.original[id] ?? null)).filter((c): c is SpecChange => c !== undefined);
  return applyChanges(core, changes, FORCE);
}
