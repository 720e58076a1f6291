/**
 * Pure nftables renderer. Layout (table `inet marina`, nothing else touched):
 *
 *   vips4/vips6   verdict map  daddr . l4proto . dport → goto pick-<n> | goto aff-<H>
 *   be4/be6       data map     daddr . l4proto . dport . index → backend ip . port
 *   noep4/noep6   set of VIPs without a ready backend → reject (filter hooks)
 *   hairpin4/6    set of backend . backend → masquerade (a task reaching itself)
 *   pick-<n>      one chain per backend count: `dnat to ... numgen random mod n map @be4`
 *
 * Dispatch is one verdict-map lookup and backend choice one map lookup,
 * whatever the number of services. All per-service state lives in shared
 * named maps updated element by element: with nft 1.0.6, 10,000 services
 * with their own inline `numgen ... vmap` took 27 s to load and 92 s to
 * replace, while elements in shared maps load in well under a second.
 * Only services with client-IP affinity get chains of their own
 * (kube-proxy's layout: per-backend chains that remember clients in a set
 * with a timeout).
 */
import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { shortHash, NFT_TABLE } from '../../model/names';
import type { TableDiff } from '../../sync/tracker';

export const MASQ_MARK = '0x00004000';

export interface NftRenderOptions {
  clusterCidrs: string[];
  masqueradeAll: boolean;
}

/** What exists in the kernel besides map elements: the highest pick-<n> chain. */
export interface NftState {
  pickMax: number;
}

const T = `inet ${NFT_TABLE}`;

function fam(svc: { family: 4 | 6 }): '4' | '6' {
  return svc.family === 6 ? '6' : '4';
}

function vipKey(svc: VipService): string {
  return `${svc.ip} . ${svc.proto} . ${svc.port}`;
}

export function affChain(svc: VipService): string {
  return `aff-${shortHash(svc.key)}`;
}

function affEp(svc: VipService, b: Backend): string {
  return `${affChain(svc)}-${shortHash(b.ip, String(b.port)).slice(0, 8)}`;
}

function verdict(svc: VipService): string {
  return svc.affinitySeconds ? `goto ${affChain(svc)}` : `goto pick-${svc.backends.length}`;
}

function ipKw(svc: { family: 4 | 6 }): string {
  return svc.family === 6 ? 'ip6' : 'ip';
}

function masqRules(opts: NftRenderOptions, family: 4 | 6): string[] {
  if (opts.masqueradeAll) return ['jump mark-for-masquerade'];
  const cidrs = opts.clusterCidrs.filter((c) => (family === 6) === c.includes(':'));
  if (cidrs.length === 0) return [];
  return [`${family === 6 ? 'ip6' : 'ip'} saddr != { ${cidrs.join(', ')} } jump mark-for-masquerade`];
}

function pickChain(n: number, opts: NftRenderOptions): string[] {
  const rules: string[] = [];
  for (const f of [4, 6] as const) {
    const kw = f === 6 ? 'ip6' : 'ip';
    for (const m of masqRules(opts, f)) rules.push(`meta nfproto ipv${f} ${m}`);
    rules.push(`meta nfproto ipv${f} dnat ${kw} to ${kw} daddr . meta l4proto . th dport . numgen random mod ${n} map @be${f}`);
  }
  return rules;
}

/** The objects of one affinity service: sets, per-backend chains, the service chain (add only). */
function affinityObjects(svc: VipService, opts: NftRenderOptions): string[] {
  const out: string[] = [];
  const kw = ipKw(svc);
  const addrType = svc.family === 6 ? 'ipv6_addr' : 'ipv4_addr';
  const chain = affChain(svc);
  out.push(`add chain ${T} ${chain}`);
  for (const b of svc.backends) {
    const ep = affEp(svc, b);
    out.push(`add set ${T} ${ep} { type ${addrType}; flags dynamic,timeout; timeout ${svc.affinitySeconds}s; }`);
    out.push(`add chain ${T} ${ep}`);
    out.push(`flush chain ${T} ${ep}`);
    out.push(`add rule ${T} ${ep} ${kw} saddr ${b.ip} jump mark-for-masquerade`);
    out.push(`add rule ${T} ${ep} update @${ep} { ${kw} saddr }`);
    out.push(`add rule ${T} ${ep} meta l4proto ${svc.proto} dnat ${kw} to ${svc.family === 6 ? `[${b.ip}]` : b.ip}:${b.port}`);
  }
  out.push(`flush chain ${T} ${chain}`);
  for (const m of masqRules(opts, svc.family)) out.push(`add rule ${T} ${chain} ${m}`);
  for (const b of svc.backends) out.push(`add rule ${T} ${chain} ${kw} saddr @${affEp(svc, b)} goto ${affEp(svc, b)}`);
  if (svc.backends.length > 0) {
    const vm = svc.backends.map((b, i) => `${i} : goto ${affEp(svc, b)}`).join(', ');
    out.push(`add rule ${T} ${chain} numgen random mod ${svc.backends.length} vmap { ${vm} }`);
  }
  return out;
}

