/**
 * Pure iptables renderer, for one `iptables-restore --noflush` per sync:
 *
 *   nat    MARINA-SERVICES     (from PREROUTING, OUTPUT) `-j MARINA-EXTERNAL` (marks sources
 *                              outside the cluster), one jump per VIP prefix → MARINA-NET-<P>,
 *                              then clears the mark (a packet that reaches the end went to no VIP)
 *          MARINA-NET-<P>      the VIPs of one /24 (IPv6 /112), one rule each: a single-backend
 *                              VIP DNATs right there; others jump to MARINA-SVC-<S>
 *          MARINA-SVC-<S>      affinity (`recent --update`) then `statistic --mode random
 *                              --probability` 1/n, 1/(n-1) … each rule DNATs to its backend
 *          MARINA-POSTROUTING  DNATed flows → MARINA-HAIRPIN; masquerades marked packets
 *          MARINA-HAIRPIN      one jump per backend prefix → MARINA-HP-<P>: `-s B -d B` marks
 *                              (a backend that reached itself through a VIP), one rule per address
 *   filter MARINA-SERVICES     VIPs without ready backends → REJECT (from INPUT, FORWARD, OUTPUT)
 *
 * kube-proxy's layout (a chain per endpoint with its own hairpin rule, a
 * chain per service with its own outside-cluster rule, one flat dispatch
 * chain) cost 4 chains and 11 rules per 3-backend VIP; this one costs 1 chain
 * and 4 rules (2 rules and no chain for a single backend). The per-prefix
 * chains keep every delta small: a VIP added, removed or re-pointed rewrites
 * its prefix's chain (≤ 256 VIP addresses), never a 10,000-rule chain, and a
 * new connection walks two short chains instead of one rule per VIP.
 *
 * Order: iptables-nft 1.8.9's `--noflush` restore lists every chain name a
 * batch mentions in a list kept sorted by insertion, each mention walking
 * past the smaller names already listed. So every chain but the service
 * chains sorts before `MARINA-SVC-` (EXTERNAL, HAIRPIN, HP-, MARK-MASQ, NET-,
 * POSTROUTING, SERVICES: few), they are declared first, and services are
 * visited in descending name order with every line that names their chain.
 */
import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { shortHash, IPT_PREFIX } from '../../model/names';
import type { TableDiff } from '../../sync/tracker';

export const SERVICES = `${IPT_PREFIX}SERVICES`;
export const POSTROUTING = `${IPT_PREFIX}POSTROUTING`;
export const MARK_MASQ = `${IPT_PREFIX}MARK-MASQ`;
export const EXTERNAL = `${IPT_PREFIX}EXTERNAL`;
export const HAIRPIN = `${IPT_PREFIX}HAIRPIN`;
const MARK = '0x4000';
const UNMARK = '0xffffbfff';

export interface IptRenderOptions {
  clusterCidrs: string[];
  masqueradeAll: boolean;
}

/** Names by hash input: a render names each chain several times (bounded: cleared past 200,000). */
const names = new Map<string, string>();
function named(input: string, make: () => string): string {
  let n = names.get(input);
  if (n === undefined) {
    if (names.size >= 200_000) names.clear();
    n = make();
    names.set(input, n);
  }
  return n;
}

/** `MARINA-SVC-` + 10 hash characters. */
export function svcChain(svc: VipService): string {
  return named(`svc ${svc.key}`, () => `${IPT_PREFIX}SVC-${shortHash(svc.key).slice(0, 10)}`);
}

/** The `recent` list of an endpoint (affinity). */
export function recentName(svc: VipService, b: Backend): string {
  return `${IPT_PREFIX}SEP-${shortHash(svc.key, b.ip, String(b.port))}`;
}

