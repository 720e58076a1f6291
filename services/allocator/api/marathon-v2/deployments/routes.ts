/**
 * Marathon's /v2/deployments: the deployments in flight, and DELETE of one:
 * a revert (200, the new deployment's `{deploymentId, version}`) or, with
 * `?force=true`, a cancel (202, no body). Unknown ids: 404 "DeploymentPlan
 * <id> does not exist".
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { deploymentsOf } from '../../../deploy/deployments/record';
import { revertDeployment } from '../../../deploy/deployments/revert';
import { renderDeployment } from '../render/deployment';
import { flag } from '../body';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>;

export function deploymentRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v2/deployments', async () => deploymentsOf(core.ctx.view).map(renderDeployment));

  app.delete('/v2/deployments/:id', async (req: Req, reply: FastifyReply) => {
    const res = await revertDeployment(core, req.params.id, flag(req.query.force));
    if (!res) return reply.code(202).send();
    return { deploymentId: res.deploymentId, version: res.version };
  });
}
