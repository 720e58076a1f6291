/** The stats page's VIP rows: the table's services with kernel (conntrack) or userspace counters. */
import type { VipTable } from '../model/vip-table';
import type { MemberRow, ServiceRow } from '../model/service-rows';
import type { L4Stats } from '../backends/backend';
import type { ConnCounts } from './conntrack-count';

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
