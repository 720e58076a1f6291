/**
 * The group operations both transports serve (/v2/groups and the gRPC
 * Groups service): read (with read-your-writes), create (409 when it
 * exists), update (or its dry run), delete (every run spec below and every
 * stored group below, one deployment), versions and the group at a version.
 */
import { MarinaError } from '../../../../../lib/errors';
import type { AllocatorCore } from '../../../core';
import { applyChanges, changeOf, previewRecord } from '../../../deploy/deployments/apply';
import type { SpecChange } from '../../../deploy/deployments/plan';
import type { DeploymentResult } from '../../../deploy/deployer';
import type { DeploymentStep } from '../../../deploy/deployments/record';
import { listVersions } from '../../../deploy/versions';
import { podStatusOf, renderPod } from '../pod-ops';
import { groupAt, groupExists, groupVersions, membersOf, parseGroupEmbeds, renderGroup } from './tree';
import { groupChanges } from './update';

type Obj = Record<string, unknown>;

/** `""`, `/`, `shop/` → `/`, `/shop`. */
export function groupIdOf(raw: string | undefined): string {
  return '/' + (raw ?? '').replace(/^\/+|\/+$/g, '');
}

/** Throw Marathon's 404 unless the group exists (catching the view up first: another replica may have just written it). */
export async function requireGroup(core: AllocatorCore, id: string): Promise<void> {
  const { view } = core.ctx;
  if (groupExists(view, id)) return;
  await view.waitFor(await core.ctx.store.currentRevision());
  if (!groupExists(view, id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist`);
}

export async function getGroup(core: AllocatorCore, id: string, embed: unknown): Promise<Obj> {
  await requireGroup(core, id);
  const { view } = core.ctx;
  return renderGroup(view, id, parseGroupEmbeds(embed), (a) => podStatusOf(view, a));
}

export async function getGroupVersions(core: AllocatorCore, id: string): Promise<string[]> {
  await requireGroup(core, id);
  const { view } = core.ctx;
  return groupVersions(view, id, (appId) => listVersions(view, appId));
}

/** GET /v2/groups/{id}/versions/{version}: the group as it was then (Marathon's Group JSON). */
export async function getGroupAt(core: AllocatorCore, id: string, version: string): Promise<Obj> {
  await requireGroup(core, id);
  const { view } = core.ctx;
  if (!groupVersions(view, id, (appId) => listVersions(view, appId)).includes(version)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist in version ${version}`);
  return groupAt(view, id, version, renderPod);
}

export async function createGroup(core: AllocatorCore, body: unknown, force: boolean): Promise<DeploymentResult & { id: string }> {
  const g = groupChanges(core.ctx, undefined, body);
  if (groupExists(core.ctx.view, g.id)) throw new MarinaError('MARINA_ERR_CONFLICT', `Group ${g.id} is already created. Use PUT to change this group.`);
  return { ...(await applyChanges(core, g.changes, { force }, { id: g.id, writes: g.writes })), id: g.id };
}

/** PUT: the deployment, or with dryRun only the steps it would take. */
export async function updateGroup(core: AllocatorCore, pathId: string | undefined, body: unknown, force: boolean, dryRun: boolean): Promise<DeploymentResult | { steps: DeploymentStep[] }> {
  const g = groupChanges(core.ctx, pathId, body);
  if (dryRun) return { steps: previewRecord(g.changes, core.ctx.view.apps.values()).steps };
  return applyChanges(core, g.changes, { force }, { id: g.id, writes: g.writes });
}

export async function deleteGroup(core: AllocatorCore, id: string, force: boolean): Promise<DeploymentResult> {
  if (!groupExists(core.ctx.view, id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist`);
  const changes = membersOf(core.ctx.view, id).map((a) => changeOf(a, null)).filter((c): c is SpecChange => c !== undefined);
  return applyChanges(core, changes, { force }, { id, writes: { put: [], remove: [id] } });
}
