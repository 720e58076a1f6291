/**
 * The desired policy table of one host, computed purely from the cluster view
 * (policies, apps with labels, tasks with their addresses): which local task
 * addresses dispatch into which app chain, what each app chain says, and the
 * cluster-wide address sets its rules name. render.ts turns it into nft text;
 * diff.ts compares two of them (or one with what the kernel holds).
 *
 * Semantics are lib/model/policy.ts's: an app selected by a policy accepts
 * only what some rule of some selecting policy allows; egress is restricted
 * only by policies that have an `egress` list. Host-mode tasks share the
 * host's address and cannot be told apart from it: they are not
 * dispatched (not filtered) and are reported per policy; as peers their
 * address (the host's) is in the sets, as the allocator's `why` evaluates it.
 */
import { selects, type Policy, type PolicyPeer, type PolicyPort, type PolicyRule, type PolicySelector } from '../../../lib/model/policy';
import { appChainName, baseTag, dispatchMapName, dropTag, peerKey, peerSetName, ruleTag, type Direction, type Family } from './names';

/** The app fields policy looks at. */
export interface PolicyAppView {
  id: string;
  labels?: Record<string, string>;
}

/** A task that holds its addresses (not terminal); `hostMode`: it uses the host's address. */
export interface PolicyTaskView {
  id: string;
  appId: string;
  agentId: string;
  ips: string[];
  hostMode: boolean;
}

export interface PolicyInputs {
  agentId: string;
  policies: Policy[];
  apps: PolicyAppView[];
  tasks: PolicyTaskView[];
}

/** One rendered rule: its nft text (without the comment) and its tag (the comment). */
export interface RenderedRule {
  text: string;
  tag: string;
  /** The IPv6 peer set the rule matches on: the rule is left out while that set is empty. */
  v6Set?: string;
}

export interface PolicyChain {
  name: string;
  /** Empty for base chains. */
  appId: string;
  /** Base chains: `type filter hook <hook> priority filter; policy accept;`. */
  hook?: 'forward';
  rules: RenderedRule[];
  /** Policies whose rules (and so whose drop) this chain holds. */
  policyIds: string[];
}

export interface PolicySet {
  family: Family;
  elements: Set<string>;
}

export type MapName = 'in4' | 'in6' | 'out4' | 'out6';
export const MAP_NAMES: readonly MapName[] = ['in4', 'in6', 'out4', 'out6'];

export interface DesiredPolicyTable {
  sets: Map<string, PolicySet>;
  /** Dispatch maps: task IP → verdict (`goto in-…` / `jump out-…`). */
  maps: Record<MapName, Map<string, string>>;
  chains: Map<string, PolicyChain>;
  /** Per policy: this host's host-mode tasks it selects (not isolatable). */
  hostModeTasks: Map<string, string[]>;
  /** The peer selectors the rules name, by peerKey (what incremental.ts patches peer sets with). */
  peers: Map<string, PolicyPeer>;
}

export function emptyTable(): DesiredPolicyTable {
  return { sets: new Map(), maps: { in4: new Map(), in6: new Map(), out4: new Map(), out6: new Map() }, chains: new Map(), hostModeTasks: new Map(), peers: new Map() };
}

export function familyOf(ip: string): Family {
  return ip.includes(':') ? 6 : 4;
}

const CIDR = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

function kw(fam: Family): string {
  return fam === 6 ? 'ip6' : 'ip';
}

function portFragments(ports: PolicyPort[] | undefined): string[] {
  if (!ports || ports.length === 0) return [''];
  const byProto = new Map<string, string[]>();
  for (const p of ports) {
    const list = byProto.get(p.protocol) ?? [];
    list.push(p.endPort !== undefined && p.endPort > p.port ? `${p.port}-${p.endPort}` : String(p.port));
    byProto.set(p.protocol, list);
  }
  return [...byProto].sort(([a], [b]) => (a < b ? -1 : 1)).map(([proto, list]) => {
    const uniq = [...new Set(list)];
    // one port without braces: `{ 5432 }` would be an anonymous set per rule (4,000 of them at 1,000 policies)
    return `meta l4proto ${proto} th dport ${uniq.length === 1 ? uniq[0] : `{ ${uniq.join(', ')} }`}`;
  });
}

/** The address matches of one peer (`addr` is saddr for ingress, daddr for egress); [''] for any peer. */
function peerFragments(peer: PolicyPeer | undefined, addr: 'saddr' | 'daddr', needSet: (key: string) => void): Array<{ frag: string; v6Set?: string }> {
  if (!peer) return [{ frag: '' }];
  const out: Array<{ frag: string; v6Set?: string }> = [];
  const hasSelector = (peer.apps?.length ?? 0) > 0 || Object.keys(peer.labels ?? {}).length > 0;
  if (hasSelector) {
    const key = peerKey(peer);
    needSet(key);
    for (const f of [4, 6] as const) out.push({ frag: `${kw(f)} ${addr} @${peerSetName(key, f)}`, ...(f === 6 ? { v6Set: peerSetName(key, f) } : {}) });
  }
  for (const f of [4, 6] as const) {
    const cidrs = (peer.cidrs ?? []).filter((c) => CIDR.test(c) && familyOf(c) === f);
    if (cidrs.length > 0) out.push({ frag: `${kw(f)} ${addr} { ${[...new Set(cidrs)].join(', ')} }` });
  }
  return out;
}

