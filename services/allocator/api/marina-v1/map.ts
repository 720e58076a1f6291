/**
 * The cluster map's data (docs/ui.md): GET /v1/map, one snapshot of what
 * the page draws (no env anywhere), and GET /v1/map/tasks/:id, a task's
 * allocations, env with secrets masked for every role, and the route of
 * its logs' tail (task-logs.ts, not for viewers). Reads, so viewers may use them (auth/http-policy.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { listAllocations } from '../../alloc/inventory';
import { clusterMap, taskDetail } from './map-model';
import { podContainerNames } from '../../../../lib/model/pod';

type Req = FastifyRequest<{ Params: { id: string } }>;

export function mapRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { view } = core.ctx;
  app.get('/v1/map', async () => clusterMap({ revision: view.revision, apps: view.apps, tasks: view.tasks, agents: view.agents, networks: view.networks }));
  app.get('/v1/map/tasks/:id', async (req: Req) => {
    const task = view.tasks.get(req.params.id);
    if (!task) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${req.params.id} does not exist`);
    const keys = listAllocations(core.ctx, { taskId: task.id }).map((a) => ({ kind: a.kind, value: a.value, network: a.network }));
    return taskDetail(task, keys, podContainerNames(core.ctx.view.apps.get(task.appId)?.labels));
  });
}
