/**
 * Pure nft text of the policy table (`inet marina-policy`, nothing else touched):
 *
 *   in4/in6     verdict map  local task IP (destination) → goto in-<app>
 *   out4/out6   verdict map  local task IP (source) → jump out-<app> (apps with egress policies)
 *   peer-<sel>-4/-6  set     every task IP, cluster-wide, of the apps a rule's peer selector picks
 *   in-<app>    chain        the rules of every policy selecting the app, each counted, then a counted drop (or reject)
 *   forward     base chain at `priority filter` (0): after VIP DNAT (dstnat, -100), so a packet through a VIP
 *               is checked against the real destination; `ct state established,related accept` first, then one
 *               verdict-map lookup per direction and family. (No output hook: the host reaches its own tasks.)
 *
 * renderFull replaces the table in one transaction; renderDelta changes only
 * what diff.ts found (elements for task starts and stops, whole chains for
 * policy changes). Each rule carries its tag as comment (names.ts).
 */
import { MAP_NAMES, type DesiredPolicyTable, type PolicyChain, type PolicySet } from './desired';
import type { PolicyTableDiff } from './diff';
import { T } from './names';

/** Elements per `add element` statement (keeps lines short for nft's parser). */
const CHUNK = 2000;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

function setLine(name: string, s: PolicySet): string {
  return `add set ${T} ${name} { type ${s.family === 6 ? 'ipv6_addr' : 'ipv4_addr'}; }`;
}

function mapLine(name: string): string {
  return `add map ${T} ${name} { type ${name.endsWith('6') ? 'ipv6_addr' : 'ipv4_addr'} : verdict; }`;
}

function chainLine(c: PolicyChain): string {
  return c.hook ? `add chain ${T} ${c.name} { type filter hook ${c.hook} priority filter; policy accept; }` : `add chain ${T} ${c.name}`;
}

function ruleLines(c: PolicyChain): string[] {
  return c.rules.map((r) => `add rule ${T} ${c.name} ${r.text} comment "${r.tag}"`);
}

function elementLines(set: string, elements: string[], op: 'add' | 'delete'): string[] {
  return chunks(elements).map((c) => `${op} element ${T} ${set} { ${c.join(', ')} }`);
}

function mapElementLines(map: string, entries: Array<[string, string]>): string[] {
  return chunks(entries).map((c) => `add element ${T} ${map} { ${c.map(([k, v]) => `${k} : ${v}`).join(', ')} }`);
}

/** App chains before base chains: a base chain's maps point into app chains only through elements, added last. */
function ordered(chains: Iterable<PolicyChain>): PolicyChain[] {
  const list = [...chains];
  return [...list.filter((c) => !c.hook), ...list.filter((c) => c.hook)];
}

/** The whole table, replacing whatever is there (one transaction). */
export function renderFull(t: DesiredPolicyTable): string {
  const out = [`add table ${T}`, `delete table ${T}`, `add table ${T}`];
  for (const m of MAP_NAMES) out.push(mapLine(m));
  for (const [name, s] of t.sets) out.push(setLine(name, s));
  const chains = ordered(t.chains.values());
  for (const c of chains) out.push(chainLine(c));
  for (const c of chains) out.push(...ruleLines(c));
  for (const [name, s] of t.sets) if (s.elements.size > 0) out.push(...elementLines(name, [...s.elements], 'add'));
  for (const m of MAP_NAMES) if (t.maps[m].size > 0) out.push(...mapElementLines(m, [...t.maps[m]]));
  return out.join('\n') + '\n';
}

/** Only the changes (one transaction): new objects, element deletes before adds, removed chains and sets last. */
export function renderDelta(d: PolicyTableDiff): string {
  const out: string[] = [];
  for (const [name, s] of d.addSets) out.push(setLine(name, s));
  for (const c of ordered(d.addChains)) out.push(chainLine(c));
  for (const c of ordered(d.addChains)) out.push(...ruleLines(c));
  for (const c of d.rewriteChains) out.push(`flush chain ${T} ${c.name}`, ...ruleLines(c));
  for (const m of d.delMapElements) out.push(...elementLines(m.map, m.keys, 'delete'));
  for (const s of d.delElements) if (!d.delSets.includes(s.set)) out.push(...elementLines(s.set, s.elements, 'delete'));
  for (const s of d.addElements) out.push(...elementLines(s.set, s.elements, 'add'));
  for (const m of d.addMapElements) out.push(...mapElementLines(m.map, m.entries));
  for (const name of d.delChains) out.push(`flush chain ${T} ${name}`, `delete chain ${T} ${name}`);
  for (const name of d.delSets) out.push(`delete set ${T} ${name}`);
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

/** Remove the table (succeeds when it is absent). */
export function renderCleanup(): string {
  return `add table ${T}\ndelete table ${T}\n`;
}

