/**
 * GET /v1/tasks[?app=/id]: Marina's own task objects, every field the
 * allocator stores (agentId, ready, desired, network, VIPs, env...), which
 * Marathon's /v2 task shape leaves out.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';

type Req = FastifyRequest<{ Querystring: { app?: string } }>;

export function taskRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v1/tasks', async (req: Req) => {
    const appId = req.query.app;
    if (appId === undefined) return { tasks: [...core.ctx.view.tasks.values()] };
    const id = '/' + appId.replace(/^\/+|\/+$/g, '');
    if (!core.ctx.view.apps.has(id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${id}' does not exist`);
    return { tasks: core.ctx.view.tasksOf(id) };
  });
}
