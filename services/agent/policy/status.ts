/**
 * The host's policy status (lib/model/policy.ts PolicyHostStatus) from the
 * table it applied and the counters read back: per policy, its rules'
 * counters summed over the apps it protects on this host, and the drops of
 * those apps' chains (a drop counts for every policy selecting the app).
 */
import type { Policy, PolicyHostStatus, PolicyOnHost, PolicyRuleCounters } from '../../../lib/model/policy';
import type { DesiredPolicyTable } from './desired';
import type { RuleCounter } from './kernel';
import { parseRuleTag, policyHash } from './names';

export interface StatusInputs {
  agentId: string;
  revision: number;
  syncedAt: Date;
  policies: Policy[];
  applied: DesiredPolicyTable;
  counters: RuleCounter[];
  /** Set when the last sync failed: every policy is reported not programmed with it. */
  error?: string;
}

export function policyHostStatus(s: StatusInputs): PolicyHostStatus {
  const byHash = new Map(s.policies.map((p) => [policyHash(p.id), p.id]));
  const out: Record<string, PolicyOnHost> = {};
  for (const p of s.policies) {
    out[p.id] = {
      ...(p.version ? { version: p.version } : {}),
      programmed: s.error === undefined,
      rules: [],
      dropped: { packets: 0, bytes: 0 },
      ...(s.error !== undefined ? { error: s.error } : {}),
    };
    const hm = s.applied.hostModeTasks.get(p.id);
    if (hm && hm.length > 0) out[p.id].hostModeTasks = [...hm].sort();
  }
  const rules = new Map<string, PolicyRuleCounters>();
  for (const c of s.counters) {
    const chain = s.applied.chains.get(c.chain);
    if (!chain) continue;
    if (c.tag.startsWith('drop:')) {
      for (const id of chain.policyIds) {
        const d = out[id]?.dropped;
        if (d) {
          d.packets += c.packets;
          d.bytes += c.bytes;
        }
      }
      continue;
    }
    const t = parseRuleTag(c.tag);
    const id = t && byHash.get(t.policyHash);
    if (!t || !id || !out[id]) continue;
    const key = `${id}\n${t.dir}\n${t.index}`;
    let r = rules.get(key);
    if (!r) {
      r = { direction: t.dir, index: t.index, packets: 0, bytes: 0 };
      rules.set(key, r);
      out[id].rules.push(r);
    }
    r.packets += c.packets;
    r.bytes += c.bytes;
  }
  for (const p of Object.values(out)) p.rules.sort((a, b) => (a.direction === b.direction ? a.index - b.index : a.direction === 'ingress' ? -1 : 1));
  return { agentId: s.agentId, revision: s.revision, syncedAt: s.syncedAt.toISOString(), policies: out };
}
