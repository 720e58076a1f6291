/**
 * Handlers of the Marathon services (Apps, Tasks, Pods, Queue, Deployments,
 * Groups): the same operations as /v2, through the same core functions and
 * the same /v2 renderers. Requests and replies are /v2 JSON shapes typed by
 * the generated messages (lib/client/proto/); lib/client/grpc-proto.ts maps
 * them to and from the typed wire messages.
 */
import type * as grpc from '@grpc/grpc-js';
import { MarinaError } from '../../../../lib/errors';
import { underPrefix } from '../../../../lib/auth/identity';
import { maskAppEnvs } from '../../../../lib/secrets';
import { messageType } from '../../../../lib/client/proto-json';
import type { AllocatorCore } from '../../core';
import { appAtVersion, appTasks, appVersions, createApp, deleteApp, getApp, listApps, restartApp, scaleApp, updateApp, type DeployReply } from '../../deploy/apps';
import { launchQueue, resetLaunchDelay } from '../../deploy/launch-queue';
import { deploymentsOf } from '../../deploy/deployments/record';
import { revertDeployment } from '../../deploy/deployments/revert';
import { applyChanges, changeOf, previewRecord } from '../../deploy/deployments/apply';
import type { SpecChange } from '../../deploy/deployments/plan';
import { listVersions } from '../../deploy/versions';
import { parseEmbeds, renderApp, renderAppDefinition, renderTask } from '../marathon-v2/render';
import { renderDeployment } from '../marathon-v2/render/deployment';
import { renderQueued } from '../marathon-v2/queue';
import { killAppTasks, killTasksById } from '../marathon-v2/tasks';
import { createPod, deletePod, getPod, listPods, podStatus, podStatusOf, updatePod } from '../marathon-v2/pod-ops';
import { groupExists, groupVersions, membersOf, parseGroupEmbeds, renderGroup } from '../marathon-v2/groups/tree';
import { groupChanges } from '../marathon-v2/groups/update';
import { callIdentity } from '../../auth/grpc-guard';
import { unaryHandler } from './errors';
import type { CreateAppRequest__Output } from '../../../../lib/client/proto/marina/v1/CreateAppRequest';
import type { UpdateAppRequest__Output } from '../../../../lib/client/proto/marina/v1/UpdateAppRequest';
import type { GetAppRequest__Output } from '../../../../lib/client/proto/marina/v1/GetAppRequest';
import type { ListAppsRequest__Output } from '../../../../lib/client/proto/marina/v1/ListAppsRequest';
import type { ScaleAppRequest__Output } from '../../../../lib/client/proto/marina/v1/ScaleAppRequest';
import type { AppIdRequest__Output } from '../../../../lib/client/proto/marina/v1/AppIdRequest';
import type { AppVersionRequest__Output } from '../../../../lib/client/proto/marina/v1/AppVersionRequest';
import type { KillAppTasksRequest__Output } from '../../../../lib/client/proto/marina/v1/KillAppTasksRequest';
import type { ListTasksRequest__Output } from '../../../../lib/client/proto/marina/v1/ListTasksRequest';
import type { KillTasksRequest__Output } from '../../../../lib/client/proto/marina/v1/KillTasksRequest';
import type { PodRequest__Output } from '../../../../lib/client/proto/marina/v1/PodRequest';
import type { PodIdRequest__Output } from '../../../../lib/client/proto/marina/v1/PodIdRequest';
import type { ResetDelayRequest__Output } from '../../../../lib/client/proto/marina/v1/ResetDelayRequest';
import type { DeleteDeploymentRequest__Output } from '../../../../lib/client/proto/marina/v1/DeleteDeploymentRequest';
import type { GetGroupRequest__Output } from '../../../../lib/client/proto/marina/v1/GetGroupRequest';
import type { GroupWriteRequest__Output } from '../../../../lib/client/proto/marina/v1/GroupWriteRequest';
import type { GroupIdRequest__Output } from '../../../../lib/client/proto/marina/v1/GroupIdRequest';

type Obj = Record<string, unknown>;
type Impl = grpc.UntypedServiceImplementation;

