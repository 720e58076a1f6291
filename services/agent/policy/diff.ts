/**
 * What changes between two policy tables (what is applied, or what the
 * kernel holds, and what is desired): sets and chains to create or remove,
 * chains whose rules differ (compared by their tags, which hash each rule's
 * text), and the set and map elements to add or delete. A task start or stop
 * is elements only; a policy change rewrites only the chains it touches.
 * Sets, maps and chains that are the same object on both sides (a patched
 * table shares what it did not change) are not compared.
 */
import { MAP_NAMES, type DesiredPolicyTable, type MapName, type PolicyChain, type PolicySet } from './desired';

export interface PolicyTableDiff {
  addSets: Array<[string, PolicySet]>;
  delSets: string[];
  addChains: PolicyChain[];
  /** Chains that exist on both sides with other rules: flushed and refilled. */
  rewriteChains: PolicyChain[];
  delChains: string[];
  addElements: Array<{ set: string; elements: string[] }>;
  delElements: Array<{ set: string; elements: string[] }>;
  addMapElements: Array<{ map: MapName; entries: Array<[string, string]> }>;
  delMapElements: Array<{ map: MapName; keys: string[] }>;
}

function sameRules(a: PolicyChain, b: PolicyChain): boolean {
  return a.hook === b.hook && a.rules.length === b.rules.length && a.rules.every((r, i) => r.tag === b.rules[i].tag);
}

export function diffPolicyTables(from: DesiredPolicyTable, to: DesiredPolicyTable): PolicyTableDiff {
  const d = emptyPolicyDiff();
  for (const [name, set] of to.sets) {
    const old = from.sets.get(name);
    if (old === set) continue;
    if (!old || old.family !== set.family) {
      if (old) d.delSets.push(name);
      d.addSets.push([name, set]);
      if (set.elements.size > 0) d.addElements.push({ set: name, elements: [...set.elements] });
      continue;
    }
    const add = [...set.elements].filter((e) => !old.elements.has(e));
    const del = [...old.elements].filter((e) => !set.elements.has(e));
    if (add.length > 0) d.addElements.push({ set: name, elements: add });
    if (del.length > 0) d.delElements.push({ set: name, elements: del });
  }
  for (const name of from.sets.keys()) if (!to.sets.has(name)) d.delSets.push(name);
  for (const [name, chain] of to.chains) {
    const old = from.chains.get(name);
    if (old === chain) continue;
    if (!old) d.addChains.push(chain);
    else if (!sameRules(old, chain)) d.rewriteChains.push(chain);
  }
  for (const name of from.chains.keys()) if (!to.chains.has(name)) d.delChains.push(name);
  for (const m of MAP_NAMES) {
    const want = to.maps[m];
    const have = from.maps[m];
    if (want === have) continue;
    const entries: Array<[string, string]> = [];
    const keys: string[] = [];
    for (const [k, v] of want) {
      const cur = have.get(k);
      if (cur === v) continue;
      if (cur !== undefined) keys.push(k); // another verdict: delete, then add in the same batch
      entries.push([k, v]);
    }
    for (const k of have.keys()) if (!want.has(k)) keys.push(k);
    if (entries.length > 0) d.addMapElements.push({ map: m, entries });
    if (keys.length > 0) d.delMapElements.push({ map: m, keys });
  }
  return d;
}

export function emptyPolicyDiff(): PolicyTableDiff {
  return { addSets: [], delSets: [], addChains: [], rewriteChains: [], delChains: [], addElements: [], delElements: [], addMapElements: [], delMapElements: [] };
}

export function isEmptyPolicyDiff(d: PolicyTableDiff): boolean {
  return Object.values(d).every((v) => (v as unknown[]).length === 0);
}
