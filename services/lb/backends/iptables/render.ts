/**
 * Pure iptables renderer in kube-proxy's layout, for iptables-restore --noflush:
 *
 *   nat    MARINA-SERVICES     one rule per VIP → MARINA-SVC-<H>   (from PREROUTING, OUTPUT)
 *          MARINA-SVC-<H>      mark sources outside the cluster; affinity checks;
 *                              `statistic --mode random --probability` 1/n, 1/(n-1) … → MARINA-SEP-<H>
 *          MARINA-SEP-<H>      hairpin mark (source is the backend) and DNAT
 *          MARINA-MARK-MASQ    sets 0x4000; MARINA-POSTROUTING masquerades marked packets
 *   filter MARINA-SERVICES     VIPs without ready backends → REJECT (from INPUT, FORWARD, OUTPUT)
 *
 * A delta declares (and so flushes) only the chains that change; MARINA-SERVICES
 * is rewritten only when the set of VIPs or their has-backends state changes.
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

export function svcChain(svc: VipService): string {
  return `${IPT_PREFIX}SVC-${shortHash(svc.key)}`;
}

export function sepChain(svc: VipService, b: Backend): string {
  return `${IPT_PREFIX}SEP-${shortHash(svc.key, b.ip, String(b.port))}`;
}

function plen(svc: { family: 4 | 6 }): string {
  return svc.family === 6 ? '128' : '32';
}

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
    for (const b of svc.backends) out.push(`-A ${chain} ${comment(svc)} -m recent --name ${sepChain(svc, b)} --rcheck --seconds ${svc.affinitySeconds} --reap -j ${sepChain(svc, b)}`);
  }
  svc.backends.forEach((b, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(i, n)}` : '';
    out.push(`-A ${chain} ${comment(svc)}${stat} -j ${sepChain(svc, b)}`);
  });
  return out;
}

function sepRules(svc: VipService, b: Backend): string[] {
  const chain = sepChain(svc, b);
  const to = svc.family === 6 ? `[${b.ip}]:${b.port}` : `${b.ip}:${b.port}`;
  const recent = svc.affinitySeconds ? ` -m recent --name ${chain} --set` : '';
  return [`-A ${chain} ${comment(svc)} -s ${b.ip}/${plen(svc)} -j ${MARK_MASQ}`, `-A ${chain} ${comment(svc)} -p ${svc.proto} -m ${svc.proto}${recent} -j DNAT --to-destination ${to}`];
}

function dispatchRules(table: VipTable, family: 4 | 6): { nat: string[]; filter: string[] } {
  const nat: string[] = [];
  const filter: string[] = [];
  for (const svc of table.values()) {
    if (svc.family !== family) continue;
    if (svc.backends.length > 0) nat.push(`-A ${SERVICES} ${comment(svc)} ${match(svc)} -j ${svcChain(svc)}`);
    else filter.push(`-A ${SERVICES} ${comment(svc)} ${match(svc)} -j REJECT${svc.proto === 'tcp' ? ' --reject-with tcp-reset' : ''}`);
  }
  return { nat, filter };
}

export interface IptBatch {
  /** iptables-restore input (both tables), or '' when nothing changed. */
  text: string;
  /** Chains it declares or deletes, for tests. */
  chains: string[];
}

function assemble(natChains: Map<string, string[]>, natDelete: string[], filterChains: Map<string, string[]> | undefined): IptBatch {
  const lines: string[] = [];
  const chains: string[] = [];
  if (natChains.size > 0 || natDelete.length > 0) {
    lines.push('*nat');
    for (const c of [...natChains.keys(), ...natDelete]) lines.push(`:${c} - [0:0]`);
    for (const rules of natChains.values()) lines.push(...rules);
    for (const c of natDelete) lines.push(`-X ${c}`);
    lines.push('COMMIT');
    chains.push(...natChains.keys(), ...natDelete);
  }
  if (filterChains) {
    lines.push('*filter');
    for (const c of filterChains.keys()) lines.push(`:${c} - [0:0]`);
    for (const rules of filterChains.values()) lines.push(...rules);
    lines.push('COMMIT');
  }
  return { text: lines.length ? lines.join('\n') + '\n' : '', chains };
}

/**
 * Everything, for one family. `existing` are the MARINA-* nat chains present
 * now (from iptables-save); those not wanted are deleted.
 */
export function renderFull(table: VipTable, family: 4 | 6, opts: IptRenderOptions, existing: string[] = []): IptBatch {
  const nat = new Map<string, string[]>();
  const d = dispatchRules(table, family);
  nat.set(SERVICES, d.nat);
  nat.set(MARK_MASQ, [`-A ${MARK_MASQ} -j MARK --or-mark ${MARK}`]);
  nat.set(POSTROUTING, [`-A ${POSTROUTING} -m mark ! --mark ${MARK}/${MARK} -j RETURN`, `-A ${POSTROUTING} -j MARK --xor-mark ${MARK}`, `-A ${POSTROUTING} -j MASQUERADE --random-fully`]);
  for (const svc of table.values()) {
    if (svc.family !== family || svc.backends.length === 0) continue;
    nat.set(svcChain(svc), svcRules(svc, opts));
    for (const b of svc.backends) nat.set(sepChain(svc, b), sepRules(svc, b));
  }
  const stale = existing.filter((c) => !nat.has(c));
  return assemble(nat, stale, new Map([[SERVICES, d.filter]]));
}

/** Only the chains a diff touches, for one family. */
export function renderDelta(diff: TableDiff, cur: VipTable, family: 4 | 6, opts: IptRenderOptions): IptBatch {
  const nat = new Map<string, string[]>();
  const del = new Set<string>();
  let dispatch = false;
  const mine = (s: VipService) => s.family === family;
  for (const svc of diff.added.filter(mine)) {
    dispatch = true;
    if (svc.backends.length === 0) continue;
    nat.set(svcChain(svc), svcRules(svc, opts));
    for (const b of svc.backends) nat.set(sepChain(svc, b), sepRules(svc, b));
  }
  for (const svc of diff.removed.filter(mine)) {
    dispatch = true;
    if (svc.backends.length === 0) continue;
    del.add(svcChain(svc));
    for (const b of svc.backends) del.add(sepChain(svc, b));
  }
  for (const [prev, svc] of diff.changed.filter(([, c]) => mine(c))) {
    if ((prev.backends.length === 0) !== (svc.backends.length === 0)) dispatch = true;
    const keep = new Set(svc.backends.map((b) => sepChain(svc, b)));
    for (const b of prev.backends) if (!keep.has(sepChain(prev, b))) del.add(sepChain(prev, b));
    if (svc.backends.length === 0) {
      del.add(svcChain(prev));
      continue;
    }
    nat.set(svcChain(svc), svcRules(svc, opts));
    const had = new Set(prev.backends.map((b) => sepChain(prev, b)));
    for (const b of svc.backends) {
      if (!had.has(sepChain(svc, b)) || prev.affinitySeconds !== svc.affinitySeconds) nat.set(sepChain(svc, b), sepRules(svc, b));
    }
  }
  let filter: Map<string, string[]> | undefined;
  if (dispatch) {
    const d = dispatchRules(cur, family);
    // Declared first so the service chains it jumps to are flushed after it.
    const ordered = new Map<string, string[]>([[SERVICES, d.nat], ...nat]);
    nat.clear();
    for (const [k, v] of ordered) nat.set(k, v);
    filter = new Map([[SERVICES, d.filter]]);
  }
  for (const c of del) nat.delete(c);
  return assemble(nat, [...del], filter);
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
