/**
 * Marathon's /v2/pods: create (201 + Location), list, get, replace (PUT),
 * delete (202), and `::status` for one pod or all, with Marathon's
 * `Marathon-Deployment-Id` header on changes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../core';
import { createPod, deletePod, getPod, listPods, podStatus, podStatuses, updatePod } from './pod-ops';
import { appIdParam } from './body';
import { DEPLOYMENT_HEADER, writeOpts } from './apps';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Record<string, string | undefined> }>;

/** `/g/web::status` → id and whether the status was asked for. */
function podPath(raw: string | undefined): { id: string; status: boolean } {
  const path = (raw ?? '').replace(/\/+$/, '');
  const status = path.endsWith('::status');
  return { id: appIdParam(status ? path.slice(0, -'::status'.length) : path), status };
}

export function podRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v2/pods', async () => listPods(core));

  app.post('/v2/pods', async (req: Req, reply: FastifyReply) => {
    const res = await createPod(core, req.body, writeOpts(req));
    return reply.code(201).header('Location', `/v2/pods${res.pod.id as string}`).header(DEPLOYMENT_HEADER, res.deploymentId).send(res.pod);
  });

  app.get('/v2/pods/*', async (req: Req) => {
    // `/v2/pods/::status` (every pod) lands here too: find-my-way reads `::` in a route as an escaped ':'
    if (req.params['*'] === '::status') return podStatuses(core);
    const p = podPath(req.params['*']);
    return p.status ? podStatus(core, p.id) : getPod(core, p.id);
  });

  app.put('/v2/pods/*', async (req: Req, reply: FastifyReply) => {
    const p = podPath(req.params['*']);
    const res = await updatePod(core, p.id, req.body, writeOpts(req));
    return reply.code(res.created ? 201 : 200).header(DEPLOYMENT_HEADER, res.deploymentId).send(res.pod);
  });

  app.delete('/v2/pods/*', async (req: Req, reply: FastifyReply) => {
    const p = podPath(req.params['*']);
    const res = await deletePod(core, p.id, writeOpts(req));
    return reply.code(202).header(DEPLOYMENT_HEADER, res.deploymentId).send({ deploymentId: res.deploymentId, version: res.version });
  });
}
