/**
 * Marathon's /v2/pods over the app machinery: a pod is validated and turned
 * into the app it is scheduled as (lib/validation/pod.ts), created, updated
 * and deleted through the same deployer; GET renders the pod definition it
 * carries, and `::status` its instances (one task each) with their
 * containers and allocated endpoints, in Marathon's PodStatus shape.
 */
import { MarinaError } from '../../../../lib/errors';
import type { AppDefinition } from '../../../../lib/model/app';
import { isTerminal, type Task } from '../../../../lib/model/cluster';
import { POD_CONTAINERS_LABEL } from '../../../../lib/model/pod';
import { podSpecOf, podToAppJson } from '../../../../lib/validation/pod';
import type { AllocatorCore } from '../../core';
import type { StateView } from '../../state/view';
import { createApp, deleteApp, updateApp, type DeployReply } from '../../deploy/apps';
import { SUPERSEDE, type WriteOptions } from '../../deploy/deployments/lock';

type Obj = Record<string, unknown>;

function notFound(id: string): never {
  throw new MarinaError('MARINA_ERR_NOT_FOUND', `Pod '${id}' does not exist`);
}

/** The pod's definition as /v2/pods shows it: the spec as written (normalised), its id and version. */
export function renderPod(app: AppDefinition): Obj {
  return { ...podSpecOf(app.labels), id: app.id, version: app.version };
}

async function podApp(core: AllocatorCore, id: string): Promise<AppDefinition> {
  let app = core.ctx.view.apps.get(id);
  if (!app) {
    // another replica may have created it a moment ago (read-your-writes, as for apps)
    await core.ctx.view.waitFor(await core.ctx.store.currentRevision());
    app = core.ctx.view.apps.get(id);
  }
  if (!app || !podSpecOf(app.labels)) return notFound(id);
  return app;
}

export async function createPod(core: AllocatorCore, body: unknown, opts: WriteOptions = SUPERSEDE): Promise<{ pod: Obj; deploymentId: string }> {
  const res = await createApp(core, podToAppJson(body), opts);
  return { pod: renderPod(await podApp(core, res.app!.id)), deploymentId: res.deploymentId };
}

/** PUT: replace the pod (or create it, as Marathon does). */
export async function updatePod(core: AllocatorCore, id: string, body: unknown, opts: WriteOptions = SUPERSEDE): Promise<DeployReply & { pod: Obj }> {
  const json = podToAppJson(typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, id } : body);
  const existing = core.ctx.view.apps.get(id);
  if (existing && !podSpecOf(existing.labels)) throw new MarinaError('MARINA_ERR_CONFLICT', `'${id}' is an app, not a pod`);
  const res = await updateApp(core, id, json, opts);
  await core.ctx.view.waitFor(await core.ctx.store.currentRevision());
  return { ...res, pod: renderPod(await podApp(core, id)) };
}

export async function deletePod(core: AllocatorCore, id: string, opts: WriteOptions = SUPERSEDE): Promise<DeployReply> {
  await podApp(core, id);
  return deleteApp(core, id, opts);
}

export async function getPod(core: AllocatorCore, id: string): Promise<Obj> {
  return renderPod(await podApp(core, id));
}

export function listPods(core: AllocatorCore): Obj[] {
  return [...core.ctx.view.apps.values()].filter((a) => podSpecOf(a.labels)).sort((a, b) => a.id.localeCompare(b.id)).map(renderPod);
}

/** Marathon's container status (container-status.raml) of a task state. */
function containerState(t: Task): string {
  if (t.desired === 'stop' || isTerminal(t.state) || t.state === 'TASK_KILLING') return 'TERMINAL';
  if (t.state !== 'TASK_RUNNING') return 'STAGING';
  return t.ready ? 'STABLE' : 'DEGRADED';
}

/** One instance in Marathon's PodInstanceStatus shape (podStatus.raml); endpoints carry only Marathon's name/allocatedHostPort. */
function instanceStatus(t: Task, app: AppDefinition, now: string): Obj {
  const containers = JSON.parse(app.labels[POD_CONTAINERS_LABEL] ?? '[]') as Array<{ name: string }>;
  const endpoints = t.ports.filter((p) => p.name).map((p) => ({ name: p.name, ...(p.hostPort !== undefined ? { allocatedHostPort: p.hostPort } : {}) }));
  const stable = t.state === 'TASK_RUNNING' && t.ready;
  const since = t.startedAt ?? t.stagedAt;
  return {
    id: t.id,
    status: stable ? 'STABLE' : t.state === 'TASK_RUNNING' ? 'DEGRADED' : 'STAGING',
    statusSince: since,
    agentHostname: t.host,
    agentId: t.agentId,
    networks: [{ ...(t.networkName ? { name: t.networkName } : {}), addresses: t.ipAddresses.map((a) => a.ipAddress) }],
    containers: containers.map((c) => ({ name: c.name, status: containerState(t), statusSince: since, endpoints, lastUpdated: now, lastChanged: since })),
    specReference: `/v2/pods${app.id}::versions/${app.version}`,
    lastUpdated: now,
    lastChanged: since,
  };
}

/** GET /v2/pods/{id}::status */
export async function podStatus(core: AllocatorCore, id: string): Promise<Obj> {
  return podStatusOf(core.ctx.view, await podApp(core, id));
}

/** A pod's PodStatus (also a group's pods). */
export function podStatusOf(view: StateView, app: AppDefinition): Obj {
  const id = app.id;
  const tasks = view.tasksOf(id).filter((t) => t.desired !== 'stop');
  const now = new Date().toISOString();
  const instances = tasks.map((t) => instanceStatus(t, app, now));
  const stable = instances.length === app.instances && instances.every((i) => i.status === 'STABLE');
  return {
    id,
    spec: renderPod(app),
    status: stable ? 'STABLE' : 'DEGRADED',
    statusSince: app.version,
    instances,
    lastUpdated: now,
    lastChanged: app.version,
  };
}

export async function podStatuses(core: AllocatorCore): Promise<Obj[]> {
  return Promise.all(listPods(core).map((p) => podStatus(core, p.id as string)));
}