function affinityRemove(svc: VipService, keep: Set<string>): string[] {
  const out: string[] = [];
  const chain = affChain(svc);
  out.push(`flush chain ${T} ${chain}`); // drop references before deleting per-backend chains
  for (const b of svc.backends) {
    const ep = affEp(svc, b);
    if (keep.has(ep)) continue;
    out.push(`flush chain ${T} ${ep}`, `delete chain ${T} ${ep}`, `delete set ${T} ${ep}`);
  }
  if (!keep.has(chain)) out.push(`delete chain ${T} ${chain}`);
  return out;
}

function hairpins(table: Iterable<VipService>): Map<string, 4 | 6> {
  const out = new Map<string, 4 | 6>();
  for (const svc of table) for (const b of svc.backends) out.set(`${b.ip} . ${b.ip}`, svc.family);
  return out;
}

/** Element lines for one service (`add` or `delete`). */
function serviceElements(op: 'add' | 'delete', svc: VipService): string[] {
  const f = fam(svc);
  if (svc.backends.length === 0) return [`${op} element ${T} noep${f} { ${vipKey(svc)} }`];
  // No per-element comment: at 10,000 VIPs comments double the load time (0.5 s → 1 s); owners are in /stats.
  const out = [`${op} element ${T} vips${f} { ${vipKey(svc)}${op === 'add' ? ` : ${verdict(svc)}` : ''} }`];
  if (!svc.affinitySeconds) {
    const els = svc.backends.map((b, i) => `${vipKey(svc)} . ${i}${op === 'add' ? ` : ${b.ip} . ${b.port}` : ''}`);
    out.push(`${op} element ${T} be${f} { ${els.join(', ')} }`);
  }
  return out;
}

export function maxPick(table: Iterable<VipService>): number {
  let n = 0;
  for (const svc of table) if (!svc.affinitySeconds) n = Math.max(n, svc.backends.length);
  return n;
}

/** Table skeleton: maps, sets, hook chains (no elements). */
function skeleton(opts: NftRenderOptions, pickMax: number): string[] {
  const out: string[] = [`add table ${T}`, `delete table ${T}`, `add table ${T} { comment "owned by marina lb"; }`];
  for (const f of ['4', '6'] as const) {
    const kw = f === '6' ? 'ip6' : 'ip';
    const addr = f === '6' ? 'ipv6_addr' : 'ipv4_addr';
    out.push(`add map ${T} vips${f} { type ${addr} . inet_proto . inet_service : verdict; }`);
    out.push(`add map ${T} be${f} { typeof ${kw} daddr . meta l4proto . th dport . numgen random mod 1 : ${kw} daddr . th dport; }`);
    out.push(`add set ${T} noep${f} { type ${addr} . inet_proto . inet_service; }`);
    out.push(`add set ${T} hairpin${f} { type ${addr} . ${addr}; }`);
  }
  out.push(`add chain ${T} mark-for-masquerade`, `add rule ${T} mark-for-masquerade meta mark set meta mark | ${MASQ_MARK}`);
  out.push(`add chain ${T} masquerading`);
  out.push(`add rule ${T} masquerading meta mark & ${MASQ_MARK} == 0 return`);
  out.push(`add rule ${T} masquerading meta mark set meta mark ^ ${MASQ_MARK}`);
  out.push(`add rule ${T} masquerading masquerade fully-random`);
  out.push(`add chain ${T} services`);
  out.push(`add rule ${T} services ip daddr . meta l4proto . th dport vmap @vips4`);
  out.push(`add rule ${T} services ip6 daddr . meta l4proto . th dport vmap @vips6`);
  out.push(`add chain ${T} nat-prerouting { type nat hook prerouting priority -100; policy accept; }`, `add rule ${T} nat-prerouting jump services`);
  out.push(`add chain ${T} nat-output { type nat hook output priority -100; policy accept; }`, `add rule ${T} nat-output jump services`);
  out.push(`add chain ${T} nat-postrouting { type nat hook postrouting priority 100; policy accept; }`);
  out.push(`add rule ${T} nat-postrouting ct status dnat ip saddr . ip daddr @hairpin4 masquerade`);
  out.push(`add rule ${T} nat-postrouting ct status dnat ip6 saddr . ip6 daddr @hairpin6 masquerade`);
  out.push(`add rule ${T} nat-postrouting jump masquerading`);
  // No ready backend: reject (ICMP port unreachable / TCP reset), never a silent drop.
  // Only new flows are looked up (as kube-proxy's filter chains do): packets of
  // established connections skip the set lookups, which keeps keep-alive
  // throughput at the hand-written-rule level. Flows to removed backends are
  // new again once their conntrack entries are deleted.
  // TCP gets a reset: ICMPv6 errors are rate limited per peer (the first one
  // to a new peer is dropped, so an IPv6 client saw "refused" only after its
  // SYN retransmit, ~1 s); UDP gets ICMP port unreachable.
  out.push(`add chain ${T} noep-reject`, `add rule ${T} noep-reject meta l4proto tcp reject with tcp reset`, `add rule ${T} noep-reject reject`);
  out.push(`add chain ${T} reject-noep`);
  out.push(`add rule ${T} reject-noep ip daddr . meta l4proto . th dport @noep4 goto noep-reject`);
  out.push(`add rule ${T} reject-noep ip6 daddr . meta l4proto . th dport @noep6 goto noep-reject`);
  for (const hook of ['input', 'forward', 'output']) {
    out.push(`add chain ${T} filter-${hook} { type filter hook ${hook} priority -110; policy accept; }`, `add rule ${T} filter-${hook} ct state new jump reject-noep`);
  }
  for (let n = 1; n <= pickMax; n++) out.push(...pickChainLines(n, opts));
  return out;
}

