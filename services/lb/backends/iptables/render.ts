/**
 * Pure iptables renderer in kube-proxy's layout, for iptables-restore --noflush:
 *
 *   nat    MARINA-SERVICES         one rule per VIP → MARINA-SVC-<S>   (from PREROUTING, OUTPUT)
 *          MARINA-SVC-<S>          mark sources outside the cluster; affinity checks (recent
 *                                  lists MARINA-SEP-<H>); `statistic --mode random --probability`
 *                                  1/n, 1/(n-1) … → MARINA-SVC-<S>-<E>
 *          MARINA-SVC-<S>-<E>      an endpoint: hairpin mark (source is the backend) and DNAT
 *          MARINA-MARK-MASQ    sets 0x4000; MARINA-POSTROUTING masquerades marked packets
 *   filter MARINA-SERVICES     VIPs without ready backends → REJECT (from INPUT, FORWARD, OUTPUT)
 *
 * A delta declares (and so flushes) only the chains that change; MARINA-SERVICES
 * is rewritten only when the set of VIPs or their has-backends state changes.
 *
 * Naming and order are what keep iptables-nft fast at 10,000 VIPs. Its
 * `--noflush` restore (1.8.9) collects every chain name a batch mentions
 * (declared, appended to, jumped to) into a list kept sorted by insertion:
 * each name costs a walk past every smaller name already listed. Names in
 * random order made the 10,000-VIP batch (40,000 chains) quadratic: about a
 * minute. So an endpoint chain is named after its service chain
 * (`MARINA-SVC-<svc>-<ep>`), a service's chains sort together and after the
 * three fixed chains, and a batch visits services in descending name order,
 * each with everything that names its chains (declarations, rules, its
 * MARINA-SERVICES jump, deletions): every walk then stops within a few
 * entries. (<E> is 6 hash characters: two backends of one service share a
 * chain with a chance of about n²/1.5e9 for n backends.)
 */
import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { shortHash, IPT_PREFIX } from '../../model/names';
import type { TableDiff } from '../../sync/tracker';

export const SERVICES = `${IPT_PREFIX}SERVICES`;
export const POSTROUTING = `${IPT_PREFIX}POSTROUTING`;
export const MARK_MASQ = `${IPT_PREFIX}MARK-MASQ`;
const MARK = '0x4000';

export interface IptRenderOptions {
  clusterCidrs: string[];
  masqueradeAll: boolean;
}

/** `MARINA-SVC-` + 10 hash characters: 21 characters. */
export function svcChain(svc: VipService): string {
  return `${IPT_PREFIX}SVC-${shortHash(svc.key).slice(0, 10)}`;
}

/** Its service chain's name, `-`, 6 hash characters: 28, iptables' longest chain name. */
export function sepChain(svc: VipService, b: Backend): string {
  return `${svcChain(svc)}-${shortHash(svc.key, b.ip, String(b.port)).slice(0, 6)}`;
}

/** The `recent` list of an endpoint (affinity): a name of its own, independent of the chain layout. */
export function recentName(svc: VipService, b: Backend): string {
  return `${IPT_PREFIX}SEP-${shortHash(svc.key, b.ip, String(b.port))}`;
}

/** The service chain a chain belongs to (itself for a service chain); undefined for other chains. */
const GROUP = new RegExp(`^(${IPT_PREFIX}SVC-[A-Z0-9]{10})(?:-[A-Z0-9]+)?$`);
export function groupOf(chain: string): string | undefined {
  return GROUP.exec(chain)?.[1];
}

function plen(svc: { family: 4 | 6 }): string {
  return svc.family === 6 ? '128' : '32';
}

/**
 * Only the MARINA-SERVICES rules carry the apps and VIP (as kube-proxy's
 * large-cluster mode): a comment on each of the 7 rules of a 3-backend
 * service made the 10,000-VIP load ~30% slower.
 */
function comment(svc: VipService): string {
  return `-m comment --comment "${svc.appIds.join(',').replace(/[^A-Za-z0-9/._,-]/g, '').slice(0, 200)} ${svc.key}"`;
}

