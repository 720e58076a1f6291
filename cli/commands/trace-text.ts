/** The text form of a trace report (pure): one line per hop, then the verdict. */
import type { TraceReport } from '../../lib/trace/types';

const MARK: Record<string, string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

export function traceText(r: TraceReport): string {
  const from = r.from.taskId ? `task ${r.from.taskId} on ${r.from.agentId}` : `host ${r.from.agentId}`;
  const dest = r.to.ip ? ` (${r.to.ip.includes(':') ? `[${r.to.ip}]` : r.to.ip}:${r.to.port}${r.to.vip ? ', a VIP' : ''})` : '';
  const lines = [`trace ${r.from.spec} → ${r.to.spec}/${r.to.proto}: from ${from}${dest}`];
  const width = Math.max(...r.hops.map((h) => h.hop.length), 6);
  for (const h of r.hops) {
    lines.push(`  ${MARK[h.status] ?? h.status}  ${h.hop.padEnd(width)}  ${h.summary}`);
    for (const d of h.details ?? []) lines.push(`  ${' '.repeat(6 + width)}  ${d}`);
  }
  lines.push(r.ok ? `path works (${r.ms} ms)` : `path broken at hop "${r.failedHop}" (${r.ms} ms)`);
  return lines.join('\n') + '\n';
}