/** App env as written only for callers that may write the app (as the /v2 preSerialization hook). */
function masked<T>(call: object, payload: T): T {
  const id = callIdentity(call);
  if (!id || id.role === 'admin') return payload;
  const mayWrite = id.role === 'deployer' ? (appId: string) => underPrefix(appId, id.prefixes ?? []) : () => false;
  return maskAppEnvs(payload, mayWrite) as T;
}

/** The definition a request carries: the lists and maps field_mask names (top level) are taken even when empty. */
export function withMask(message: string, body: Obj | undefined, mask: { paths?: string[] } | null | undefined): Obj {
  const out: Obj = { ...(body ?? {}) };
  const type = messageType(message);
  for (const path of mask?.paths ?? []) {
    const field = type.fields[path.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())]; // proto or json name
    if (!field) throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details: [{ path: '/fieldMask', errors: [`unknown field ${JSON.stringify(path)}`] }] });
    if (out[field.name] === undefined && (field.map || field.repeated)) out[field.name] = field.map ? {} : [];
  }
  return out;
}

const result = (r: DeployReply) => ({ deploymentId: r.deploymentId, version: r.version });

export function appsService(core: AllocatorCore): Impl {
  const { view } = core.ctx;
  const written = (call: object, r: DeployReply) => ({ ...result(r), ...(r.app ? { app: masked(call, { ...renderApp(r.app, view, false), deployments: [{ id: r.deploymentId }] }) } : {}) });
  return {
    Create: unaryHandler(async (req: CreateAppRequest__Output, call) => written(call, await createApp(core, withMask('App', req.app as Obj, req.fieldMask), { force: !!req.force }))),
    Get: unaryHandler(async (req: GetAppRequest__Output, call) => ({ app: masked(call, renderApp(await getApp(core, req.id ?? ''), view, parseEmbeds(req.embed, true))) })),
    List: unaryHandler(async (req: ListAppsRequest__Output, call) => ({ apps: masked(call, listApps(core, req.id ?? '').map((a) => renderApp(a, view, parseEmbeds(req.embed, false)))) })),
    Update: unaryHandler(async (req: UpdateAppRequest__Output, call) => written(call, await updateApp(core, req.id ?? '', withMask('App', req.app as Obj, req.fieldMask), { force: !!req.force }))),
    Scale: unaryHandler(async (req: ScaleAppRequest__Output) => result(await scaleApp(core, req.id ?? '', req.instances ?? 0, { force: !!req.force }))),
    Restart: unaryHandler(async (req: AppIdRequest__Output) => result(await restartApp(core, req.id ?? '', { force: !!req.force }))),
    Delete: unaryHandler(async (req: AppIdRequest__Output) => result(await deleteApp(core, req.id ?? '', { force: !!req.force }))),
    ListVersions: unaryHandler(async (req: AppIdRequest__Output) => ({ versions: await appVersions(core, req.id ?? '') })),
    GetVersion: unaryHandler(async (req: AppVersionRequest__Output, call) => ({ app: masked(call, renderAppDefinition(await appAtVersion(core, req.id ?? '', req.version ?? ''))) })),
    ListTasks: unaryHandler(async (req: AppIdRequest__Output) => ({ tasks: (await appTasks(core, req.id ?? '')).map(renderTask) })),
    KillTasks: unaryHandler(async (req: KillAppTasksRequest__Output) => {
      const r = (await killAppTasks(core, req.id ?? '', req.taskId || undefined, { scale: !!req.scale, host: req.host || undefined })) as Obj;
      if ('deploymentId' in r) return { deployment: r };
      return { tasks: r.tasks ?? [r.task] };
    }),
  };
}

export function tasksService(core: AllocatorCore): Impl {
  return {
    List: unaryHandler(async (req: ListTasksRequest__Output) => {
      const status = req.status ?? '';
      return { tasks: [...core.ctx.view.tasks.values()].filter((t) => !status || t.state === `TASK_${status.toUpperCase()}`).map(renderTask) };
    }),
    Kill: unaryHandler(async (req: KillTasksRequest__Output) => ({ tasks: (await killTasksById(core, req.ids ?? [], !!req.scale)).map(renderTask) })),
  };
}

