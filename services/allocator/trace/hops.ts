/**
 * Judging each hop (pure): what Marina's model expects against what the
 * host holds (the agents' check results). Each function returns one Hop; the
 * trace stops at the first that is not ok.
 */
import { isServing, type Task } from '../../../lib/model/cluster';
import type { DnsResult, Hop, PathDest, PathResult, ProbeResult, TargetResult, VipResult } from '../../../lib/trace/types';
import type { VipService } from '../../lb/model/vip-table';
import type { Target } from './resolve';

const hostPort = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

/** Addresses (A/AAAA) of a DNS answer. */
export function answeredAddresses(r: DnsResult): string[] {
  return r.answers.filter((a) => a.type === 'A' || a.type === 'AAAA').map((a) => a.value);
}

export function dnsHop(name: string, r: DnsResult, expectedIp?: string): Hop {
  const base = { hop: 'dns' as const, expected: expectedIp ? { address: expectedIp } : undefined, actual: r };
  const via = r.server ? ` from ${r.server}` : '';
  if (r.error) return { ...base, status: 'fail', summary: `query for ${name}${via} failed: ${r.error}` };
  const addrs = answeredAddresses(r);
  if (r.rcode !== 'NOERROR') return { ...base, status: 'fail', summary: `${name}: ${r.rcode}${via}${r.rcode === 'NXDOMAIN' ? ' (no running healthy task has this name)' : ''}` };
  if (addrs.length === 0) return { ...base, status: 'fail', summary: `${name}: no address${via} (no running healthy task)` };
  if (expectedIp && !addrs.includes(expectedIp)) return { ...base, status: 'fail', summary: `${name} answers ${addrs.join(', ')}${via}, Marina expects ${expectedIp}` };
  const ttl = Math.min(...r.answers.map((a) => a.ttl));
  return { ...base, status: 'ok', summary: `${name} → ${addrs.join(', ')} (ttl ${ttl}s${via})` };
}

export function vipHop(svc: VipService, r: VipResult): Hop {
  const expected = svc.backends.map((b) => hostPort(b.ip, b.port));
  const base = { hop: 'vip' as const, expected: { vip: svc.key, backends: expected }, actual: r };
  if (r.error) return { ...base, status: 'fail', summary: `could not read the VIP table: ${r.error}` };
  if (r.dataPlane === 'none') return { ...base, status: 'fail', summary: `no Marina VIP table on this host (is marina lb running?)` };
  if (!r.present) return { ...base, status: 'fail', summary: `${svc.key} is not in the ${r.dataPlane} table (expected ${expected.length} backend(s): the lb has not programmed it, or the table was flushed)` };
  if (expected.length === 0) return { ...base, status: 'fail', summary: `${svc.key} has no ready backend: the VIP rejects connections` };
  if (r.backends === undefined) return { ...base, status: 'ok', summary: `${svc.key} present in ${r.dataPlane} (backends kept per client, not read back)` };
  const got = [...r.backends].sort();
  const want = [...expected].sort();
  if (got.join(',') !== want.join(',')) {
    return { ...base, status: 'fail', summary: `${svc.key}: ${r.dataPlane} holds [${got.join(', ')}], the model expects [${want.join(', ')}]` };
  }
  return { ...base, status: 'ok', summary: `${svc.key} → ${want.join(', ')} in ${r.dataPlane}` };
}

/** The first problem on the way to one destination, or undefined. */
function pathProblem(d: PathDest, remoteAgentIp?: string): string | undefined {
  const inside = d.inside;
  if (inside?.error) return `no route from the task's netns to ${d.ip}: ${inside.error}`;
  if (inside?.link && inside.link.state !== undefined && !['UP', 'UNKNOWN'].includes(inside.link.state)) return `${inside.link.dev} in the task's netns is ${inside.link.state}`;
  const host = d.host;
  if (host?.error) return `no route on the host to ${d.ip}: ${host.error}`;
  if (host?.link && host.link.state !== undefined && !['UP', 'UNKNOWN'].includes(host.link.state)) return `${host.link.dev} on the host is ${host.link.state}`;
  const mtuIn = inside?.link?.mtu;
  const mtuOut = host?.link?.mtu;
  if (mtuIn && mtuOut && mtuIn > mtuOut) return `MTU ${mtuIn} on ${inside!.link!.dev} in the task's netns exceeds ${mtuOut} on ${host!.link!.dev}: large packets are lost`;
  if (host?.link?.kind === 'vxlan') {
    if (!d.neigh?.lladdr || d.neigh.state === 'FAILED' || d.neigh.state === 'INCOMPLETE') return `no neighbour entry for next hop ${d.neigh?.ip ?? host.gateway ?? d.ip} on ${host.dev}`;
    if (!d.fdb) return `no FDB entry for ${d.neigh.lladdr} on ${host.dev} (the remote VTEP${remoteAgentIp ? ` ${remoteAgentIp}` : ''} is unknown)`;
    if (remoteAgentIp && d.fdb.dst !== remoteAgentIp) return `FDB entry for ${d.fdb.mac} on ${host.dev} points at ${d.fdb.dst ?? 'nothing'}, the remote host is ${remoteAgentIp}`;
  }
  return undefined;
}

