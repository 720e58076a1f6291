/**
 * Reading the policy table back from `nft -j list table inet marina-policy`:
 * the same shape as the desired table (sets and map elements, chains as their
 * rule tags, the named counters) so drift is found by diff.ts. Rules without a
 * tag (added by hand) make their chain differ, and so does a counted rule
 * whose counter is not its own named one (an anonymous counter of an older
 * agent, a hand edit). The status reads only the counters
 * (`nft -j list counters table inet marina-policy`, parseCounters).
 */
import { emptyTable, MAP_NAMES, type DesiredPolicyTable, type MapName } from './desired';
import { counterName, parseCounterName } from './names';

export interface RuleCounter {
  chain: string;
  tag: string;
  packets: number;
  bytes: number;
}

export interface KernelPolicyTable {
  /** With `counters` set: the counter objects it holds. */
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

function items(json: string): Json[] {
  return (JSON.parse(json) as { nftables?: Json[] }).nftables ?? [];
}

/** A counter object of the listing as the rule it counts, or undefined for one not named by counterName. */
function ruleCounter(item: Json): { name: string; counter?: RuleCounter } | undefined {
  const c = item.counter as { name?: string; packets?: number; bytes?: number } | undefined;
  if (!c || typeof c !== 'object' || typeof c.name !== 'string') return undefined;
  const at = parseCounterName(c.name);
  return { name: c.name, ...(at ? { counter: { ...at, packets: c.packets ?? 0, bytes: c.bytes ?? 0 } } : {}) };
}

/** Parse `nft -j list counters table …`: each rule's counts (the status report). */
export function parseCounters(json: string): RuleCounter[] {
  const out: RuleCounter[] = [];
  for (const item of items(json)) {
    const c = ruleCounter(item)?.counter;
    if (c) out.push(c);
  }
  return out;
}

/** The tag a rule is compared by: its comment, marked when a counted rule does not use its own named counter. */
function ruleTagOf(chain: string, r: { comment?: string; expr?: Json[] }): string {
  const tag = r.comment ?? '';
  if (tag === '' || tag.startsWith('base:')) return tag;
  const ref = (r.expr ?? []).find((e) => 'counter' in e)?.counter;
  return ref === counterName(chain, tag) ? tag : `${tag}~counter`;
}

/** Parse nft's JSON listing of the table. */
export function parseKernelTable(json: string): KernelPolicyTable {
  const t = emptyTable();
  t.counters = new Set();
  const counters: RuleCounter[] = [];
  const maps = new Set<MapName>();
  for (const item of items(json)) {
    if (item.counter) {
      const c = ruleCounter(item);
      if (c) t.counters.add(c.name);
      if (c?.counter) counters.push(c.counter);
    } else if (item.set) {
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
      t.chains.get(r.chain)?.rules.push({ text: '', tag: ruleTagOf(r.chain, r) });
    }
  }
  return { table: t, counters, maps };
}

/** Whether the table has what every delta assumes (the four maps and the base chain). */
export function hasSkeleton(k: KernelPolicyTable): boolean {
  return k.table.chains.get('forward')?.hook === 'forward' && MAP_NAMES.every((m) => k.maps.has(m));
}
