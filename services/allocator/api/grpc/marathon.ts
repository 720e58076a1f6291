/**
 * Handlers of the Marathon services (Apps, Tasks, Pods, Queue, Deployments,
 * Groups, Info, Leader): the same operations as /v2, through the same core functions and
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
import { parseEmbeds, renderApp, renderAppDefinition, renderTask } from '../marathon-v2/render';
import { renderDeployment } from '../marathon-v2/render/deployment';
import { renderQueued } from '../marathon-v2/queue';
import { killAppTasks, killTasksById } from '../marathon-v2/tasks';
import { createPod, deletePod, getPod, listPods, podStatus, updatePod } from '../marathon-v2/pod-ops';
import { createGroup, deleteGroup, getGroup, getGroupAt, getGroupVersions, groupIdOf, updateGroup } from '../marathon-v2/groups/ops';
import { marathonInfo } from '../marathon-v2/info';
import { abdicate, currentLeader } from '../marathon-v2/leader';
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
import type { GroupVersionRequest__Output } from '../../../../lib/client/proto/marina/v1/GroupVersionRequest';

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

export function groupsService(core: AllocatorCore): Impl {
  const deployed = (r: { deploymentId: string; version: string }) => ({ deployment: { deploymentId: r.deploymentId, version: r.version } });
  return {
    Get: unaryHandler(async (req: GetGroupRequest__Output, call) => ({ group: masked(call, await getGroup(core, groupIdOf(req.id), req.embed)) })),
    Create: unaryHandler(async (req: GroupWriteRequest__Output) => deployed(await createGroup(core, req.group ?? {}, !!req.force))),
    Update: unaryHandler(async (req: GroupWriteRequest__Output) => {
      const r = await updateGroup(core, req.id ? groupIdOf(req.id) : undefined, req.group ?? {}, !!req.force, !!req.dryRun);
      return 'steps' in r ? r : deployed(r);
    }),
    Delete: unaryHandler(async (req: GroupIdRequest__Output) => deployed(await deleteGroup(core, groupIdOf(req.id), !!req.force))),
    ListVersions: unaryHandler(async (req: GroupIdRequest__Output) => ({ versions: await getGroupVersions(core, groupIdOf(req.id)) })),
    GetVersion: unaryHandler(async (req: GroupVersionRequest__Output, call) => ({ group: masked(call, await getGroupAt(core, groupIdOf(req.id), req.version ?? '')) })),
  };
}

/** `marathon_config` → `marathonConfig`, nulls left out: /v2/info's keys as proto-loader names the fields. */
function camelKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(camelKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())] = camelKeys(x);
  return out;
}

/** GET /v2/info (typed MarathonInfo; the proto field names are /v2/info's keys). */
export function infoService(core: AllocatorCore): Impl {
  return { Get: unaryHandler(async () => camelKeys(marathonInfo(core))) };
}

/** GET and DELETE /v2/leader. */
export function leaderService(core: AllocatorCore): Impl {
  return {
    Get: unaryHandler(async () => currentLeader(core)),
    Abdicate: unaryHandler(async () => abdicate(core)),
  };
}