function pathLine(d: PathDest): string {
  const parts: string[] = [];
  if (d.inside) parts.push(`netns dev ${d.inside.dev}${d.inside.gateway ? ` via ${d.inside.gateway}` : ''}${d.inside.link?.mtu ? ` mtu ${d.inside.link.mtu}` : ''}`);
  if (d.host) parts.push(`host dev ${d.host.dev}${d.host.gateway ? ` via ${d.host.gateway}` : ''}${d.host.link?.mtu ? ` mtu ${d.host.link.mtu}` : ''}`);
  if (d.fdb) parts.push(`fdb ${d.fdb.mac} → ${d.fdb.dst}`);
  return `${d.ip}: ${parts.join(', ')}`;
}

export function pathHop(r: PathResult, remote: Map<string, string | undefined>): Hop {
  const base = { hop: 'path' as const, expected: { dests: [...remote].map(([ip, agentIp]) => ({ ip, ...(agentIp ? { remoteHost: agentIp } : {}) })) }, actual: r };
  for (const d of r.dests) {
    const problem = pathProblem(d, remote.get(d.ip));
    if (problem) return { ...base, status: 'fail', summary: problem };
  }
  return { ...base, status: 'ok', summary: r.dests.map(pathLine).join('; ') || 'nothing to route' };
}

export function targetHop(targets: Array<{ target: Target; task?: Task; result: TargetResult }>): Hop {
  const base = { hop: 'target' as const, expected: targets.map((t) => ({ task: t.target.taskId, listen: t.target.listenPort })), actual: targets.map((t) => ({ task: t.target.taskId, state: t.task?.state, ready: t.task?.ready, health: t.task?.healthCheckResults, ...t.result })) };
  if (targets.length === 0) return { ...base, status: 'fail', summary: 'no task is expected at the destination' };
  for (const { target, task, result } of targets) {
    if (!task) return { ...base, status: 'fail', summary: `task ${target.taskId} is gone` };
    if (!isServing(task)) return { ...base, status: 'fail', summary: `task ${task.id} is ${task.state}${task.ready ? '' : ', not ready'}${task.desired === 'stop' ? ', stopping' : ''}` };
    if (result.error) return { ...base, status: 'fail', summary: `could not read the sockets of task ${task.id}: ${result.error}` };
    if (!result.listening) return { ...base, status: 'fail', summary: `nothing listens on port ${target.listenPort} in ${result.where} (task ${task.id})` };
  }
  return { ...base, status: 'ok', summary: targets.map((t) => `${t.target.taskId} listens on ${t.result.sockets[0] ?? t.target.listenPort}`).join('; ') };
}

/** The rules the probe's first packet hit on each host, as `nft@host: rule` lines. */
function traceLines(host: string, rules: string[] | undefined, error: string | undefined): string[] {
  if (rules && rules.length > 0) return rules.map((x) => `nft@${host}: ${x}`);
  return error ? [`nft@${host}: trace unavailable: ${error}`] : [`nft@${host}: no traced packet arrived`];
}

export function probeHop(dest: string, proto: 'tcp' | 'udp', r: ProbeResult, fromHost = 'from', remote: Array<{ agentId: string; rules: string[]; error?: string }> = []): Hop {
  const rules = [...traceLines(fromHost, r.rules, r.traceError), ...remote.flatMap((x) => traceLines(x.agentId, x.rules, x.error))];
  const base = { hop: 'probe' as const, actual: r, ...(rules.length > 0 ? { details: rules } : {}) };
  const chosen = r.chosen ? ` via backend ${r.chosen}` : '';
  if (r.ok) return { ...base, status: 'ok', summary: `${proto} ${dest}: ${r.outcome}${chosen} in ${r.ms} ms` };
  return { ...base, status: 'fail', summary: `${proto} ${dest}: ${r.outcome}${r.error ? ` (${r.error})` : ''}${chosen} after ${r.ms} ms` };
}