/** A policy's rendered rules and the peer selectors they name, for one direction. */
interface PolicyRules {
  rules: RenderedRule[];
  peers: Array<[string, PolicyPeer]>;
}

/**
 * Rendered rules per policy object: the mirror keeps a policy's object until
 * it changes, so a sync caused by a task renders (and hashes) no rule again.
 */
const rendered = new WeakMap<Policy, Partial<Record<Direction, PolicyRules>>>();

function policyRules(p: Policy, dir: Direction): PolicyRules {
  const cached = rendered.get(p)?.[dir];
  if (cached) return cached;
  const out: PolicyRules = { rules: [], peers: [] };
  (dir === 'ingress' ? p.ingress ?? [] : p.egress ?? []).forEach((r, i) => {
    out.rules.push(...ruleLines(p, dir, i, r, (key) => out.peers.push([key, dir === 'ingress' ? r.from! : r.to!])));
  });
  rendered.set(p, { ...rendered.get(p), [dir]: out });
  return out;
}

function ruleLines(policy: Policy, dir: Direction, index: number, rule: PolicyRule, needSet: (key: string) => void): RenderedRule[] {
  const peer = dir === 'ingress' ? rule.from : rule.to;
  const verdict = dir === 'ingress' ? 'accept' : 'return'; // egress allowed: go on to the destination's ingress check
  const out: RenderedRule[] = [];
  for (const { frag, v6Set } of peerFragments(peer, dir === 'ingress' ? 'saddr' : 'daddr', needSet)) {
    for (const port of portFragments(rule.ports)) {
      const text = [frag, port, 'counter', verdict].filter(Boolean).join(' ');
      out.push({ text, tag: ruleTag(policy.id, dir, index, text), ...(v6Set ? { v6Set } : {}) });
    }
  }
  return out;
}

function finalRules(reject: boolean): RenderedRule[] {
  const texts = reject ? ['meta l4proto tcp counter reject with tcp reset', 'counter reject with icmpx type admin-prohibited'] : ['counter drop'];
  return texts.map((text) => ({ text, tag: dropTag(text) }));
}

function baseChain(name: string): PolicyChain {
  const texts = ['ct state established,related accept'];
  // egress first (jump: an allowed packet returns here), then the destination's ingress (goto)
  texts.push(`ip saddr vmap @${dispatchMapName('egress', 4)}`, `ip6 saddr vmap @${dispatchMapName('egress', 6)}`);
  texts.push(`ip daddr vmap @${dispatchMapName('ingress', 4)}`, `ip6 daddr vmap @${dispatchMapName('ingress', 6)}`);
  return { name, appId: '', hook: 'forward', rules: texts.map((text) => ({ text, tag: baseTag(text) })), policyIds: [] };
}

/**
 * Policies that may select an app: those naming it exactly, plus every one
 * with a group prefix or labels only (so 1,000 policies × 1,000 apps is not a
 * full cross product); `selects` still decides.
 */
export function selectorIndex<T extends { selector: PolicySelector }>(items: T[]): (appId: string) => T[] {
  const exact = new Map<string, T[]>();
  const generic: T[] = [];
  for (const it of items) {
    const apps = it.selector.apps ?? [];
    if (apps.length === 0 || apps.some((a) => a.endsWith('/*'))) generic.push(it);
    else for (const a of new Set(apps)) exact.set(a, [...(exact.get(a) ?? []), it]);
  }
  return (appId) => [...(exact.get(appId) ?? []), ...generic];
}