/** The /24 (IPv6: /112) an address belongs to, as `-s`/`-d` takes it. */
export function prefixOf(ip: string): string {
  if (!ip.includes(':')) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups.slice(0, 7).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}:0/112`;
}

/** The dispatch chain of the VIPs in a prefix. */
export function netChain(prefix: string): string {
  return named(`net ${prefix}`, () => `${IPT_PREFIX}NET-${shortHash('net', prefix).slice(0, 10)}`);
}

/** The hairpin chain of the backends in a prefix. */
export function hpChain(prefix: string): string {
  return named(`hp ${prefix}`, () => `${IPT_PREFIX}HP-${shortHash('hp', prefix).slice(0, 10)}`);
}

/** The service chain a chain belongs to (itself for a service chain; an earlier layout's endpoint chains too). */
const GROUP = new RegExp(`^(${IPT_PREFIX}SVC-[A-Z0-9]{10})(?:-[A-Z0-9]+)?$`);
export function groupOf(chain: string): string | undefined {
  return GROUP.exec(chain)?.[1];
}

function plen(family: 4 | 6): string {
  return family === 6 ? '128' : '32';
}

/** Only the dispatch rules carry the apps and VIP (as kube-proxy's large-cluster mode). */
function comment(svc: VipService): string {
  return `-m comment --comment "${svc.appIds.join(',').replace(/[^A-Za-z0-9/._,-]/g, '').slice(0, 200)} ${svc.key}"`;
}

function match(svc: VipService): string {
  return `-d ${svc.ip}/${plen(svc.family)} -p ${svc.proto} -m ${svc.proto} --dport ${svc.port}`;
}

/** DNAT needs a protocol match for its port; `proto` false when the rule already has one. */
function dnat(svc: VipService, b: Backend, proto = true): string {
  return `${proto ? `-p ${svc.proto} ` : ''}-j DNAT --to-destination ${svc.family === 6 ? `[${b.ip}]:${b.port}` : `${b.ip}:${b.port}`}`;
}

/** Probability for backend i of n: 1/(n-i), printed as kube-proxy does (10 decimals). */
export function probability(i: number, n: number): string {
  return (1 / (n - i)).toFixed(10);
}

/** Whether a VIP has a service chain (two backends or more). */
function chained(svc: VipService | undefined): svc is VipService {
  return (svc?.backends.length ?? 0) > 1;
}

function svcRules(svc: VipService): string[] {
  const chain = svcChain(svc);
  const out: string[] = [];
  const n = svc.backends.length;
  if (svc.affinitySeconds) {
    for (const b of svc.backends) out.push(`-A ${chain} -m recent --name ${recentName(svc, b)} --update --seconds ${svc.affinitySeconds} --reap ${dnat(svc, b)}`);
  }
  svc.backends.forEach((b, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(i, n)}` : '';
    const recent = svc.affinitySeconds ? ` -m recent --name ${recentName(svc, b)} --set` : '';
    out.push(`-A ${chain}${stat}${recent} ${dnat(svc, b)}`);
  });
  return out;
}

/** The rule of a VIP with backends in its prefix chain (undefined without backends). */
function dispatchRule(svc: VipService | undefined): string | undefined {
  if (!svc || svc.backends.length === 0) return undefined;
  const head = `-A ${netChain(prefixOf(svc.ip))} ${comment(svc)} ${match(svc)}`;
  return svc.backends.length === 1 ? `${head} ${dnat(svc, svc.backends[0], false)}` : `${head} -j ${svcChain(svc)}`;
}

function filterDispatch(table: VipTable, family: 4 | 6): string[] {
  const out: string[] = [];
  for (const svc of table.values()) {
    if (svc.family !== family || svc.backends.length > 0) continue;
    out.push(`-A ${SERVICES} ${comment(svc)} ${match(svc)} -j REJECT${svc.proto === 'tcp' ? ' --reject-with tcp-reset' : ''}`);
  }
  return out;
}

export interface IptBatch {
  /** iptables-restore input (both tables), or '' when nothing changed. */
  text: string;
  /** Chains it declares or deletes (nat). */
  chains: string[];
  /** Of those, the ones it deletes. */
  deleted: string[];
}

/** One service's chain (and an earlier layout's endpoint chains) in a batch. */
interface Group {
  rules?: string[];
  /** Prefix-chain rules that jump to this service chain (written after it exists). */
  jumps: string[];
  /** Chains removed: flushed with the others, deleted after the rules that jumped to them are gone. */
  drop: Set<string>;
}

/** Chains written in the top section: the fixed ones and the per-prefix ones (few, all sorting before MARINA-SVC-). */
const TOP = new RegExp(`^${IPT_PREFIX}(SERVICES|POSTROUTING|MARK-MASQ|EXTERNAL|HAIRPIN|NET-[A-Z0-9]+|HP-[A-Z0-9]+)$`);

class NatBatch {
  /** Chains other than service chains, rewritten whole (declared and filled first). */
  readonly top = new Map<string, string[]>();
  /** Such chains removed (deleted last). */
  readonly dropTop = new Set<string>();
  /** Rules appended to chains that stay as they are (not declared, so not flushed). */
  readonly appends: string[] = [];
  private readonly groups = new Map<string, Group>();

