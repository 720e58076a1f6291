/**
 * Marathon's /v2/groups, read side: GET /v2/groups (the root group),
 * GET /v2/groups/{id} (404 "Group '<id>' does not exist") and
 * GET /v2/groups/{id}/versions, with `embed=group.groups,group.apps,
 * group.pods,group.apps.tasks,...`. Group writes are not served yet: they
 * fall to the 404 of an unknown route rather than half of Marathon's plan
 * semantics.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../../lib/errors';
import type { AllocatorCore } from '../../../core';
import { listVersions } from '../../../deploy/versions';
import { podStatusOf } from '../pod-ops';
import { groupExists, groupVersions, parseGroupEmbeds, renderGroup } from './tree';

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
}
