/**
 * Virtual networks: POST/GET/DELETE /v1/networks. Marathon has no networks
 * resource (its RAML lists apps, deployments, events, groups, info, leader,
 * plugins, pods, queue, tasks), so this is a Marina extra and lives under
 * /v1; /v2/networks stays as an alias because existing CLIs, agents
 * (ipam/allocator-lookup) and scripts call it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { createNetwork, deleteNetwork, parseNetwork } from '../../alloc/networks';

type Req = FastifyRequest<{ Params: Record<string, string> }>;

export function networkRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { ctx } = core;
  for (const base of ['/v1/networks', '/v2/networks']) {
    app.post(base, async (req: Req, reply: FastifyReply) => {
      const net = await createNetwork(ctx, parseNetwork(req.body));
      return reply.code(201).header('Location', `${base}/${net.name}`).send(net);
    });
    app.get(base, async () => ({ networks: [...ctx.view.networks.values()] }));
    app.get(`${base}/:name`, async (req: Req) => {
      const net = ctx.view.networks.get(req.params.name);
      if (!net) throw new MarinaError('MARINA_ERR_NOT_FOUND', `network ${req.params.name} does not exist`);
      return net;
    });
    app.delete(`${base}/:name`, async (req: Req) => {
      await deleteNetwork(ctx, req.params.name);
      return { deleted: req.params.name };
    });
  }
}