  private group(chain: string): Group {
    let g = this.groups.get(chain);
    if (!g) {
      g = { jumps: [], drop: new Set() };
      this.groups.set(chain, g);
    }
    return g;
  }

  /** A prefix chain's rules: the DNAT ones go at the top, jumps to service chains after their chain. */
  writeNet(chain: string, rules: string[]): void {
    const direct: string[] = [];
    for (const r of rules) {
      const target = / -j (MARINA-SVC-\S+)$/.exec(r)?.[1];
      if (target) this.group(target).jumps.push(r);
      else direct.push(r);
    }
    this.top.set(chain, direct);
  }

  writeSvc(svc: VipService): void {
    const g = this.group(svcChain(svc));
    g.drop.delete(svcChain(svc));
    g.rules = svcRules(svc);
  }

  drop(chain: string): void {
    const key = groupOf(chain);
    if (TOP.test(chain)) {
      if (!this.top.has(chain)) this.dropTop.add(chain);
      return;
    }
    // Anything else (stale chains of an earlier layout too) in its group, in the descending walk.
    const g = this.group(key ?? chain);
    if (!(chain === key && g.rules)) g.drop.add(chain);
  }

  writes(chain: string): boolean {
    if (this.top.has(chain)) return true;
    return chain === groupOf(chain) && this.groups.get(chain)?.rules !== undefined;
  }

  empty(): boolean {
    return this.top.size === 0 && this.groups.size === 0 && this.dropTop.size === 0 && this.appends.length === 0;
  }

  render(): { lines: string[]; chains: string[]; deleted: string[] } {
    const lines: string[] = ['*nat'];
    const chains: string[] = [...this.top.keys(), ...this.dropTop];
    const deleted: string[] = [...this.dropTop];
    for (const c of chains) lines.push(`:${c} - [0:0]`);
    for (const rules of this.top.values()) for (const r of rules) lines.push(r);
    lines.push(...this.appends);
    const keys = [...this.groups.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const key of keys) {
      const g = this.groups.get(key)!;
      // The service chain is flushed before an earlier layout's endpoint chains it jumped to are deleted.
      const drop = [...g.drop].sort((a, b) => (a === key ? -1 : b === key ? 1 : a < b ? 1 : -1));
      if (g.rules) {
        lines.push(`:${key} - [0:0]`);
        chains.push(key);
      }
      for (const c of drop) lines.push(`:${c} - [0:0]`);
      if (g.rules) lines.push(...g.rules);
      lines.push(...g.jumps);
      for (const c of [...drop].reverse()) lines.push(`-X ${c}`);
      chains.push(...drop);
      deleted.push(...drop);
    }
    for (const c of this.dropTop) lines.push(`-X ${c}`);
    lines.push('COMMIT');
    return { lines, chains, deleted };
  }
}

function assemble(nat: NatBatch, filter: string[] | undefined): IptBatch {
  const parts: string[] = [];
  let chains: string[] = [];
  let deleted: string[] = [];
  if (!nat.empty()) {
    const r = nat.render();
    parts.push(r.lines.join('\n'));
    ({ chains, deleted } = r);
  }
  if (filter) parts.push(['*filter', `:${SERVICES} - [0:0]`, ...filter, 'COMMIT'].join('\n'));
  return { text: parts.length ? parts.join('\n') + '\n' : '', chains, deleted };
}

/** The VIP prefixes and backend prefixes of a family's VIPs with backends, with their members. */
interface Index {
  nets: Map<string, VipService[]>;
  hps: Map<string, Set<string>>;
}

/** The prefix of `ip` when it is one of `prefixes`, without building each address's prefix (a delta scans 30,000 backends). */
function matcher(prefixes: Set<string> | undefined): (ip: string) => string | undefined {
  if (!prefixes) return prefixOf;
  const v4 = [...prefixes].filter((p) => !p.includes(':')).map((p) => [p.slice(0, p.lastIndexOf('.') + 1), p] as const);
  const v6 = [...prefixes].some((p) => p.includes(':'));
  return (ip) => {
    if (ip.includes(':')) return v6 && prefixes.has(prefixOf(ip)) ? prefixOf(ip) : undefined;
    for (const [base, p] of v4) if (ip.startsWith(base) && ip.indexOf('.', base.length) < 0) return p;
    return undefined;
  };
}

