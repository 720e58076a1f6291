/**
 * UDP has no connection end, so conntrack keeps sending a flow to the backend
 * it was first NATed to. When a UDP backend goes away its entries are deleted
 * (`conntrack -D --orig-dst VIP --dst-nat BACKEND`), and when a UDP VIP gets
 * its first backend, the entries created while it had none (rejected, not
 * NATed) are deleted too — kube-proxy's blackhole bug (kubernetes#59368,
 * #108523): without that, a client reusing its source port never recovers.
 */
import { logger } from '../../lib/log';
import { execTool } from './exec';
import type { TableDiff } from './sync/tracker';
import type { VipService } from './model/vip-table';

export interface ConntrackDelete {
  vip: string;
  port: number;
  /** Backend ip whose NATed entries go; undefined = every entry to the VIP. */
  backend?: string;
  family: 4 | 6;
}

/** Which conntrack deletions a diff calls for (pure). */
export function conntrackDeletes(diff: TableDiff): ConntrackDelete[] {
  const out: ConntrackDelete[] = [];
  const gone = (prev: VipService, cur: VipService | undefined) => {
    for (const b of prev.backends) {
      if (!cur?.backends.some((c) => c.ip === b.ip && c.port === b.port)) out.push({ vip: prev.ip, port: prev.port, backend: b.ip, family: prev.family });
    }
  };
  for (const svc of diff.removed) if (svc.proto === 'udp') gone(svc, undefined);
  for (const [prev, cur] of diff.changed) {
    if (cur.proto !== 'udp') continue;
    gone(prev, cur);
    if (prev.backends.length === 0 && cur.backends.length > 0) out.push({ vip: cur.ip, port: cur.port, family: cur.family });
  }
  for (const svc of diff.added) if (svc.proto === 'udp' && svc.backends.length > 0) out.push({ vip: svc.ip, port: svc.port, family: svc.family });
  return out;
}

export function conntrackArgs(d: ConntrackDelete): string[] {
  const args = ['-D', '-f', d.family === 6 ? 'ipv6' : 'ipv4', '-p', 'udp', '--orig-dst', d.vip, '--orig-port-dst', String(d.port)];
  if (d.backend) args.push('--dst-nat', d.backend);
  return args;
}

/** Run the deletions; "0 flow entries" (exit 1) is success. */
export async function flushConntrack(deletes: ConntrackDelete[], netns?: string): Promise<number> {
  const log = logger('lb.conntrack');
  let failures = 0;
  for (const d of deletes) {
    const res = await execTool('conntrack', conntrackArgs(d), { netns });
    if (res.code !== 0 && !/0 flow entries/.test(res.stderr)) {
      failures++;
      log.warn({ vip: d.vip, port: d.port, backend: d.backend, stderr: res.stderr.trim() }, 'conntrack delete failed');
    }
  }
  return failures;
}
