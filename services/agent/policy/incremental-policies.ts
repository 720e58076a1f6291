/**
 * The fast path of a policy create, update or delete: recompute only the
 * chains of the apps on this host that the changed policies select (before
 * or after the change) and the peer sets that appear or go with their rules,
 * instead of rendering the whole desired table from 10,000 tasks. The rest
 * of the applied table is shared (diff.ts skips what is the same object),
 * so the diff is those chains, their dispatch entries and sets.
 * Tasks and apps must be what the applied table was made from (the syncer
 * takes this path only then). incremental-policies.test.ts checks the
 * result equals the full render.
 */
import { selects, type Policy } from '../../../lib/model/policy';
import {
  addAppChains, addPeerSets, chainPeers, dropEmptyV6, familyOf, groupTasksByApp, hostModeTasksOf, MAP_NAMES, selectingPolicies, selectorIndex,
  type DesiredPolicyTable, type MapName, type PolicyChain, type PolicyInputs,
} from './desired';
import { diffPolicyTables, type PolicyTableDiff } from './diff';
import { appChainName, dispatchMapName, peerSetName } from './names';

const DIRECTIONS = ['ingress', 'egress'] as const;

/** The policies that differ between two lists, both versions (by id; the mirror keeps an unchanged policy's object). */
export function changedPolicies(before: ReadonlyMap<string, Policy>, after: readonly Policy[]): Policy[] {
  const out: Policy[] = [];
  const seen = new Set<string>();
  for (const p of after) {
    seen.add(p.id);
    const old = before.get(p.id);
    if (old === p) continue;
    out.push(p);
    if (old) out.push(old);
  }
  for (const [id, old] of before) if (!seen.has(id)) out.push(old);
  return out;
}

/** `prev` (made from the policies `before`) patched to `inp`'s policies, and its diff. */
export function patchPolicies(prev: DesiredPolicyTable, before: ReadonlyMap<string, Policy>, inp: PolicyInputs): { table: DesiredPolicyTable; diff: PolicyTableDiff } {
  const changed = changedPolicies(before, inp.policies);
  const localByApp = groupTasksByApp(inp.tasks.filter((x) => x.agentId === inp.agentId));
  const affected = inp.apps.filter((a) => localByApp.has(a.id) && changed.some((p) => selects(p.selector, a)));
  const next: DesiredPolicyTable = {
    ...prev,
    chains: new Map(prev.chains),
    maps: { ...prev.maps }, // a map is copied when it changes (a chain appears or goes): most edits keep them
    sets: new Map(prev.sets),
    hostModeTasks: new Map(prev.hostModeTasks),
    peers: new Map(), // not prev's: addAppChains adds to it
  };
  const writable = (m: MapName): Map<string, string> => {
    if (next.maps[m] === prev.maps[m]) next.maps[m] = new Map(prev.maps[m]);
    return next.maps[m];
  };
  // the affected apps' chains and dispatch entries, as the policies are now
  const candidates = selectorIndex(inp.policies);
  const fresh: PolicyChain[] = [];
  for (const app of affected) {
    const tasks = localByApp.get(app.id)!;
    const had = DIRECTIONS.filter((dir) => next.chains.delete(appChainName(app.id, dir)));
    const selecting = selectingPolicies(candidates, app);
    // chains and peers land in next's; dispatch entries in scratch maps, compared below
    const scratch: DesiredPolicyTable = { ...next, maps: { in4: new Map(), in6: new Map(), out4: new Map(), out6: new Map() } };
    if (selecting.length > 0) fresh.push(...addAppChains(scratch, app.id, selecting, tasks));
    for (const dir of had) {
      if (next.chains.has(appChainName(app.id, dir))) continue;
      for (const ip of tasks.filter((x) => !x.hostMode).flatMap((x) => x.ips)) writable(dispatchMapName(dir, familyOf(ip)) as MapName).delete(ip);
    }
    for (const m of MAP_NAMES) for (const [ip, verdict] of scratch.maps[m]) if (prev.maps[m].get(ip) !== verdict) writable(m).set(ip, verdict);
  }
  const current = new Map(inp.policies.map((p) => [p.id, p]));
  for (const p of new Set(changed.map((x) => x.id))) {
    const now = current.get(p);
    const hm = now ? hostModeTasksOf(now, inp.apps, localByApp) : [];
    if (hm.length > 0) next.hostModeTasks.set(p, hm);
    else next.hostModeTasks.delete(p);
  }
  // peer sets: those every chain's rules name now; a new selector's set is filled from the cluster's tasks
  next.peers = new Map(); // addAppChains added the fresh chains' peers; recount over every chain
  for (const c of next.chains.values()) if (!c.hook) for (const [key, peer] of chainPeers(c, current)) next.peers.set(key, peer);
  for (const key of prev.peers.keys()) {
    if (next.peers.has(key)) continue;
    next.sets.delete(peerSetName(key, 4));
    next.sets.delete(peerSetName(key, 6));
  }
  const added = [...next.peers].filter(([key]) => !prev.peers.has(key));
  if (added.length > 0) addPeerSets(next, added, inp.apps, groupTasksByApp(inp.tasks));
  for (const c of fresh) dropEmptyV6(c, next.sets);
  return { table: next, diff: diffPolicyTables(prev, next) };
}
