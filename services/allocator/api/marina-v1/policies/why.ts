/** GET /v1/policies/why?from=&to=&port=&protocol=: allow or deny, and the rule that decided (evaluated on the model). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { policyWhy, type WhyQuery } from '../../../policies/why';

export function whyRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v1/policies/why', async (req: FastifyRequest<{ Querystring: WhyQuery }>) => policyWhy(core.ctx.view, req.query));
}
