/**
 * Marathon's /v2/groups: GET /v2/groups[/{id}] (GroupInfo; 404 "Group
 * '<id>' does not exist") with `embed=group.groups,group.apps,
 * group.apps.tasks,...`, GET /v2/groups/{id}/versions; POST /v2/groups
 * (201; 409 "Group <id> is already created. Use PUT to change this group."),
 * PUT /v2/groups[/{id}] (whole trees, `scaleBy`, `?force`, `?dryRun=true`:
 * `{steps}` of the plan, nothing changed) and DELETE /v2/groups/{id}: one
 * deployment per request, `{version, deploymentId}` with the
 * Marathon-Deployment-Id header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../../lib/errors';
import type { AllocatorCore } from '../../../core';
import { listVersions } from '../../../deploy/versions';
import { podStatusOf } from '../pod-ops';
import { groupExists, groupVersions, membersOf, parseGroupEmbeds, renderGroup } from './tree';
import { groupChanges } from './update';
import { applyChanges, changeOf, previewRecord } from '../../../deploy/deployments/apply';
import type { SpecChange } from '../../../deploy/deployments/plan';
import { DEPLOYMENT_HEADER } from '../apps';
import { flag } from '../body';

type Req = FastifyRequest<{ Params: { '*'?: string }; Querystring: Record<string, string | string[] | undefined> }>;

/** `/shop/web/versions` → group `/shop/web`, versions asked. */
function groupPath(raw: string | undefined): { id: string; versions: boolean } {
  const path = '/' + (raw ?? '').replace(/^\/+|\/+$/g, '');
  const versions = path === '/versions' || path.endsWith('/versions');
  const id = versions ? path.slice(0, -'/versions'.length) || '/' : path;
  return { id, versions };
}

export function groupRoutes(app: FastifyInstance, core: AllocatorCore): void {
  const { view } = core.ctx;
  const get = async (req: Req) => {
    const p = groupPath(req.params['*']);
    if (!groupExists(view, p.id)) {
      // another replica may have created its first app a moment ago (read-your-writes, as for apps)
      await view.waitFor(await core.ctx.store.currentRevision());
      if (!groupExists(view, p.id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${p.id}' does not exist`);
    }
    if (p.versions) return groupVersions(view, p.id, (appId) => listVersions(view, appId));
    return renderGroup(view, p.id, parseGroupEmbeds(req.query.embed), (a) => podStatusOf(view, a));
  };
  app.get('/v2/groups', get);
  app.get('/v2/groups/*', get);

  const result = (reply: FastifyReply, r: { deploymentId: string; version: string }, code = 200) =>
    reply.code(code).header(DEPLOYMENT_HEADER, r.deploymentId).send({ version: r.version, deploymentId: r.deploymentId });

  app.post('/v2/groups', async (req: Req, reply: FastifyReply) => {
    const g = groupChanges(core.ctx, undefined, req.body);
    if (groupExists(view, g.id)) throw new MarinaError('MARINA_ERR_CONFLICT', `Group ${g.id} is already created. Use PUT to change this group.`);
    const r = await applyChanges(core, g.changes, { force: flag(req.query.force) });
    return result(reply.header('Location', `/v2/groups${g.id === '/' ? '' : g.id}`), r, 201);
  });

  const put = async (req: Req, reply: FastifyReply) => {
    const p = groupPath(req.params['*']);
    const g = groupChanges(core.ctx, p.id, req.body);
    if (flag(req.query.dryRun)) return { steps: previewRecord(g.changes).steps };
    return result(reply, await applyChanges(core, g.changes, { force: flag(req.query.force) }));
  };
  app.put('/v2/groups', put);
  app.put('/v2/groups/*', put);

  app.delete('/v2/groups/*', async (req: Req, reply: FastifyReply) => {
    const p = groupPath(req.params['*']);
    if (!groupExists(view, p.id)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${p.id}' does not exist`);
    const changes = membersOf(view, p.id).map((a) => changeOf(a, null)).filter((c): c is SpecChange => c !== undefined);
    return result(reply, await applyChanges(core, changes, { force: flag(req.query.force) }));
  });
}