function pickChainLines(n: number, opts: NftRenderOptions): string[] {
  return [`add chain ${T} pick-${n}`, ...pickChain(n, opts).map((r) => `add rule ${T} pick-${n} ${r}`)];
}

/**
 * pick-1 … pick-16 exist from the first full batch on: nft 1.0.6 refuses a
 * pick chain added by a later batch (its `be` map then comes from the kernel:
 * "conflicting protocols specified: ip vs. th"), so a delta needing a new one
 * fails and the table is rewritten. Past 16 backends that still happens, once
 * per new count.
 */
export const PICK_PRESET = 16;

/** Full replacement of the table in one atomic batch. */
export function renderFull(table: VipTable, opts: NftRenderOptions): { batch: string; state: NftState } {
  const pickMax = Math.max(PICK_PRESET, maxPick(table.values()));
  const out = skeleton(opts, pickMax);
  for (const svc of table.values()) if (svc.affinitySeconds && svc.backends.length > 0) out.push(...affinityObjects(svc, opts));
  // One `add element` per map (not per service): nft parses a long element list far faster.
  const byMap = new Map<string, string[]>();
  for (const svc of table.values()) {
    for (const line of serviceElements('add', svc)) {
      const m = /^add element inet \S+ (\S+) \{ (.*) \}$/.exec(line)!;
      const els = byMap.get(m[1]);
      if (els) els.push(m[2]);
      else byMap.set(m[1], [m[2]]);
    }
  }
  for (const [pair, f] of hairpins(table.values())) {
    const els = byMap.get(`hairpin${f}`);
    if (els) els.push(pair);
    else byMap.set(`hairpin${f}`, [pair]);
  }
  for (const [map, els] of byMap) {
    for (let i = 0; i < els.length; i += 4096) out.push(`add element ${T} ${map} { ${els.slice(i, i + 4096).join(', ')} }`);
  }
  return { batch: out.join('\n') + '\n', state: { pickMax } };
}

/** Only what changed between prev and cur, as one batch (empty string: nothing to do). */
export function renderDelta(diff: TableDiff, prev: VipTable, cur: VipTable, state: NftState, opts: NftRenderOptions): { batch: string; state: NftState } {
  const out: string[] = [];
  const pickMax = Math.max(state.pickMax, maxPick(cur.values()));
  for (let n = state.pickMax + 1; n <= pickMax; n++) out.push(...pickChainLines(n, opts));
  const curObjects = new Set<string>();
  for (const svc of cur.values()) {
    if (!svc.affinitySeconds || svc.backends.length === 0) continue;
    curObjects.add(affChain(svc));
    for (const b of svc.backends) curObjects.add(affEp(svc, b));
  }
  const removed = [...diff.removed, ...diff.changed.map(([p]) => p)];
  const added = [...diff.added, ...diff.changed.map(([, c]) => c)];
  for (const svc of removed) out.push(...serviceElements('delete', svc));
  for (const svc of removed) if (svc.affinitySeconds && svc.backends.length > 0) out.push(...affinityRemove(svc, curObjects));
  for (const svc of added) if (svc.affinitySeconds && svc.backends.length > 0) out.push(...affinityObjects(svc, opts));
  for (const svc of added) out.push(...serviceElements('add', svc));
  const before = hairpins(prev.values());
  const after = hairpins(cur.values());
  for (const [pair, f] of before) if (!after.has(pair)) out.push(`delete element ${T} hairpin${f} { ${pair} }`);
  for (const [pair, f] of after) if (!before.has(pair)) out.push(`add element ${T} hairpin${f} { ${pair} }`);
  return { batch: out.length ? out.join('\n') + '\n' : '', state: { pickMax } };
}

/** Removes the table (and only it); `add` first so a missing table is not an error. */
export function renderCleanup(): string {
  return `add table ${T}\ndelete table ${T}\n`;
}
