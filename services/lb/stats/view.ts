/**
 * The rows of the stats page (and of `services` in the JSON): one per VIP
 * and per edge route, each with its backends, state and counters. Counters
 * a data plane does not keep are left undefined (shown as "—"): the kernel
 * backends count active connections (conntrack) but no requests or errors.
 */
import type { L4BackendStats } from '../proxy/l4/balancer';
import type { VipTable } from '../model/vip-table';
import type { EdgeRoute } from '../proxy/l7/routes';
import type { ConnCounts } from './conntrack-count';

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

/** Per-backend userspace counters: service key → `ip:port` → stats. */
export type L4Stats = Map<string, Map<string, L4BackendStats>>;

export function vipRows(table: VipTable, kernel: ConnCounts | undefined, userspace: L4Stats | undefined): ServiceRow[] {
  const rows: ServiceRow[] = [];
  for (const svc of table.values()) {
    const members = svc.backends.map((b): MemberRow => {
      const k = `${b.ip}:${b.port}`;
      const us = userspace?.get(svc.key)?.get(k);
      if (us) return { backend: k, state: 'up', taskId: b.taskId, active: us.active, requests: us.total, errors: us.errors };
      return { backend: k, state: 'up', taskId: b.taskId, active: kernel ? (kernel.get(svc.key)?.get(k) ?? 0) : undefined };
    });
    const name = svc.name ? `${svc.name} (${svc.appIds.join(', ')})` : svc.appIds.join(', ');
    const balance = svc.affinitySeconds ? `random, client-ip affinity ${svc.affinitySeconds}s` : 'random';
    rows.push({ kind: 'vip', name, frontend: svc.key, state: members.length ? 'ok' : 'no backend (rejecting)', balance, members });
  }
  return rows;
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