export function podsService(core: AllocatorCore): Impl {
  return {
    Create: unaryHandler(async (req: PodRequest__Output, call) => {
      const r = await createPod(core, withMask('Pod', req.pod as Obj, req.fieldMask), { force: !!req.force });
      return { pod: masked(call, r.pod), deploymentId: r.deploymentId };
    }),
    Get: unaryHandler(async (req: PodIdRequest__Output, call) => ({ pod: masked(call, await getPod(core, req.id ?? '')) })),
    List: unaryHandler(async (_req: unknown, call) => ({ pods: masked(call, listPods(core)) })),
    Update: unaryHandler(async (req: PodRequest__Output, call) => {
      const body = withMask('Pod', req.pod as Obj, req.fieldMask);
      const r = await updatePod(core, String(body.id ?? ''), body, { force: !!req.force });
      return { pod: masked(call, r.pod), deploymentId: r.deploymentId };
    }),
    Delete: unaryHandler(async (req: PodIdRequest__Output) => result(await deletePod(core, req.id ?? '', { force: !!req.force }))),
    Status: unaryHandler(async (req: PodIdRequest__Output, call) => ({ status: masked(call, await podStatus(core, req.id ?? '')) })),
  };
}

export function queueService(core: AllocatorCore): Impl {
  return {
    List: unaryHandler(async (_req: unknown, call) => {
      const now = Date.now();
      return { queue: masked(call, launchQueue(core.ctx, now).map((q) => renderQueued(q, now))) };
    }),
    ResetDelay: unaryHandler(async (req: ResetDelayRequest__Output) => {
      await resetLaunchDelay(core.ctx, core.deployer, req.appId ?? '');
      return {};
    }),
  };
}

export function deploymentsService(core: AllocatorCore): Impl {
  return {
    List: unaryHandler(async () => ({ deployments: deploymentsOf(core.ctx.view).map(renderDeployment) })),
    Delete: unaryHandler(async (req: DeleteDeploymentRequest__Output) => {
      const r = await revertDeployment(core, req.id ?? '', !!req.force);
      return r ? { deployment: { deploymentId: r.deploymentId, version: r.version } } : {};
    }),
  };
}

/** `""`, `/`, `shop/` → `/`, `/shop`. */
function groupId(raw: string | undefined): string {
  return '/' + (raw ?? '').replace(/^\/+|\/+$/g, '');
}

export function groupsService(core: AllocatorCore): Impl {
  const { view } = core.ctx;
  const existing = async (id: string) => {
    if (groupExists(view, id)) return;
    // another replica may have created its first app a moment ago (read-your-writes, as /v2/groups)
    await view.waitFor(await core.ctx.store.currentRevision());
    if (!groupExists(view, id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist`);
  };
  const deployed = (r: { deploymentId: string; version: string }) => ({ deployment: { deploymentId: r.deploymentId, version: r.version } });
  return {
    Get: unaryHandler(async (req: GetGroupRequest__Output, call) => {
      const id = groupId(req.id);
      await existing(id);
      return { group: masked(call, renderGroup(view, id, parseGroupEmbeds(req.embed), (a) => podStatusOf(view, a))) };
    }),
    Create: unaryHandler(async (req: GroupWriteRequest__Output) => {
      const g = groupChanges(core.ctx, undefined, req.group ?? {});
      if (groupExists(view, g.id)) throw new MarinaError('MARINA_ERR_CONFLICT', `Group ${g.id} is already created. Use PUT to change this group.`);
      return deployed(await applyChanges(core, g.changes, { force: !!req.force }));
    }),
    Update: unaryHandler(async (req: GroupWriteRequest__Output) => {
      const g = groupChanges(core.ctx, req.id ? groupId(req.id) : undefined, req.group ?? {});
      if (req.dryRun) return { steps: previewRecord(g.changes).steps };
      return deployed(await applyChanges(core, g.changes, { force: !!req.force }));
    }),
    Delete: unaryHandler(async (req: GroupIdRequest__Output) => {
      const id = groupId(req.id);
      if (!groupExists(view, id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist`);
      const changes = membersOf(view, id).map((a) => changeOf(a, null)).filter((c): c is SpecChange => c !== undefined);
      return deployed(await applyChanges(core, changes, { force: !!req.force }));
    }),
    ListVersions: unaryHandler(async (req: GroupIdRequest__Output) => {
      const id = groupId(req.id);
      await existing(id);
      return { versions: groupVersions(view, id, (appId) => listVersions(view, appId)) };
    }),
  };
}
