/** GET/POST /v1/policies, GET/PUT/DELETE /v1/policies/{id}: versioned writes; host-mode warnings in the answer. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Policy } from '../../../../../lib/model/policy';
import type { AllocatorCore } from '../../../core';
import { checkPolicy, deletePolicy, getPolicy, listPolicies, warningsFor, writePolicy } from '../../../policies/store';

type Req = FastifyRequest<{ Params: { id: string } }>;

/** The policy, plus `warnings` when there are any (host-mode apps it cannot isolate). */
export function withWarnings(policy: Policy, warnings: string[]): Policy & { warnings?: string[] } {
  return warnings.length > 0 ? { ...policy, warnings } : policy;
}

export function crudRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { ctx } = core;
  app.get('/v1/policies', async () => ({ policies: listPolicies(ctx) }));

  app.post('/v1/policies', async (req: FastifyRequest, reply: FastifyReply) => {
    const w = await writePolicy(ctx, checkPolicy(ctx, req.body), 'create');
    return reply.code(201).header('Location', `/v1/policies/${w.policy.id}`).send(withWarnings(w.policy, w.warnings));
  });

  app.get('/v1/policies/:id', async (req: Req) => {
    const p = getPolicy(ctx, req.params.id);
    return withWarnings(p, warningsFor(ctx, p));
  });

  // create or replace (a new version either way)
  app.put('/v1/policies/:id', async (req: Req, reply: FastifyReply) => {
    const w = await writePolicy(ctx, checkPolicy(ctx, req.body, req.params.id), 'put');
    return reply.code(w.created ? 201 : 200).send(withWarnings(w.policy, w.warnings));
  });

  app.delete('/v1/policies/:id', async (req: Req) => {
    const p = await deletePolicy(ctx, req.params.id);
    return { id: p.id, deleted: true, version: p.version };
  });
}
