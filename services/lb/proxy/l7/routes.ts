/**
 * Edge routes from Marathon-LB labels (app labels, n = port index):
 * HAPROXY_GROUP, HAPROXY_{n}_ENABLED, HAPROXY_{n}_MODE (tcp|http),
 * HAPROXY_{n}_VHOST (comma list), HAPROXY_{n}_PATH (prefix),
 * HAPROXY_{n}_BALANCE (roundrobin|leastconn), HAPROXY_{n}_STICKY,
 * HAPROXY_{n}_REDIRECT_TO_HTTPS. Strict mode (marathon-lb --strict-mode)
 * serves a port only with HAPROXY_{n}_ENABLED=true.
 */
import type { AppDefinition } from '../../../../lib/model/app';
import { isServing } from '../../../../lib/model/cluster';
import type { ClusterSnapshot } from '../../../../lib/feed/feed';
import { backendAddress } from '../../model/vip-table';

export type Balance = 'roundrobin' | 'leastconn' | 'source';

const BALANCES: readonly Balance[] = ['roundrobin', 'leastconn', 'source'];

/** HAPROXY_{n}_BALANCE: roundrobin (default and for unknown values), leastconn, source (client-IP hash). */
export function parseBalance(label: string | undefined): Balance {
  const b = (label ?? '').trim().toLowerCase() as Balance;
  return BALANCES.includes(b) ? b : 'roundrobin';
}

export interface EdgeRoute {
  appId: string;
  portIndex: number;
  servicePort?: number;
  mode: 'tcp' | 'http';
  vhosts: string[];
  path?: string;
  balance: Balance;
  sticky: boolean;
  redirectToHttps: boolean;
  /** Requests per second per client IP and for the whole app (shared through Redis); 0 = none. */
  rateLimitClient: number;
  rateLimitApp: number;
  backends: Array<{ ip: string; port: number; taskId: string }>;
}

export interface RouteOptions {
  group: string;
  strict: boolean;
  localAgentId?: string;
}

function servicePortOf(app: AppDefinition, n: number): number | undefined {
  const p = app.portDefinitions?.[n]?.port ?? app.container?.portMappings?.[n]?.servicePort;
  return p && p > 0 ? p : undefined;
}

function portCount(app: AppDefinition): number {
  return app.portDefinitions?.length ?? app.container?.portMappings?.length ?? 0;
}

const truthy = (v: string | undefined) => v !== undefined && ['true', '1', 'yes'].includes(v.toLowerCase());

/** Every route the edge serves, from the cluster view. */
export function buildRoutes(view: Pick<ClusterSnapshot, 'apps' | 'tasks' | 'agents'>, opts: RouteOptions): EdgeRoute[] {
  const routes: EdgeRoute[] = [];
  const tasksByApp = new Map<string, typeof view.tasks extends Map<string, infer T> ? T[] : never>();
  for (const t of view.tasks.values()) tasksByApp.set(t.appId, [...(tasksByApp.get(t.appId) ?? []), t]);
  for (const app of view.apps.values()) {
    const labels = app.labels ?? {};
    const groups = (labels.HAPROXY_GROUP ?? 'external').split(',').map((s) => s.trim());
    if (!groups.includes(opts.group)) continue;
    const tasks = tasksByApp.get(app.id) ?? [];
    const n = Math.max(portCount(app), ...tasks.map((t) => t.ports.length));
    for (let i = 0; i < n; i++) {
      const l = (k: string) => labels[`HAPROXY_${i}_${k}`];
      const enabled = l('ENABLED');
      if (opts.strict ? !truthy(enabled) : enabled !== undefined && !truthy(enabled)) continue;
      const vhosts = (l('VHOST') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      const servicePort = tasks.find((t) => t.ports[i]?.servicePort)?.ports[i].servicePort ?? servicePortOf(app, i);
      const backends = tasks.filter(isServing).flatMap((t) => {
        const a = backendAddress(t, i, view.agents, { localAgentId: opts.localAgentId });
        return a ? [{ ...a, taskId: t.id }] : [];
      });
      routes.push({
        appId: app.id,
        portIndex: i,
        servicePort,
        mode: (l('MODE') ?? (vhosts.length > 0 ? 'http' : 'tcp')).toLowerCase() === 'http' ? 'http' : 'tcp',
        vhosts,
        path: l('PATH') || undefined,
        balance: parseBalance(l('BALANCE')),
        sticky: truthy(l('STICKY')),
        redirectToHttps: truthy(l('REDIRECT_TO_HTTPS')),
        rateLimitClient: Number(labels.MARINA_LB_RATE_LIMIT_CLIENT) || 0,
        rateLimitApp: Number(labels.MARINA_LB_RATE_LIMIT_APP) || 0,
        backends: backends.sort((a, b) => (a.ip + a.port < b.ip + b.port ? -1 : 1)),
      });
    }
  }
  return routes;
}

/** The vhost route for a request: exact host, then the longest path prefix. */
export function matchVhost(routes: EdgeRoute[], host: string, path: string): EdgeRoute | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  let best: EdgeRoute | undefined;
  for (const r of routes) {
    if (!r.vhosts.includes(h)) continue;
    if (r.path && !path.startsWith(r.path)) continue;
    if (!best || (r.path?.length ?? 0) > (best.path?.length ?? 0)) best = r;
  }
  return best;
}
