/**
 * The trace's policy hop (issue 11): `why` (lib/policy/evaluate.ts) for FROM
 * and each destination app, after VIP DNAT (a VIP's backends are checked as
 * their own app, as the hosts enforce it), on the port the target's socket
 * listens on (a task's own port). One verdict per destination app.
 */
import type { Hop, L4 } from '../../../lib/trace/types';
import { resolveEndpoint, why, type Endpoint, type PolicyWorld, type WhyAnswer } from '../../../lib/policy/evaluate';
import type { From, Target, TraceView } from './resolve';

export function policyHop(view: TraceView, from: From, targets: Target[], proto: L4): Hop {
  const world: PolicyWorld = { policies: view.policies ?? new Map(), apps: view.apps, tasks: view.tasks };
  if (!view.policies || view.policies.size === 0) return { hop: 'policy', status: 'ok', summary: 'no policy' };
  const hostIp = view.agents.get(from.agentId)?.ip;
  const source: Endpoint | undefined = from.taskId ? resolveEndpoint(world, from.taskId) : hostIp ? { given: from.spec, kind: 'ip', ips: [hostIp] } : undefined;
  if (!source) return { hop: 'policy', status: 'ok', summary: 'FROM is not in the model: policy not evaluated' };
  const answers: WhyAnswer[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const dest = resolveEndpoint(world, t.taskId);
    const key = `${dest?.app?.id ?? t.taskId}:${t.listenPort}`;
    if (!dest || seen.has(key)) continue;
    seen.add(key);
    answers.push(why(world, source, { ...dest, given: dest.app?.id ?? t.taskId }, t.listenPort, proto));
  }
  if (answers.length === 0) return { hop: 'policy', status: 'ok', summary: 'no target task to evaluate policy for' };
  const denied = answers.find((a) => a.verdict === 'deny');
  const base = { hop: 'policy' as const, expected: { verdicts: answers.map((a) => ({ to: a.to, port: a.port, verdict: a.verdict, ...(a.policy ? { policy: a.policy } : {}), ...(a.rule !== undefined ? { rule: a.rule } : {}) })) }, details: answers.map((a) => `${a.to}:${a.port}/${a.protocol}: ${a.verdict}: ${a.reason}`) };
  return denied ? { ...base, status: 'fail', summary: denied.reason } : { ...base, status: 'ok', summary: answers[0].reason };
}
