/**
 * One `marina trace`: resolve FROM and TO, then walk the hops in the order a
 * packet meets them — DNS, VIP, policy, path, target, probe — asking the
 * agents for what their hosts hold, and stop at the first hop that fails.
 * Bad input is a 422 naming the field; an agent without a trace channel a 503.
 */
import { errorMessage, invalid, MarinaError } from '../../../lib/errors';
import { vipFqdn } from '../../../lib/naming';
import { logger } from '../../../lib/log';
import { randomInt } from 'node:crypto';
import type { CheckKind, CheckRequest, CheckResults, Hop, NftraceCheck, TraceReport } from '../../../lib/trace/types';
import { answeredAddresses, dnsHop, pathHop, probeHop, targetHop, vipHop } from './hops';
import { policyHop } from './policy-hop';
import { destinationAt, destinationOfApp, destinationOfIp, resolveFrom, type Destination, type TraceView } from './resolve';
import { parseFrom, parseTo } from './spec';

export interface CheckRunner {
  connected(agentId: string): boolean;
  run<K extends CheckKind>(agentId: string, req: Extract<CheckRequest, { check: K }>, timeoutMs: number): Promise<CheckResults[K]>;
}

export interface TraceRequest {
  from: string;
  to: string;
  /** Per check (and the probe's connect timeout), ms; default 2000. */
  timeoutMs?: number;
}

/** At most this many backends are routed to and asked for their sockets per trace. */
const MAX_TARGETS = 16;

/** A check's result, or the hop failure its not running is. */
type Checked<T> = { result: T } | { failure: Hop };

export function parseTraceRequest(body: unknown): TraceRequest {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const timeoutMs = b.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && (timeoutMs as number) >= 100 && (timeoutMs as number) <= 10_000)) {
    throw invalid([{ path: '/timeoutMs', errors: ['must be an integer from 100 to 10000'] }]);
  }
  return { from: parseFrom(b.from), to: b.to as string, ...(timeoutMs !== undefined ? { timeoutMs: timeoutMs as number } : {}) };
}

/** The VIP address a named-VIP FQDN stands for, when the name is one. */
function vipOfName(view: TraceView, name: string): string | undefined {
  for (const t of view.tasks.values()) for (const v of t.vips) if (v.name && vipFqdn(v.name) === name) return v.ip;
  return undefined;
}

const log = logger('allocator.trace');

const fmt = (ip: string, port: number) => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);