/** Add one service to an index (only the prefixes `net`/`hp` accept). */
function indexService(into: Index, svc: VipService, net: (ip: string) => string | undefined, hp: (ip: string) => string | undefined): void {
  const p = net(svc.ip);
  if (p !== undefined) {
    const l = into.nets.get(p);
    if (l) l.push(svc);
    else into.nets.set(p, [svc]);
  }
  for (const b of svc.backends) {
    const bp = hp(b.ip);
    if (bp === undefined) continue;
    const s = into.hps.get(bp);
    if (s) s.add(b.ip);
    else into.hps.set(bp, new Set([b.ip]));
  }
}

/** The index of a family's VIPs with backends; with `onlyNets`/`onlyHps`, of those prefixes only; `skip`: keys left out. */
function index(table: VipTable, family: 4 | 6, onlyNets?: Set<string>, onlyHps?: Set<string>, skip?: Set<string>): Index {
  const into: Index = { nets: new Map(), hps: new Map() };
  const none = () => undefined;
  const net = onlyNets?.size === 0 ? none : matcher(onlyNets);
  const hp = onlyHps?.size === 0 ? none : matcher(onlyHps);
  for (const svc of table.values()) {
    if (svc.family !== family || svc.backends.length === 0 || skip?.has(svc.key)) continue;
    indexService(into, svc, net, hp);
  }
  return into;
}

/** `base` plus some services (a copy of the prefixes they touch). */
function indexPlus(base: Index, services: Array<VipService | undefined>, nets: Set<string>, hps: Set<string>): Index {
  const into: Index = { nets: new Map([...base.nets].map(([p, l]) => [p, [...l]])), hps: new Map([...base.hps].map(([p, ips]) => [p, new Set(ips)])) };
  const net = matcher(nets);
  const hp = matcher(hps);
  for (const svc of services) if (svc && svc.backends.length > 0) indexService(into, svc, net, hp);
  return into;
}

/** Whether any VIP of the family marks packets (outside-cluster sources, or all with --masquerade-all). */
function marks(opts: IptRenderOptions, family: 4 | 6): string[] {
  return opts.clusterCidrs.filter((c) => (family === 6) === c.includes(':'));
}

function servicesRules(nets: Iterable<string>, opts: IptRenderOptions, family: 4 | 6): string[] {
  const out: string[] = [];
  const mark = opts.masqueradeAll || marks(opts, family).length > 0;
  if (opts.masqueradeAll) out.push(`-A ${SERVICES} -j ${MARK_MASQ}`);
  else if (mark) out.push(`-A ${SERVICES} -j ${EXTERNAL}`);
  for (const p of [...nets].sort()) out.push(`-A ${SERVICES} -d ${p} -j ${netChain(p)}`);
  // Reached only by packets no VIP took (a DNAT ends the chain): not ours to masquerade.
  if (mark) out.push(`-A ${SERVICES} -j MARK --and-mark ${UNMARK}`);
  return out;
}

function hairpinRules(hps: Iterable<string>): string[] {
  return [...hps].sort().map((p) => `-A ${HAIRPIN} -s ${p} -j ${hpChain(p)}`);
}

function hpRules(prefix: string, ips: Set<string>, family: 4 | 6): string[] {
  const c = hpChain(prefix);
  return [...ips].sort().map((ip) => `-A ${c} -s ${ip}/${plen(family)} -d ${ip}/${plen(family)} -j ${MARK_MASQ}`);
}

function netRules(services: VipService[]): string[] {
  return services.map((s) => dispatchRule(s)!);
}

function fixedChains(nat: NatBatch, opts: IptRenderOptions, family: 4 | 6): void {
  nat.top.set(MARK_MASQ, [`-A ${MARK_MASQ} -j MARK --or-mark ${MARK}`]);
  nat.top.set(EXTERNAL, [...marks(opts, family).map((c) => `-A ${EXTERNAL} -s ${c} -j RETURN`), `-A ${EXTERNAL} -j MARK --or-mark ${MARK}`]);
  nat.top.set(POSTROUTING, [
    `-A ${POSTROUTING} -m conntrack --ctstate DNAT -j ${HAIRPIN}`,
    `-A ${POSTROUTING} -m mark ! --mark ${MARK}/${MARK} -j RETURN`,
    `-A ${POSTROUTING} -j MARK --xor-mark ${MARK}`,
    `-A ${POSTROUTING} -j MASQUERADE --random-fully`,
  ]);
}

/**
 * Everything, for one family. `existing` are the MARINA-* nat chains present
 * now; those not wanted are deleted.
 */
