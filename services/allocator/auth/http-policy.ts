/**
 * Authorisation of HTTP routes by role (kube's RBAC verbs, reduced to what
 * Marathon's API needs). The decision uses the route pattern fastify
 * matched, so a new route falls into a rule rather than around it:
 *   - open:      GET /ping (load balancers probe it without credentials) and
 *                GET /ui, /ui/, /ui/:file: the map's static files, which
 *                hold no cluster data (the page sends credentials on every
 *                API call it makes: api/ui/static.ts, docs/ui.md);
 *   - read:      GET/HEAD of anything else: viewer, deployer, admin;
 *   - app write: other methods on /v2/apps, /v2/pods, /v2/groups,
 *                /v2/deployments, /v2/tasks: admin, or a deployer whose
 *                prefixes hold every app id the request touches;
 *   - trace:     POST /v1/trace and /v1/trace/checks (a check another
 *                replica forwards with the caller's credentials, or under
 *                its own certificate naming the caller: replica-peer.ts): admin
 *                and deployer (a trace reads every hop's state but changes
 *                nothing; viewers may not make agents run probes);
 *   - policy write: other methods on /v1/policies: admin, or a deployer
 *                whose prefixes hold every app the policy protects
 *                (policy-scope.ts);
 *   - task logs: GET /v1/tasks/:id/logs, and a forwarded `logs` check on
 *                /v1/trace/checks: admin, or a deployer whose prefixes hold
 *                the task's app (logs can carry secrets: viewers never);
 *   - admin:     everything else (networks, tokens, allocation GC).
 * Agents use gRPC only; their role gets no HTTP route besides /ping.
 */
import { underPrefix, type Identity } from '../../../lib/auth/identity';

export type RouteRule = 'open' | 'read' | 'app-write' | 'policy-write' | 'trace' | 'task-logs' | 'admin';

/** The route patterns of the map's static files (api/ui/static.ts). */
const UI_FILES = new Set(['/ui', '/ui/', '/ui/:file']);

const APP_WRITE = /^\/v2\/(apps|pods|groups|deployments|tasks)(\/|$)/;

export function routeRule(method: string, url: string): RouteRule {
  if ((url === '/ping' || UI_FILES.has(url)) && (method === 'GET' || method === 'HEAD')) return 'open';
  if (url.startsWith('/v1/tokens')) return 'admin';
  if (url === '/v1/tasks/:id/logs' && (method === 'GET' || method === 'HEAD')) return 'task-logs';
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (APP_WRITE.test(url)) return 'app-write';
  if (url === '/v1/policies' || url.startsWith('/v1/policies/')) return 'policy-write';
  if ((url === '/v1/trace' || url === '/v1/trace/checks') && method === 'POST') return 'trace';
  return 'admin';
}

/** Undefined when allowed, else why not (a message for the 403). */
export function deniedByRole(id: Identity, rule: RouteRule): string | undefined {
  if (rule === 'open' || id.role === 'admin') return undefined;
  if (id.role === 'agent') return 'role agent may not use the HTTP API (agents speak gRPC)';
  if (rule === 'read') return undefined;
  if ((rule === 'app-write' || rule === 'policy-write' || rule === 'trace' || rule === 'task-logs') && id.role === 'deployer') return undefined;
  const what = rule === 'admin' ? 'use this admin route' : rule === 'trace' ? 'run traces (admin, deployer)' : rule === 'task-logs' ? "read task logs (admin, or a deployer of the task's app)" : rule === 'policy-write' ? 'change network policies (admin, deployer)' : 'change apps';
  return `role ${id.role} may not ${what}`;
}

/** The app ids a write request touches: the path id and every `id` in the body. */
export function appIdsOf(url: string, wildcard: string | undefined, body: unknown, taskApp: (taskId: string) => string | undefined): string[] {
  const ids: string[] = [];
  if (wildcard !== undefined) ids.push('/' + wildcard.replace(/\/tasks(\/[^/]+)?\/?$/, '').replace(/^\/+|\/+$/g, ''));
  const items = Array.isArray(body) ? body : [body];
  for (const b of items) {
    if (b && typeof b === 'object' && typeof (b as { id?: unknown }).id === 'string') ids.push((b as { id: string }).id);
  }
  if (url === '/v2/tasks/delete' && body && typeof body === 'object' && Array.isArray((body as { ids?: unknown }).ids)) {
    for (const t of (body as { ids: unknown[] }).ids) {
      const app = typeof t === 'string' ? taskApp(t) : undefined;
      if (app) ids.push(app);
    }
  }
  return ids;
}

/** Deployer prefix check: undefined when every id is inside the prefixes. */
export function deniedByPrefix(id: Identity, appIds: string[]): string | undefined {
  if (id.role !== 'deployer') return undefined;
  const outside = appIds.find((a) => !underPrefix(a, id.prefixes ?? []));
  if (outside !== undefined) return `app ${outside} is outside the prefixes of this deployer token (${(id.prefixes ?? []).join(', ')})`;
  return undefined;
}
