/**
 * A service row: one VIP or edge route with its backends, state and
 * counters, as data planes report them and the stats page (and `services`
 * in its JSON) shows them. Counters a data plane does not keep are left
 * undefined (shown as "—"): the kernel backends count active connections
 * (conntrack) but no requests or errors.
 */
import type { EdgeRoute } from '../proxy/l7/routes';

export interface MemberRow {
  backend: string;
  /** up | ejected | draining */
  state: string;
  taskId?: string;
  active?: number;
  requests?: number;
  errors?: number;
  ejections?: number;
}

export interface ServiceRow {
  kind: 'vip' | 'edge';
  /** App ids (VIP) or `app port n` (edge). */
  name: string;
  /** What clients connect to: `198.19.250.7:80/tcp`, `:10001 tcp`, `vhost web.example/path`. */
  frontend: string;
  /** ok | no backend (rejecting) | degraded (some ejected) */
  state: string;
  /** roundrobin, leastconn, source, random, affinity … */
  balance: string;
  members: MemberRow[];
}

/** An edge route's row (built-in proxy and HAProxy alike), its members counted by the data plane. */
export function edgeRow(r: EdgeRoute, address: string, members: MemberRow[]): ServiceRow {
  const fronts = [r.servicePort ? `${address}:${r.servicePort} ${r.mode}` : '', r.vhosts.length ? `vhost ${r.vhosts.join(',')}${r.path ?? ''}` : ''].filter(Boolean);
  return { kind: 'edge', name: `${r.appId} port ${r.portIndex}`, frontend: fronts.join('; '), state: rowState(members), balance: r.sticky ? `${r.balance}, sticky` : r.balance, members };
}

/** Row state from its members. */
export function rowState(members: MemberRow[]): string {
  const live = members.filter((m) => m.state !== 'draining');
  if (live.length === 0) return 'no backend';
  return live.some((m) => m.state === 'ejected') ? 'degraded' : 'ok';
}