function match(svc: VipService): string {
  return `-d ${svc.ip}/${plen(svc)} -p ${svc.proto} -m ${svc.proto} --dport ${svc.port}`;
}

/** Probability for backend i of n: 1/(n-i), printed as kube-proxy does (10 decimals). */
export function probability(i: number, n: number): string {
  return (1 / (n - i)).toFixed(10);
}

function svcRules(svc: VipService, opts: IptRenderOptions): string[] {
  const chain = svcChain(svc);
  const out: string[] = [];
  if (opts.masqueradeAll) out.push(`-A ${chain} ${match(svc)} -j ${MARK_MASQ}`);
  else for (const cidr of opts.clusterCidrs.filter((c) => (svc.family === 6) === c.includes(':'))) out.push(`-A ${chain} ${match(svc)} ! -s ${cidr} -j ${MARK_MASQ}`);
  const n = svc.backends.length;
  if (svc.affinitySeconds) {
    for (const b of svc.backends) out.push(`-A ${chain} -m recent --name ${recentName(svc, b)} --rcheck --seconds ${svc.affinitySeconds} --reap -j ${sepChain(svc, b)}`);
  }
  svc.backends.forEach((b, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(i, n)}` : '';
    out.push(`-A ${chain}${stat} -j ${sepChain(svc, b)}`);
  });
  return out;
}

function sepRules(svc: VipService, b: Backend): string[] {
  const chain = sepChain(svc, b);
  const to = svc.family === 6 ? `[${b.ip}]:${b.port}` : `${b.ip}:${b.port}`;
  const recent = svc.affinitySeconds ? ` -m recent --name ${recentName(svc, b)} --set` : '';
  return [`-A ${chain} -s ${b.ip}/${plen(svc)} -j ${MARK_MASQ}`, `-A ${chain} -p ${svc.proto} -m ${svc.proto}${recent} -j DNAT --to-destination ${to}`];
}

function natDispatch(svc: VipService): string {
  return `-A ${SERVICES} ${comment(svc)} ${match(svc)} -j ${svcChain(svc)}`;
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

/** What a batch does to one service's chains (a group: the service chain and its endpoint chains). */
interface Group {
  /** Chains (re)written here, service chain first, with their rules. */
  write: Map<string, string[]>;
  /** The service's MARINA-SERVICES jump, when that chain is rewritten and the service has backends. */
  dispatch?: string;
  /** Chains removed: flushed with the others, deleted after the rules that jumped to them are gone. */
  drop: Set<string>;
}

class NatBatch {
  private readonly groups = new Map<string, Group>();
  /** Fixed chains rewritten at the top (MARINA-SERVICES first: it jumps to the service chains). */
  readonly fixed = new Map<string, string[]>();

  private group(chain: string): Group {
    const key = groupOf(chain) ?? chain;
    let g = this.groups.get(key);
    if (!g) {
      g = { write: new Map(), drop: new Set() };
      this.groups.set(key, g);
    }
    return g;
  }

  write(chain: string, rules: string[]): void {
    const g = this.group(chain);
    g.drop.delete(chain);
    g.write.set(chain, rules);
  }

  drop(chain: string): void {
    const g = this.group(chain);
    if (!g.write.has(chain)) g.drop.add(chain);
  }

  dispatch(svc: VipService): void {
    this.group(svcChain(svc)).dispatch = natDispatch(svc);
  }

  /** A whole service: its chain and every endpoint chain. */
  service(svc: VipService, opts: IptRenderOptions): void {
    this.write(svcChain(svc), svcRules(svc, opts));
    for (const b of svc.backends) this.write(sepChain(svc, b), sepRules(svc, b));
  }

  writes(chain: string): boolean {
    return this.fixed.has(chain) || (this.groups.get(groupOf(chain) ?? chain)?.write.has(chain) ?? false);
  }

  empty(): boolean {
    return this.fixed.size === 0 && this.groups.size === 0;
  }

  /** The *nat section: fixed chains, then each group in descending name order (see the header). */
  render(): { lines: string[]; chains: string[]; deleted: string[] } {
    const lines: string[] = ['*nat'];
    const chains: string[] = [];
    const deleted: string[] = [];
    for (const [c, rules] of this.fixed) lines.push(`:${c} - [0:0]`, ...rules);
    chains.push(...this.fixed.keys());
    const keys = [...this.groups.keys()].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    for (const key of keys) {
      const g = this.groups.get(key)!;
      // The service chain is flushed before the endpoint chains it jumped to are deleted.
      const drop = [...g.drop].sort((a, b) => (a === key ? -1 : b === key ? 1 : a < b ? 1 : -1));
      for (const c of [...g.write.keys(), ...drop]) lines.push(`:${c} - [0:0]`);
      const writes = [...g.write].sort(([a], [b]) => (a === key ? 1 : b === key ? -1 : 0));
      for (const [, rules] of writes) for (const r of rules) lines.push(r);
      if (g.dispatch) lines.push(g.dispatch);
      for (const c of drop.reverse()) lines.push(`-X ${c}`);
      for (const c of [...g.write.keys(), ...g.drop]) chains.push(c);
      for (const c of g.drop) deleted.push(c);
    }
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

function fixedChains(nat: NatBatch): void {
  nat.fixed.set(SERVICES, []);
  nat.fixed.set(MARK_MASQ, [`-A ${MARK_MASQ} -j MARK --or-mark ${MARK}`]);
  nat.fixed.set(POSTROUTING, [`-A ${POSTROUTING} -m mark ! --mark ${MARK}/${MARK} -j RETURN`, `-A ${POSTROUTING} -j MARK --xor-mark ${MARK}`, `-A ${POSTROUTING} -j MASQUERADE --random-fully`]);
}

/**
 * Everything, for one family. `existing` are the MARINA-* nat chains present
 * now (from iptables-save); those not wanted are deleted.
 */
export function renderFull(table: VipTable, family: 4 | 6, opts: IptRenderOptions, existing: string[] = []): IptBatch {
  const nat = new NatBatch();
  fixedChains(nat);
  for (const svc of table.values()) {
    if (svc.family !== family || svc.backends.length === 0) continue;
    nat.service(svc, opts);
    nat.dispatch(svc);
  }
  for (const c of existing) if (!nat.writes(c)) nat.drop(c);
  return assemble(nat, filterDispatch(table, family));
}

/** Only the chains a diff touches, for one family. */
export function renderDelta(diff: TableDiff, cur: VipTable, family: 4 | 6, opts: IptRenderOptions): IptBatch {
  const nat = new NatBatch();
  let dispatch = false;
  const mine = (s: VipService) => s.family === family;
  for (const svc of diff.added.filter(mine)) {
    dispatch = true;
    if (svc.backends.length > 0) nat.service(svc, opts);
  }
  for (const svc of diff.removed.filter(mine)) {
    dispatch = true;
    if (svc.backends.length === 0) continue;
    nat.drop(svcChain(svc));
    for (const b of svc.backends) nat.drop(sepChain(svc, b));
  }
  for (const [prev, svc] of diff.changed.filter(([, c]) => mine(c))) {
    if ((prev.backends.length === 0) !== (svc.backends.length === 0)) dispatch = true;
    const keep = new Set(svc.backends.map((b) => sepChain(svc, b)));
    for (const b of prev.backends) if (!keep.has(sepChain(prev, b))) nat.drop(sepChain(prev, b));
    if (svc.backends.length === 0) {
      nat.drop(svcChain(prev));
      continue;
    }
    nat.write(svcChain(svc), svcRules(svc, opts));
    const had = new Set(prev.backends.map((b) => sepChain(prev, b)));
    for (const b of svc.backends) {
      if (!had.has(sepChain(svc, b)) || prev.affinitySeconds !== svc.affinitySeconds) nat.write(sepChain(svc, b), sepRules(svc, b));
    }
  }
  if (!dispatch) return assemble(nat, undefined);
  nat.fixed.set(SERVICES, []);
  for (const svc of cur.values()) if (mine(svc) && svc.backends.length > 0) nat.dispatch(svc);
  return assemble(nat, filterDispatch(cur, family));
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
