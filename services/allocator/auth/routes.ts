/** Marina /v1/tokens: create, list and revoke API tokens (admin only, see http-policy.ts). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../lib/errors';
import type { ApiAuth } from './api-auth';
import { parseTokenSpec } from './tokens';

export function tokenRoutes(app: FastifyInstance, auth: ApiAuth): void {
  app.post('/v1/tokens', async (req, reply) => {
    const { token, record } = await auth.tokens.create(parseTokenSpec(req.body));
    return reply.code(201).send({ token, ...record });
  });
  app.get('/v1/tokens', async () => ({ tokens: await auth.tokens.list() }));
  app.delete('/v1/tokens/:id', async (req: FastifyRequest<{ Params: { id: string } }>) => {
    if (!(await auth.tokens.revoke(req.params.id))) throw new MarinaError('MARINA_ERR_NOT_FOUND', `token ${req.params.id} does not exist`);
    return { id: req.params.id, revoked: true };
  });
}