function groupBy<T>(list: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) {
    const k = key(x);
    const l = out.get(k);
    if (l) l.push(x);
    else out.set(k, [x]);
  }
  return out;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The policies selecting an app (by id: the order of its chain's rules), from a selectorIndex. */
export function selectingPolicies(candidates: (appId: string) => Policy[], app: PolicyAppView): Policy[] {
  return candidates(app.id).filter((p) => selects(p.selector, app)).sort(byId);
}

export function groupTasksByApp(tasks: PolicyTaskView[]): Map<string, PolicyTaskView[]> {
  return groupBy(tasks, (x) => x.appId);
}

/** The host-mode tasks of one app, recorded under each policy selecting it (not isolatable). */
function addHostModeTasks(t: DesiredPolicyTable, selecting: Policy[], tasks: PolicyTaskView[]): void {
  const hm = tasks.filter((x) => x.hostMode).map((x) => x.id);
  if (hm.length === 0) return;
  for (const p of selecting) t.hostModeTasks.set(p.id, [...(t.hostModeTasks.get(p.id) ?? []), ...hm]);
}

/**
 * One selected app's chains and dispatch entries on this host (its local tasks' addresses),
 * and the peer selectors its rules name; the chains still hold their IPv6 rules (dropEmptyV6).
 */
export function addAppChains(t: DesiredPolicyTable, appId: string, selecting: Policy[], tasks: PolicyTaskView[]): PolicyChain[] {
  const out: PolicyChain[] = [];
  const ips = tasks.filter((x) => !x.hostMode).flatMap((x) => x.ips);
  if (ips.length === 0) return out;
  const reject = selecting.some((p) => p.action === 'reject');
  for (const dir of ['ingress', 'egress'] as const) {
    const applying = dir === 'ingress' ? selecting : selecting.filter((p) => p.egress !== undefined);
    if (applying.length === 0) continue;
    const name = appChainName(appId, dir);
    const rules: RenderedRule[] = [];
    for (const p of applying) {
      const pr = policyRules(p, dir);
      rules.push(...pr.rules);
      for (const [key, peer] of pr.peers) t.peers.set(key, peer);
    }
    rules.push(...finalRules(reject));
    const chain: PolicyChain = { name, appId, rules, policyIds: applying.map((p) => p.id) };
    t.chains.set(name, chain);
    out.push(chain);
    const verdict = dir === 'ingress' ? `goto ${name}` : `jump ${name}`;
    for (const ip of ips) t.maps[dispatchMapName(dir, familyOf(ip)) as MapName].set(ip, verdict);
  }
  return out;
}

/** The peer selectors an app chain's rules name (the policies as they are now, by id). */
export function chainPeers(c: PolicyChain, policies: ReadonlyMap<string, Policy>): Array<[string, PolicyPeer]> {
  const dir: Direction = c.name.startsWith('out-') ? 'egress' : 'ingress';
  return c.policyIds.flatMap((id) => {
    const p = policies.get(id);
    return p ? policyRules(p, dir).peers : [];
  });
}

/**
 * The address sets of these peer selectors: every task IP, cluster-wide, of the apps each picks;
 * a host-mode task's is its host's address, so a peer naming a host-mode app admits that whole
 * host (docs/policy.md). The IPv4 set always exists, the IPv6 one only when it has elements.
 */
export function addPeerSets(t: DesiredPolicyTable, peerList: Array<[string, PolicyPeer]>, apps: PolicyAppView[], ipsByApp: Map<string, PolicyTaskView[]>): void {
  const peers = peerList.map(([key, peer]) => ({ key, selector: peer, peer }));
  const sets = new Map(peers.map((p) => [p.key, { 4: new Set<string>(), 6: new Set<string>() } as Record<Family, Set<string>>]));
  const peerCandidates = selectorIndex(peers);
  for (const app of apps) {
    const appTasks = ipsByApp.get(app.id);
    if (!appTasks) continue;
    for (const p of peerCandidates(app.id)) {
      if (!selects(p.peer, app)) continue;
      const s = sets.get(p.key)!;
      for (const x of appTasks) for (const ip of x.ips) s[familyOf(ip)].add(ip);
    }
  }
  for (const [key, s] of sets) {
    t.sets.set(peerSetName(key, 4), { family: 4, elements: s[4] });
    if (s[6].size > 0) t.sets.set(peerSetName(key, 6), { family: 6, elements: s[6] });
  }
}

/**
 * Most clusters have no IPv6 peers: a rule on an empty IPv6 set (and the set) is left out, which
 * halves the rules nft lists on every resync; the first IPv6 peer then rewrites the chains naming it.
 */
export function dropEmptyV6(c: PolicyChain, sets: ReadonlyMap<string, PolicySet>): void {
  if (c.rules.some((r) => r.v6Set)) c.rules = c.rules.filter((r) => !r.v6Set || sets.has(r.v6Set));
}

/** The table this host should hold. */
export function desiredTable(inp: PolicyInputs): DesiredPolicyTable {
  const t = emptyTable();
  // Only forwarded traffic: this host's own traffic to its tasks (the agent's HTTP/TCP health probes) is
  // always allowed, as Kubernetes allows a node to reach its pods; hence no output hook (docs/policy.md).
  t.chains.set('forward', baseChain('forward'));
  const candidates = selectorIndex(inp.policies);
  const localByApp = groupBy(inp.tasks.filter((x) => x.agentId === inp.agentId), (x) => x.appId);
  for (const app of inp.apps) {
    const tasks = localByApp.get(app.id);
    if (!tasks) continue;
    const selecting = selectingPolicies(candidates, app);
    if (selecting.length === 0) continue;
    addHostModeTasks(t, selecting, tasks);
    addAppChains(t, app.id, selecting, tasks);
  }
  addPeerSets(t, [...t.peers], inp.apps, groupBy(inp.tasks, (x) => x.appId));
  for (const c of t.chains.values()) dropEmptyV6(c, t.sets);
  return t;
}

/** The host-mode tasks of this host a policy selects, in the order desiredTable lists them. */
export function hostModeTasksOf(p: Policy, apps: PolicyAppView[], localByApp: Map<string, PolicyTaskView[]>): string[] {
  const out: string[] = [];
  for (const app of apps) {
    const tasks = localByApp.get(app.id);
    if (tasks && selects(p.selector, app)) out.push(...tasks.filter((x) => x.hostMode).map((x) => x.id));
  }
  return out;
}
