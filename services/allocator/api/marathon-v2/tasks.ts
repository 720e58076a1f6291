/**
 * Marathon's /v2/tasks (list, `status` filter, bulk kill) and the kill of an
 * app's tasks (DELETE /v2/apps/{id}/tasks[/{taskId}]), in Marathon's task
 * shape; Marina's full task objects are on /v1/tasks (marina-v1/tasks.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import type { Task } from '../../../../lib/model/cluster';
import { renderTask } from './render';
import { flag, requireObject } from './body';

type Req = FastifyRequest<{ Querystring: Record<string, string | undefined> }>;

/** Kill one task or all of an app's (optionally on one host); scale=true lowers instances. */
export async function killAppTasks(core: AllocatorCore, appId: string, taskId: string | undefined, o: { scale: boolean; host?: string }) {
  const ids = taskId ? [taskId] : core.ctx.view.tasksOf(appId).filter((t) => !o.host || t.host === o.host).map((t) => t.id);
  const res = await core.deployer.killTasks(appId, ids, o.scale);
  if (o.scale) return { deploymentId: res.deploymentId, version: res.version };
  return taskId ? { task: renderTask(res.tasks[0]) } : { tasks: res.tasks.map(renderTask) };
}

/** Kill tasks of any apps by id (404 "Task '<id>' does not exist" for an unknown one, before any is killed). */
export async function killTasksById(core: AllocatorCore, taskIds: string[], scale: boolean): Promise<Task[]> {
  const byApp = new Map<string, string[]>();
  for (const id of taskIds) {
    const t = core.ctx.view.tasks.get(id);
    if (!t) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Task '${id}' does not exist`);
    byApp.set(t.appId, [...(byApp.get(t.appId) ?? []), id]);
  }
  const out: Task[] = [];
  for (const [appId, ids] of byApp) out.push(...(await core.deployer.killTasks(appId, ids, scale)).tasks);
  return out;
}

export function taskRoutes(app: FastifyInstance, core: AllocatorCore): void {
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
    return { tasks: (await killTasksById(core, body.ids as string[], flag(req.query.scale))).map(renderTask) };
  });
}
