/** GET /v1/policies/{id}/status: per host, programmed or not, with its counters (policies/status.ts). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { policyStatus } from '../../../policies/status';

export function statusRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v1/policies/:id/status', async (req: FastifyRequest<{ Params: { id: string } }>) => policyStatus(core.ctx, req.params.id));
}
