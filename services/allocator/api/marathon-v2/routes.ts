/**
 * Marathon's /v2 REST API: apps, tasks, info, ping, deployments. Status
 * codes and shapes follow Marathon (201 + Location on create, 409 duplicate,
 * 422 with per-field details, 404 unknown ids).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { appTasks, createApp, deleteApp, getApp, listApps, updateApp } from '../../deploy/apps';
import { renderApp, renderTask } from './render';
import { appIdParam, flag, requireObject } from './body';
import { eventRoutes } from './events/route';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Record<string, string | undefined> }>;

/** Split `/group/web/tasks/<taskId>` style wildcard paths. */
function route(raw: string | undefined): { appId: string; tasks: boolean; taskId?: string } {
  const path = (raw ?? '').replace(/\/+$/, '');
  const m = /^(.*)\/tasks(?:\/([^/]+))?$/.exec(path);
  if (m && m[1] !== '') return { appId: appIdParam(m[1]), tasks: true, taskId: m[2] };
  return { appId: appIdParam(path), tasks: false };
}

function embedTasks(q: Record<string, string | undefined>): boolean {
  const embed = ([] as string[]).concat((q.embed as unknown as string | string[] | undefined) ?? []);
  return embed.some((e) => e === 'apps.tasks' || e === 'app.tasks' || e === 'tasks');
}

export function marathonRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/ping', async (_req, reply) => reply.type('text/plain').send('pong'));

  app.get('/v2/info', async () => ({
    name: 'marina',
    version: '0.1.0',
    frameworkId: 'marina',
    leader: core.leader.isLeader ? 'self' : null,
    elected: core.leader.isLeader,
    marathon_config: { framework_name: 'marathon', local_port_min: 31000, local_port_max: 32000 },
  }));

  app.get('/v2/deployments', async () => []);

  eventRoutes(app, core);

  app.get('/v2/apps', async (req: Req) => ({ apps: listApps(core, req.query.id ?? '').map((a) => renderApp(a, core.ctx.view, embedTasks(req.query))) }));

  app.post('/v2/apps', async (req: Req, reply: FastifyReply) => {
    const res = await createApp(core, req.body);
    const body = { ...renderApp(res.app!, core.ctx.view, false), deployments: [{ id: res.deploymentId }] };
    return reply.code(201).header('Location', `/v2/apps${res.app!.id}`).send(body);
  });

  app.get('/v2/apps/*', async (req: Req) => {
    const r = route(req.params['*']);
    if (r.tasks) return { tasks: (await appTasks(core, r.appId)).map(renderTask) };
    return { app: renderApp(await getApp(core, r.appId), core.ctx.view, true) };
  });

  app.put('/v2/apps/*', async (req: Req, reply: FastifyReply) => {
    const r = route(req.params['*']);
    requireObject(req.body);
    const res = await updateApp(core, r.appId, req.body);
    if (res.created) {
      return reply.code(201).header('Location', `/v2/apps${r.appId}`).send({ ...renderApp(res.app!, core.ctx.view, false), deployments: [{ id: res.deploymentId }] });
    }
    return { deploymentId: res.deploymentId, version: res.version };
  });

  app.delete('/v2/apps/*', async (req: Req) => {
    const r = route(req.params['*']);
    if (!r.tasks) return deleteApp(core, r.appId);
    const scale = flag(req.query.scale);
    let ids: string[];
    if (r.taskId) ids = [r.taskId];
    else ids = core.ctx.view.tasksOf(r.appId).filter((t) => !req.query.host || t.host === req.query.host).map((t) => t.id);
    const res = await core.deployer.killTasks(r.appId, ids, scale);
    if (scale) return { deploymentId: res.deploymentId, version: res.version };
    return r.taskId ? { task: renderTask(res.tasks[0]) } : { tasks: res.tasks.map(renderTask) };
  });

  app.get('/v2/tasks', async (req: Req) => {
    const status = req.query.status;
    const tasks = [...core.ctx.view.tasks.values()].filter((t) => !status || t.state === `TASK_${status.toUpperCase()}`);
    return { tasks: tasks.map(renderTask) };
  });

  app.post('/v2/tasks/delete', async (req: Req) => {
    const body = requireObject(req.body);
    if (!Array.isArray(body.ids) || !body.ids.every((x) => typeof x === 'string')) {
      throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details: [{ path: '/ids', errors: ['must be an array of task ids'] }] });
    }
    const byApp = new Map<string, string[]>();
    for (const id of body.ids as string[]) {
      const t = core.ctx.view.tasks.get(id);
      if (!t) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Task '${id}' does not exist`);
      byApp.set(t.appId, [...(byApp.get(t.appId) ?? []), id]);
    }
    const scale = flag(req.query.scale);
    const out = [];
    for (const [appId, ids] of byApp) out.push(...(await core.deployer.killTasks(appId, ids, scale)).tasks);
    return { tasks: out.map(renderTask) };
  });
}