export function renderFull(table: VipTable, family: 4 | 6, opts: IptRenderOptions, existing: string[] = []): IptBatch {
  const nat = new NatBatch();
  const { nets, hps } = index(table, family);
  fixedChains(nat, opts, family);
  nat.top.set(SERVICES, servicesRules(nets.keys(), opts, family));
  nat.top.set(HAIRPIN, hairpinRules(hps.keys()));
  for (const [p, ips] of hps) nat.top.set(hpChain(p), hpRules(p, ips, family));
  for (const [p, services] of nets) nat.writeNet(netChain(p), netRules(services));
  for (const svc of table.values()) if (svc.family === family && chained(svc)) nat.writeSvc(svc);
  for (const c of existing) if (!nat.writes(c)) nat.drop(c);
  return assemble(nat, filterDispatch(table, family));
}

/** Only the chains a diff touches, for one family. */
export function renderDelta(diff: TableDiff, cur: VipTable, family: 4 | 6, opts: IptRenderOptions): IptBatch {
  const nat = new NatBatch();
  const mine = (s: VipService) => s.family === family;
  const pairs: Array<[VipService | undefined, VipService | undefined]> = [
    ...diff.added.filter(mine).map((s) => [undefined, s] as [undefined, VipService]),
    ...diff.removed.filter(mine).map((s) => [s, undefined] as [VipService, undefined]),
    ...diff.changed.filter(([, c]) => mine(c)),
  ];
  const nets = new Set<string>();
  const hps = new Set<string>();
  let filter = false;
  for (const [p, c] of pairs) {
    const svc = (c ?? p)!;
    if (!p || !c || (p.backends.length === 0) !== (c.backends.length === 0)) filter = true;
    if (dispatchRule(p) !== dispatchRule(c)) nets.add(prefixOf(svc.ip));
    if (chained(c)) nat.writeSvc(c);
    else if (chained(p)) nat.drop(svcChain(p));
    const before = new Set(p?.backends.map((b) => b.ip));
    const after = c?.backends.map((b) => b.ip) ?? [];
    for (const ip of after) if (!before.has(ip)) hps.add(prefixOf(ip)); // (addresses gone: see below)
  }
  if (nets.size > 0 || hps.size > 0) {
    // One scan of the services the diff leaves alone; the touched ones are added as they were and are.
    const base = index(cur, family, nets, hps, new Set(pairs.map(([p, c]) => (c ?? p)!.key)));
    const was = indexPlus(base, pairs.map(([p]) => p), nets, hps);
    const now = indexPlus(base, pairs.map(([, c]) => c), nets, hps);
    for (const p of nets) {
      const services = now.nets.get(p);
      if (services) nat.writeNet(netChain(p), netRules(services));
      else nat.drop(netChain(p));
    }
    // Hairpin rules only grow between full syncs: a rule for an address no VIP uses any more
    // matches nothing a VIP DNATs (it is a backend's own address to itself) and goes at the
    // next full sync, so a backend change appends one rule instead of rewriting its /24's chain.
    for (const p of hps) {
      const ips = now.hps.get(p);
      const had = was.hps.get(p);
      if (!ips) continue;
      if (!had) {
        nat.top.set(hpChain(p), hpRules(p, ips, family));
        nat.appends.push(`-A ${HAIRPIN} -s ${p} -j ${hpChain(p)}`);
        continue;
      }
      const added = new Set([...ips].filter((ip) => !had.has(ip)));
      if (added.size > 0) nat.appends.push(...hpRules(p, added, family));
    }
    // A VIP prefix chain appearing or going: the chain jumping to them is rewritten.
    if ([...nets].some((p) => was.nets.has(p) !== now.nets.has(p))) nat.top.set(SERVICES, servicesRules(index(cur, family, undefined, new Set()).nets.keys(), opts, family));
  }
  return assemble(nat, filter ? filterDispatch(cur, family) : undefined);
}

/** Built-in chains that jump into Marina's, per table. */
export const JUMPS: Array<{ table: 'nat' | 'filter'; chain: string; target: string }> = [
  { table: 'nat', chain: 'PREROUTING', target: SERVICES },
  { table: 'nat', chain: 'OUTPUT', target: SERVICES },
  { table: 'nat', chain: 'POSTROUTING', target: POSTROUTING },
  { table: 'filter', chain: 'INPUT', target: SERVICES },
  { table: 'filter', chain: 'FORWARD', target: SERVICES },
  { table: 'filter', chain: 'OUTPUT', target: SERVICES },
];
