/** GET /v1/policies/{id}/versions (newest first) and /versions/{version}, as an app's versions. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { getPolicyVersion, listPolicyVersions } from '../../../policies/store';

type Req = FastifyRequest<{ Params: { id: string; version: string } }>;

export function versionRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v1/policies/:id/versions', async (req: Req) => ({ versions: listPolicyVersions(core.ctx, req.params.id) }));
  app.get('/v1/policies/:id/versions/:version', async (req: Req) => getPolicyVersion(core.ctx, req.params.id, req.params.version));
}
