/**
 * Reading the policy table back from `nft -j list table inet marina-policy`:
 * the same shape as the desired table (sets and map elements, chains as their
 * rule tags) so drift is found by diff.ts, plus each rule's counters for the
 * status report. Rules without a tag (added by hand) make their chain differ.
 */
import { emptyTable, MAP_NAMES, type DesiredPolicyTable, type MapName } from './desired';

export interface RuleCounter {
  chain: string;
  tag: string;
  packets: number;
  bytes: number;
}

export interface KernelPolicyTable {
  table: DesiredPolicyTable;
  counters: RuleCounter[];
  /** The dispatch maps the listing held (an absent map and an empty one look alike in `table`). */
  maps: Set<MapName>;
}

type Json = Record<string, unknown>;

function elemKey(e: unknown): string | undefined {
  if (typeof e === 'string') return e;
  if (e && typeof e === 'object' && 'elem' in (e as Json)) return elemKey(((e as Json).elem as Json).val);
  return undefined;
}

function verdictText(v: unknown): string | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, { target?: string } | null>;
  for (const k of ['goto', 'jump']) if (o[k]?.target) return `${k} ${o[k]!.target}`;
  return undefined;
}

/** Parse nft's JSON listing of the table. */
export function parseKernelTable(json: string): KernelPolicyTable {
  const t = emptyTable();
  const counters: RuleCounter[] = [];
  const maps = new Set<MapName>();
  const items = (JSON.parse(json) as { nftables?: Json[] }).nftables ?? [];
  for (const item of items) {
    if (item.set) {
      const s = item.set as { name: string; type: string; elem?: unknown[] };
      const elements = new Set<string>();
      for (const e of s.elem ?? []) {
        const k = elemKey(e);
        if (k !== undefined) elements.add(k);
      }
      t.sets.set(s.name, { family: s.type === 'ipv6_addr' ? 6 : 4, elements });
    } else if (item.map) {
      const m = item.map as { name: string; elem?: Array<[unknown, unknown]> };
      if (!(MAP_NAMES as readonly string[]).includes(m.name)) continue;
      maps.add(m.name as MapName);
      const map = t.maps[m.name as MapName];
      for (const [k, v] of m.elem ?? []) {
        const key = elemKey(k);
        const verdict = verdictText(v);
        if (key !== undefined && verdict) map.set(key, verdict);
      }
    } else if (item.chain) {
      const c = item.chain as { name: string; hook?: string };
      const hook = c.hook === 'forward' ? c.hook : undefined;
      t.chains.set(c.name, { name: c.name, appId: '', ...(hook ? { hook } : {}), rules: [], policyIds: [] });
    } else if (item.rule) {
      const r = item.rule as { chain: string; comment?: string; expr?: Json[] };
      const chain = t.chains.get(r.chain);
      const tag = r.comment ?? '';
      chain?.rules.push({ text: '', tag });
      const counter = (r.expr ?? []).find((e) => e.counter)?.counter as { packets?: number; bytes?: number } | undefined;
      if (counter) counters.push({ chain: r.chain, tag, packets: counter.packets ?? 0, bytes: counter.bytes ?? 0 });
    }
  }
  return { table: t, counters, maps };
}

/** Whether the table has what every delta assumes (the four maps and the base chain). */
export function hasSkeleton(k: KernelPolicyTable): boolean {
  return k.table.chains.get('forward')?.hook === 'forward' && MAP_NAMES.every((m) => k.maps.has(m));
}
