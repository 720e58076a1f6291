/** Marina's own HTTP API: /v1/networks (and its /v2 alias), /v1/tasks, /v1/agents, /v1/alloc/*, /v1/alloc/gc, /v1/trace, /v1/policies, /v1/map, /v1/programming-latency. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { listAllocations, parseKind } from '../../alloc/inventory';
import { collectGarbage } from '../../lifecycle/gc';
import { flag } from '../marathon-v2/body';
import { mapRoutes } from './map';
import { networkRoutes } from './networks';
import { taskRoutes } from './tasks';
import { taskLogRoutes } from './task-logs';
import { traceRoutes } from './trace';
import { policyRoutes } from './policies/routes';

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>;

export function marinaRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { ctx } = core;

  networkRoutes(app, core);
  taskRoutes(app, core);
  taskLogRoutes(app, core);
  traceRoutes(app, core);
  policyRoutes(app, core);
  mapRoutes(app, core);

  // the watchers' network-programming latency as they last reported it (Watch.ReportProgrammingLatency): the map's panel
  app.get('/v1/programming-latency', async () => ({ components: core.programming.list() }));

  app.get('/v1/agents', async () => ({
    agents: [...ctx.view.agents.values()].map((a) => ({ ...a, tasks: [...ctx.view.tasks.values()].filter((t) => t.agentId === a.id).length })),
  }));
  app.get('/v1/agents/:id', async (req: Req) => {
    const agent = ctx.view.agents.get(req.params.id);
    if (!agent) throw new MarinaError('MARINA_ERR_NOT_FOUND', `agent ${req.params.id} does not exist`);
    return agent;
  });

  app.post('/v1/alloc/gc', async (req: Req) => collectGarbage(ctx, flag(req.query.dryRun) || flag(req.query['dry-run'])));
  app.get('/v1/alloc/:kind', async (req: Req) => ({
    revision: ctx.view.revision,
    allocations: listAllocations(ctx, {
      kind: parseKind(req.params.kind),
      agentId: req.query.agent,
      network: req.query.network,
      taskId: req.query.task,
    }),
  }));
  app.get('/v1/alloc', async (req: Req) => ({
    revision: ctx.view.revision,
    allocations: listAllocations(ctx, { agentId: req.query.agent, network: req.query.network, taskId: req.query.task }),
  }));
}
