/**
 * The fast path of a task start or stop: patch the applied table and produce
 * its diff directly (the task's dispatch entries, its address in the peer
 * sets whose selector picks its app), instead of rendering the whole desired
 * table from 10,000 tasks and diffing it. Anything that changes more than
 * elements — an app's first or last local task (a chain appears or goes), a
 * host-mode task, the first or last IPv6 address of a peer set — returns
 * undefined and the caller renders in full. incremental.test.ts checks the
 * patched table equals the full render.
 */
import { selects, type Policy } from '../../../lib/model/policy';
import { familyOf, type DesiredPolicyTable, type MapName, type PolicyAppView, type PolicySet, type PolicyTaskView } from './desired';
import { emptyPolicyDiff, type PolicyTableDiff } from './diff';
import { appChainName, dispatchMapName, peerSetName } from './names';

/** One task's policy view before and after a change (absent: it holds no addresses). */
export interface TaskChange {
  before?: PolicyTaskView;
  after?: PolicyTaskView;
}

export interface PatchInputs {
  agentId: string;
  policies: Policy[];
  apps: Map<string, PolicyAppView>;
  /** Every current task view (to tell an app's last local task). */
  tasks: PolicyTaskView[];
}

const same = (a: string[] = [], b: string[] = []) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The patched table and its diff, or undefined when the change needs a full render. */
export function patchTasks(prev: DesiredPolicyTable, inp: PatchInputs, changes: TaskChange[]): { table: DesiredPolicyTable; diff: PolicyTableDiff } | undefined {
  const table: DesiredPolicyTable = { ...prev, sets: new Map(prev.sets), maps: { ...prev.maps } };
  const copied = new Set<string>();
  const set = (name: string): PolicySet | undefined => {
    const s = table.sets.get(name);
    if (!s || copied.has(name)) return s;
    const c = { family: s.family, elements: new Set(s.elements) };
    table.sets.set(name, c);
    copied.add(name);
    return c;
  };
  const map = (m: MapName): Map<string, string> => {
    if (!copied.has(`map:${m}`)) {
      table.maps[m] = new Map(prev.maps[m]);
      copied.add(`map:${m}`);
    }
    return table.maps[m];
  };
  const add = new Map<string, Set<string>>();
  const del = new Map<string, Set<string>>();
  const mark = (into: Map<string, Set<string>>, from: Map<string, Set<string>>, name: string, el: string) => {
    if (from.get(name)?.delete(el)) return; // a delete then an add of the same element (or back): nothing
    let s = into.get(name);
    if (!s) into.set(name, (s = new Set()));
    s.add(el);
  };
  for (const { before, after } of changes) {
    if (before?.hostMode || after?.hostMode) return undefined;
    if (before && after && before.appId === after.appId && before.agentId === after.agentId && same(before.ips, after.ips)) continue;
    for (const [t, op] of [[before, 'del'], [after, 'add']] as const) {
      if (!t) continue;
      const app = inp.apps.get(t.appId);
      if (!app) return undefined;
      if (t.agentId === inp.agentId) {
        const selected = inp.policies.some((p) => selects(p.selector, app));
        for (const dir of ['ingress', 'egress'] as const) {
          const chain = appChainName(app.id, dir);
          const has = table.chains.has(chain);
          const wants = dir === 'ingress' ? selected : inp.policies.some((p) => p.egress !== undefined && selects(p.selector, app));
          if (has !== wants) return undefined; // a chain would appear: full render
          if (!has) continue;
          if (op === 'del' && !inp.tasks.some((x) => x.appId === app.id && x.agentId === inp.agentId && x.id !== t.id && !x.hostMode)) return undefined; // its last local task: the chain goes
          for (const ip of t.ips) {
            const m = dispatchMapName(dir, familyOf(ip)) as MapName;
            if (op === 'del') {
              if (map(m).delete(ip)) mark(del, add, `map:${m}`, ip);
            } else {
              map(m).set(ip, `${dir === 'ingress' ? 'goto' : 'jump'} ${chain}`);
              mark(add, del, `map:${m}`, ip);
            }
          }
        }
      }
      for (const [key, peer] of prev.peers) {
        if (!selects(peer, app)) continue;
        for (const ip of t.ips) {
          const name = peerSetName(key, familyOf(ip));
          const s = set(name);
          if (!s) return undefined; // the first IPv6 peer: the set and its rules appear
          if (op === 'del') {
            if (s.elements.delete(ip)) mark(del, add, name, ip);
          } else if (!s.elements.has(ip)) {
            s.elements.add(ip);
            mark(add, del, name, ip);
          }
          if (s.family === 6 && s.elements.size === 0) return undefined; // the last IPv6 peer: rules go
        }
      }
    }
  }
  const diff = emptyPolicyDiff();
  for (const [name, els] of del) {
    if (els.size === 0) continue;
    if (name.startsWith('map:')) diff.delMapElements.push({ map: name.slice(4) as MapName, keys: [...els] });
    else diff.delElements.push({ set: name, elements: [...els] });
  }
  for (const [name, els] of add) {
    if (els.size === 0) continue;
    if (name.startsWith('map:')) {
      const m = name.slice(4) as MapName;
      diff.addMapElements.push({ map: m, entries: [...els].map((ip) => [ip, table.maps[m].get(ip)!]) });
    } else diff.addElements.push({ set: name, elements: [...els] });
  }
  return { table, diff };
}
