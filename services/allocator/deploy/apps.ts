/**
 * App operations as both APIs expose them (HTTP /v2/apps and gRPC Apps):
 * validation (lib/validation, 422 naming fields), then the deployer. Returns
 * domain types only; each transport renders its own shapes (api/*).
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Task } from '../../../lib/model/cluster';
import { parseAppDefinition, parseAppUpdate } from '../../../lib/validation';
import { podSpecOf } from '../../../lib/validation/pod';
import type { AllocatorCore } from '../core';
import type { StateView } from '../state/view';
import { checkAppPolicy, checkScale } from './app-policy';
import { getVersion, listVersions } from './versions';
import { SUPERSEDE, type WriteOptions } from './deployments/lock';
import { groupChange } from './group-change';
import { parentOf } from './groups';

export interface DeployReply {
  deploymentId: string;
  version: string;
  app?: AppDefinition;
  created?: boolean;
}

/** An app with its tasks and the counts both APIs report. */
export interface AppStatus {
  app: AppDefinition;
  tasks: Task[];
  staged: number;
  running: number;
  /** Running and ready; 0 when the app has no health checks (as Marathon counts). */
  healthy: number;
  unhealthy: number;
}

export function appStatus(view: StateView, app: AppDefinition): AppStatus {
  const tasks = view.tasksOf(app.id);
  const hasChecks = app.healthChecks.length > 0;
  const running = tasks.filter((t) => t.state === 'TASK_RUNNING');
  return {
    app,
    tasks,
    staged: tasks.filter((t) => t.state === 'TASK_STAGING' || t.state === 'TASK_STARTING').length,
    running: running.length,
    healthy: hasChecks ? running.filter((t) => t.ready).length : 0,
    unhealthy: hasChecks ? running.filter((t) => !t.ready).length : 0,
  };
}

export async function createApp(core: AllocatorCore, body: unknown, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  const def = parseAppDefinition(body);
  checkAppPolicy(core.ctx, def);
  const res = await groupChange(core.ctx, parentOf(def.id), () => core.deployer.create(def, opts));
  return { ...res, created: true };
}

/**
 * The app from the watch-fed view; when the view lacks it, catch the view up
 * to the store's current revision first. Another replica may have created the
 * app a moment ago: a client that created it there and now talks to this one
 * must not get a 404 (or, on PUT, a second create) from a lagging view.
 */
async function appOf(core: AllocatorCore, id: string): Promise<AppDefinition | undefined> {
  const app = core.ctx.view.apps.get(id);
  if (app) return app;
  await core.ctx.view.waitFor(await core.ctx.store.currentRevision());
  return core.ctx.view.apps.get(id);
}

export async function getApp(core: AllocatorCore, id: string): Promise<AppDefinition> {
  const app = await appOf(core, id);
  if (!app) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${id}' does not exist`);
  return app;
}

/** GET /v2/apps: the apps, not the pods (Marathon lists those under /v2/pods). */
export function listApps(core: AllocatorCore, prefix: string): AppDefinition[] {
  return [...core.ctx.view.apps.values()]
    .filter((a) => (!prefix || a.id.startsWith(prefix)) && !podSpecOf(a.labels))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** PUT /v2/apps/{id}: only `instances` → scale; an unknown app is created (Marathon's upsert). */
export async function updateApp(core: AllocatorCore, id: string, body: unknown, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  const existing = await appOf(core, id);
  if (!existing) {
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, id } : body;
    return createApp(core, input, opts);
  }
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const keys = Object.keys(body).filter((k) => k !== 'id');
    if (keys.length === 1 && keys[0] === 'instances') {
      return scaleApp(core, id, (body as { instances: unknown }).instances, opts);
    }
    // Marathon's rollback: an update naming only a stored version puts that version back
    if (keys.length === 1 && keys[0] === 'version') return rollbackApp(core, id, (body as { version: unknown }).version, opts);
  }
  const next = parseAppUpdate(body, existing);
  checkAppPolicy(core.ctx, next, existing.instances);
  const res = await groupChange(core.ctx, parentOf(id), () => core.deployer.update(next, opts));
  return { deploymentId: res.deploymentId, version: res.version };
}

async function rollbackApp(core: AllocatorCore, id: string, version: unknown, opts: WriteOptions): Promise<DeployReply> {
  if (typeof version !== 'string' || version === '') {
    throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details: [{ path: '/version', errors: ['must be a version timestamp of this app'] }] });
  }
  const then = getVersion(core.ctx.view, id, version);
  const res = await groupChange(core.ctx, parentOf(id), () => core.deployer.update(then, opts));
  return { deploymentId: res.deploymentId, version: res.version };
}

export async function restartApp(core: AllocatorCore, id: string, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  await getApp(core, id);
  const res = await groupChange(core.ctx, parentOf(id), () => core.deployer.restart(id, opts));
  return { deploymentId: res.deploymentId, version: res.version };
}

/** GET /v2/apps/{id}/versions: the stored versions, newest first. */
export async function appVersions(core: AllocatorCore, id: string): Promise<string[]> {
  await getApp(core, id);
  return listVersions(core.ctx.view, id);
}

/** GET /v2/apps/{id}/versions/{version}: the app as it was at that version. */
export async function appAtVersion(core: AllocatorCore, id: string, version: string): Promise<AppDefinition> {
  await getApp(core, id);
  return getVersion(core.ctx.view, id, version);
}

export async function scaleApp(core: AllocatorCore, id: string, instances: unknown, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  if (typeof instances !== 'number' || !Number.isInteger(instances) || instances < 0) {
    throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details: [{ path: '/instances', errors: ['must be an integer >= 0'] }] });
  }
  checkScale(core.ctx, instances, core.ctx.view.apps.get(id)?.instances ?? 0);
  const res = await groupChange(core.ctx, parentOf(id), () => core.deployer.scale(id, instances, opts));
  return { deploymentId: res.deploymentId, version: res.version };
}

export async function deleteApp(core: AllocatorCore, id: string, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  const res = await groupChange(core.ctx, parentOf(id), () => core.deployer.remove(id, opts));
  return { deploymentId: res.deploymentId, version: res.version };
}

export async function appTasks(core: AllocatorCore, id: string): Promise<Task[]> {
  if (!(await appOf(core, id))) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${id}' does not exist`);
  return core.ctx.view.tasksOf(id);
}