export async function runTrace(view: TraceView, agents: CheckRunner, req: TraceRequest): Promise<TraceReport> {
  const t0 = Date.now();
  const to = parseTo(req.to);
  const from = resolveFrom(view, parseFrom(req.from));
  const timeout = req.timeoutMs ?? 2000;
  if (!agents.connected(from.agentId)) throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${from.agentId} (FROM) has no trace channel to any allocator replica (agent down or reconnecting)`);
  const hops: Hop[] = [];
  const place = from.taskId ? { taskId: from.taskId } : {};
  const report = (dest?: Destination): TraceReport => {
    const failed = hops.find((h) => h.status === 'fail');
    return {
      ok: !failed,
      from: { spec: from.spec, agentId: from.agentId, ...(from.taskId ? { taskId: from.taskId } : {}) },
      to: { spec: req.to, ...(dest ? { ip: dest.ip, vip: dest.vip !== undefined } : {}), port: to.kind === 'app' ? (dest?.port ?? 0) : to.port, proto: to.proto, ...(to.kind === 'dns' ? { name: to.name } : {}) },
      hops,
      ...(failed ? { failedHop: failed.hop } : {}),
      ms: Date.now() - t0,
    };
  };
  /** Run a check; a failure to run it is the hop's failure (pushed only when the hop's turn comes). */
  const check = async <K extends CheckKind>(hop: Hop['hop'], agentId: string, r: Extract<CheckRequest, { check: K }>): Promise<Checked<CheckResults[K]>> => {
    const started = Date.now();
    try {
      return { result: await agents.run(agentId, r, timeout + 3000) };
    } catch (err) {
      return { failure: { hop, status: 'fail', summary: `the ${r.check} check on agent ${agentId} failed: ${errorMessage(err)}` } };
    } finally {
      log.debug({ check: r.check, agentId, ms: Date.now() - started }, 'trace check');
    }
  };
  const passed = (h: Hop) => {
    hops.push(h);
    return h.status === 'ok';
  };
  /** The hop's turn: its result's verdict, or the check's own failure. */
  const passedCheck = <T>(c: Checked<T>, toHop: (r: T) => Hop): boolean => ('failure' in c ? passed(c.failure) : passed(toHop(c.result)));

  let dest: Destination;
  if (to.kind === 'dns') {
    const c = await check('dns', from.agentId, { check: 'dns', name: to.name, ...place });
    const expected = vipOfName(view, to.name);
    if (!passedCheck(c, (r) => dnsHop(to.name, r, expected)) || 'failure' in c) return report();
    const addrs = answeredAddresses(c.result);
    dest = destinationAt(view, from, expected && addrs.includes(expected) ? expected : addrs[0]!, to.port, to.proto);
  } else {
    dest = to.kind === 'ip' ? destinationOfIp(view, from, to) : destinationOfApp(view, from, to);
  }

  // After VIP DNAT: each backend's own app and port, as the hosts enforce policy (decided on the model;
  // without a VIP it is the next hop, judged before any host is asked).
  const policy = policyHop(view, from, dest.targets, dest.proto);
  if (!dest.vip && !passed(policy)) return report(dest);

  const targets = dest.targets.slice(0, MAX_TARGETS);
  const remote = new Map<string, string | undefined>();
  const dests = dest.vip ? targets.map((t) => ({ ip: t.ip, agentId: t.agentId })) : [{ ip: dest.ip, agentId: targets[0]?.agentId }];
  for (const d of dests) remote.set(d.ip, d.agentId && d.agentId !== from.agentId ? view.agents.get(d.agentId)?.ip : undefined);
  // The probe goes from a fixed source port, traced by nftables on FROM's host and on every other target host.
  const sport = 40000 + randomInt(20000);
  const remoteHosts = new Map<string, Array<{ ip: string; port: number }>>();
  for (const t of targets) if (t.agentId !== from.agentId) remoteHosts.set(t.agentId, [...(remoteHosts.get(t.agentId) ?? []), { ip: t.ip, port: t.port }]);
  const destination = dest;
  const nft = (agentId: string, r: Omit<NftraceCheck, 'check' | 'sport' | 'proto'>) => agents.run(agentId, { check: 'nftrace', sport, proto: destination.proto, ...r }, timeout + 3000).catch((err: unknown) => ({ rules: [], error: errorMessage(err) }));
  const stopRemote = () => Promise.all([...remoteHosts.keys()].map(async (agentId) => ({ agentId, ...(await nft(agentId, { action: 'stop' })) })));

  // Once the destination is known, the checks after it need nothing from one another: the VIP table,
  // the path, the targets' sockets and the remote hosts' traces are asked for at once and judged in
  // the packet's order, so the report still stops at the first hop that fails.
  const vipP = dest.vip ? { vip: dest.vip, checked: check('vip', from.agentId, { check: 'vip', ip: dest.ip, port: dest.port, proto: dest.proto }) } : undefined;
  const pathP = check('path', from.agentId, { check: 'path', ...place, dests: [...remote].map(([ip, agentIp]) => ({ ip, ...(agentIp ? { agentIp } : {}) })) });
  const socketsP = Promise.all(targets.map(async (target) => ({ target, task: view.tasks.get(target.taskId), checked: await check('target', target.agentId, { check: 'target', taskId: target.taskId, port: target.listenPort, proto: destination.proto }) })));
  const tracing = Promise.all([...remoteHosts].map(([agentId, ds]) => nft(agentId, { action: 'start', dests: ds })));
  // FROM's host traces the probe too: started now, taken over by the probe check (stopped here if no probe goes)
  const localTrace = nft(from.agentId, { action: 'start', dests: [{ ip: dest.ip, port: dest.port }] });
  /** A hop failed before the probe: let the checks in flight finish and stop the remote traces they started. */
  const stopEarly = async () => {
    await Promise.all([pathP, socketsP, tracing, localTrace]);
    await Promise.all([stopRemote(), nft(from.agentId, { action: 'stop' })]);
    return report(destination);
  };

  if (vipP) {
    if (!passedCheck(await vipP.checked, (r) => vipHop(vipP.vip, r))) return stopEarly();
    if (!passed(policy)) return stopEarly();
  }
  if (!passedCheck(await pathP, (r) => pathHop(r, remote))) return stopEarly();
  const sockets: Parameters<typeof targetHop>[0] = [];
  for (const { target, task, checked } of await socketsP) {
    if ('failure' in checked) {
      passed(checked.failure);
      return stopEarly();
    }
    sockets.push({ target, task, result: checked.result });
  }
  if (!passed(targetHop(sockets))) return stopEarly();
  await Promise.all([tracing, localTrace]);

  const probe = await check('probe', from.agentId, { check: 'probe', ...place, ip: dest.ip, port: dest.port, proto: dest.proto, timeoutMs: timeout, sport });
  const traced = await stopRemote();
  passedCheck(probe, (r) => probeHop(fmt(destination.ip, destination.port), destination.proto, r, from.agentId, traced));
  return report(dest);
}
