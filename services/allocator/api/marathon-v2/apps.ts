/**
 * Marathon's /v2/apps: create (201 + Location), list and get with `embed`,
 * replace / scale / rollback (PUT), delete, restart, versions, and the
 * app's tasks (list, kill). Unknown ids are 404 "App '/x' does not exist".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { appAtVersion, appTasks, appVersions, createApp, deleteApp, getApp, listApps, restartApp, updateApp, type DeployReply } from '../../deploy/apps';
import type { WriteOptions } from '../../deploy/deployments/lock';
import { parseEmbeds, renderApp, renderAppDefinition, renderTask } from './render';
import { appIdParam, flag, requireObject } from './body';
import { killAppTasks } from './tasks';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Record<string, string | undefined> }>;

/** What a path below /v2/apps names: the app, its tasks (or one), its versions (or one), or its restart. */
export type AppPath =
  | { appId: string; kind: 'app' }
  | { appId: string; kind: 'tasks'; taskId?: string }
  | { appId: string; kind: 'versions'; version?: string }
  | { appId: string; kind: 'restart' };

export function appPath(raw: string | undefined): AppPath {
  const path = (raw ?? '').replace(/\/+$/, '');
  const m = /^(.+?)\/(tasks|versions)(?:\/([^/]+))?$/.exec(path);
  if (m) {
    const appId = appIdParam(m[1]);
    return m[2] === 'tasks' ? { appId, kind: 'tasks', taskId: m[3] } : { appId, kind: 'versions', version: m[3] };
  }
  const r = /^(.+)\/restart$/.exec(path);
  if (r) return { appId: appIdParam(r[1]), kind: 'restart' };
  return { appId: appIdParam(path), kind: 'app' };
}

export function appRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { view } = core.ctx;

  app.get('/v2/apps', async (req: Req) => {
    const embeds = parseEmbeds(req.query.embed, false);
    return { apps: listApps(core, req.query.id ?? '').map((a) => renderApp(a, view, embeds)) };
  });

  app.post('/v2/apps', async (req: Req, reply: FastifyReply) => {
    const res = await createApp(core, req.body, writeOpts(req));
    const body = { ...renderApp(res.app!, view, false), deployments: [{ id: res.deploymentId }] };
    return reply.code(201).header('Location', `/v2/apps${res.app!.id}`).header(DEPLOYMENT_HEADER, res.deploymentId).send(body);
  });

  app.get('/v2/apps/*', async (req: Req) => {
    const p = appPath(req.params['*']);
    if (p.kind === 'tasks') return { tasks: (await appTasks(core, p.appId)).map(renderTask) };
    if (p.kind === 'versions') {
      if (p.version === undefined) return { versions: await appVersions(core, p.appId) };
      return renderAppDefinition(await appAtVersion(core, p.appId, p.version));
    }
    if (p.kind === 'restart') return notAllowed(req);
    return { app: renderApp(await getApp(core, p.appId), view, parseEmbeds(req.query.embed, true)) };
  });

  app.put('/v2/apps/*', async (req: Req, reply: FastifyReply) => {
    const p = appPath(req.params['*']);
    if (p.kind !== 'app') return notAllowed(req);
    requireObject(req.body);
    const res = await updateApp(core, p.appId, req.body, writeOpts(req));
    if (res.created) {
      return reply.code(201).header('Location', `/v2/apps${p.appId}`).header(DEPLOYMENT_HEADER, res.deploymentId).send({ ...renderApp(res.app!, view, false), deployments: [{ id: res.deploymentId }] });
    }
    return deploymentResult(reply, res);
  });

  app.post('/v2/apps/*', async (req: Req, reply: FastifyReply) => {
    const p = appPath(req.params['*']);
    if (p.kind !== 'restart') return notAllowed(req);
    return deploymentResult(reply, await restartApp(core, p.appId, writeOpts(req)));
  });

  app.delete('/v2/apps/*', async (req: Req, reply: FastifyReply) => {
    const p = appPath(req.params['*']);
    if (p.kind === 'app') return deploymentResult(reply, await deleteApp(core, p.appId, writeOpts(req)));
    if (p.kind !== 'tasks') return notAllowed(req);
    return killAppTasks(core, p.appId, p.taskId, { scale: flag(req.query.scale), host: req.query.host });
  });
}

/** Marathon's header naming the deployment a change started. */
export const DEPLOYMENT_HEADER = 'Marathon-Deployment-Id';

/** `?force=true` overrides the deployment lock (cancels the deployments in the way). */
export function writeOpts(req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>): WriteOptions {
  return { force: flag(req.query.force) };
}

/** Marathon's DeploymentResult body, with the deployment header. */
function deploymentResult(reply: FastifyReply, r: DeployReply): { deploymentId: string; version: string } {
  reply.header(DEPLOYMENT_HEADER, r.deploymentId);
  return { deploymentId: r.deploymentId, version: r.version };
}

/** A method the path does not take: the same 404 as any unknown route. */
function notAllowed(req: FastifyRequest): never {
  throw new MarinaError('MARINA_ERR_NOT_FOUND', `no route ${req.method} ${req.url}`);
}
