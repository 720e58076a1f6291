/**
 * Marathon's /v2/groups: GET /v2/groups[/{id}] (GroupInfo; 404 "Group
 * '<id>' does not exist") with `embed=group.groups,group.apps,group.pods,
 * group.apps.tasks,...`, GET /v2/groups/{id}/versions[/{version}]; POST
 * /v2/groups (201; 409 "Group <id> is already created. Use PUT to change
 * this group."), PUT /v2/groups[/{id}] (whole trees, `scaleBy`, `version`
 * rollback, `?force`, `?dryRun=true`: `{steps}` of the plan, nothing
 * changed) and DELETE /v2/groups/{id}: one deployment per request,
 * `{version, deploymentId}` with the Marathon-Deployment-Id header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AllocatorCore } from '../../../core';
import { DEPLOYMENT_HEADER } from '../apps';
import { flag } from '../body';
import { createGroup, deleteGroup, getGroup, getGroupAt, getGroupVersions, groupIdOf, updateGroup } from './ops';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Record<string, string | string[] | undefined> }>;

/** `/shop/web/versions` → group `/shop/web`, versions asked; `/shop/versions/<v>` → that version. */
function groupPath(raw: string | undefined): { id: string; versions: boolean; version?: string } {
  const path = groupIdOf(raw);
  const at = /^(.*?)\/versions\/([^/]+)$/.exec(path);
  if (at) return { id: at[1] || '/', versions: true, version: decodeURIComponent(at[2]!) };
  const versions = path === '/versions' || path.endsWith('/versions');
  const id = versions ? path.slice(0, -'/versions'.length) || '/' : path;
  return { id, versions };
}

export function groupRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const get = async (req: Req) => {
    const p = groupPath(req.params['*']);
    if (p.version !== undefined) return getGroupAt(core, p.id, p.version);
    if (p.versions) return getGroupVersions(core, p.id);
    return getGroup(core, p.id, req.query.embed);
  };
  app.get('/v2/groups', get);
  app.get('/v2/groups/*', get);

  const result = (reply: FastifyReply, r: { deploymentId: string; version: string }, code = 200) =>
    reply.code(code).header(DEPLOYMENT_HEADER, r.deploymentId).send({ version: r.version, deploymentId: r.deploymentId });

  app.post('/v2/groups', async (req: Req, reply: FastifyReply) => {
    const r = await createGroup(core, req.body, flag(req.query.force));
    return result(reply.header('Location', `/v2/groups${r.id === '/' ? '' : r.id}`), r, 201);
  });

  const put = async (req: Req, reply: FastifyReply) => {
    const r = await updateGroup(core, groupPath(req.params['*']).id, req.body, flag(req.query.force), flag(req.query.dryRun));
    return 'steps' in r ? r : result(reply, r);
  };
  app.put('/v2/groups', put);
  app.put('/v2/groups/*', put);

  app.delete('/v2/groups/*', async (req: Req, reply: FastifyReply) => result(reply, await deleteGroup(core, groupPath(req.params['*']).id, flag(req.query.force))));
}
