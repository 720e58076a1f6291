/**
 * Per-host policy status (issue 11): each agent reports what its `inet
 * marina-policy` table holds (Agents.ReportPolicyStatus, lib/model/policy.ts
 * PolicyHostStatus); the latest report per agent is kept under
 * `policystatus/<agentId>` (on the agent's lease), so every replica's view holds it in memory and
 * answers GET /v1/policies/{id}/status, whichever replica the agent reported to.
 */
import { MarinaError } from '../../../lib/errors';
import type { PolicyHostStatus, PolicyOnHost } from '../../../lib/model/policy';
import type { PolicyStatusHost, PolicyStatusView } from '../../../lib/policy/status-view';
import type { AllocatorContext } from '../context';
import { K } from '../state/keys';

/** Policies one report may name: far more than any cluster holds, small enough to bound a report. */
export const MAX_REPORTED_POLICIES = 10_000;


const bad = (path: string, msg: string) => new MarinaError('MARINA_ERR_INVALID', `status_json${path}: ${msg}`, { details: [{ path, errors: [msg] }] });

/** Parse and check a reported status (the agent's own id; bounded size). */
export function parsePolicyStatus(agentId: string, json: string): PolicyHostStatus {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', 'status_json is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad('/', 'expected an object (PolicyHostStatus)');
  const s = v as Partial<PolicyHostStatus>;
  if (s.agentId !== undefined && s.agentId !== agentId) throw bad('/agentId', `names ${JSON.stringify(s.agentId)}, not the reporting agent ${agentId}`);
  if (typeof s.policies !== 'object' || s.policies === null || Array.isArray(s.policies)) throw bad('/policies', 'expected an object keyed by policy id');
  if (Object.keys(s.policies).length > MAX_REPORTED_POLICIES) throw bad('/policies', `more than ${MAX_REPORTED_POLICIES} policies`);
  for (const [id, p] of Object.entries(s.policies)) {
    if (typeof p !== 'object' || p === null || typeof (p as PolicyOnHost).programmed !== 'boolean') throw bad(`/policies/${id}/programmed`, 'expected a boolean');
  }
  return { agentId, revision: Number(s.revision ?? 0), syncedAt: String(s.syncedAt ?? new Date().toISOString()), policies: s.policies };
}

/**
 * Keep an agent's latest report (one put; the view serves reads), on the
 * agent's registration lease: the report goes when the agent does.
 */
export async function recordPolicyStatus(ctx: AllocatorContext, status: PolicyHostStatus): Promise<void> {
  const agent = await ctx.store.get(`${ctx.settings.prefix}/${K.agent(status.agentId)}`);
  if (!agent?.lease) throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', `agent ${status.agentId} is not registered (its lease expired); register again`);
  const revision = await ctx.store.put(`${ctx.settings.prefix}/${K.policyStatus(status.agentId)}`, JSON.stringify(status), { lease: agent.lease });
  await ctx.view.waitFor(revision);
}

/** The latest report of every agent that reported. */
export function reportedStatuses(ctx: AllocatorContext): PolicyHostStatus[] {
  const out: PolicyHostStatus[] = [];
  for (const key of ctx.view.dir('policystatus/')) {
    const s = ctx.view.value<PolicyHostStatus>(key);
    if (s) out.push(s);
  }
  return out;
}

/** GET /v1/policies/{id}/status: every registered or reporting host; one that has not reported the policy is not programmed. */
export function policyStatus(ctx: AllocatorContext, id: string): PolicyStatusView {
  const policy = ctx.view.policies.get(id);
  if (!policy) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Policy '${id}' does not exist`);
  const reports = new Map(reportedStatuses(ctx).map((s) => [s.agentId, s]));
  const agentIds = [...new Set([...ctx.view.agents.keys(), ...reports.keys()])].sort();
  const hosts = agentIds.map((agentId): PolicyStatusHost => {
    const report = reports.get(agentId);
    const on = report?.policies[id];
    if (!report || !on) return { agentId, programmed: false, rules: [], dropped: { packets: 0, bytes: 0 }, ...(report ? { syncedAt: report.syncedAt } : {}) };
    return {
      agentId,
      // a table of an older version is not this policy programmed
      programmed: on.programmed && (on.version === undefined || on.version === policy.version),
      ...(on.version !== undefined ? { version: on.version } : {}),
      rules: on.rules ?? [],
      dropped: on.dropped ?? { packets: 0, bytes: 0 },
      syncedAt: report.syncedAt,
      ...(on.error ? { error: on.error } : {}),
    };
  });
  return { id, ...(policy.version ? { version: policy.version } : {}), hosts };
}
