/**
 * Names in the policy table (`inet marina-policy`). Every chain and set name
 * is a role prefix and a short hash of its owner (an app id, a peer
 * selector), so names stay short whatever the ids, and the same inputs give
 * the same names on every host and after a restart (kube-proxy hashAndTruncate).
 */
import { shortHash as hash } from '../names';
import type { PolicySelector } from '../../../lib/model/policy';

/**
 * shortHash, remembered: every sync names every chain and set again, and at
 * 1,000 policies × 10,000 IPs sha256 was a fifth of the render. Bounded: cleared
 * when it holds 100,000 names.
 */
const memo = new Map<string, string>();
function shortHash(s: string, len: number): string {
  const key = `${len}\n${s}`;
  let h = memo.get(key);
  if (h === undefined) {
    if (memo.size >= 100_000) memo.clear();
    h = hash(s, len);
    memo.set(key, h);
  }
  return h;
}

export const POLICY_TABLE = 'marina-policy';
export const POLICY_FAMILY = 'inet';
/** `inet marina-policy`, as nft commands name it. */
export const T = `${POLICY_FAMILY} ${POLICY_TABLE}`;

export type Direction = 'ingress' | 'egress';
export type Family = 4 | 6;

/** The per-app chain of one direction: `in-<app10>` / `out-<app10>`. */
export function appChainName(appId: string, dir: Direction): string {
  return `${dir === 'ingress' ? 'in' : 'out'}-${shortHash(appId, 10)}`;
}

/** The dispatch verdict maps: destination (ingress) or source (egress) task IP → app chain. */
export function dispatchMapName(dir: Direction, fam: Family): string {
  return `${dir === 'ingress' ? 'in' : 'out'}${fam}`;
}

/** The canonical text of a peer selector (sorted), the key of its address sets. */
export function peerKey(sel: PolicySelector): string {
  const apps = [...(sel.apps ?? [])].sort();
  const labels = Object.entries(sel.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ apps, labels });
}

/** The address set of one peer selector: `peer-<sel10>-4` / `-6`, every task IP of the apps it picks, cluster-wide. */
export function peerSetName(key: string, fam: Family): string {
  return `peer-${shortHash(key, 10)}-${fam}`;
}

/**
 * A rule's comment, which names it in counters and in drift checks:
 * `<policy8>:<i|e>:<index>:<rule8>` (rule8 hashes the rule text, so a rule
 * edited by hand no longer matches); the chain's final verdict is `drop:<rule8>`.
 */
export function ruleTag(policyId: string, dir: Direction, index: number, text: string): string {
  return `${shortHash(policyId, 8)}:${dir === 'ingress' ? 'i' : 'e'}:${index}:${shortHash(text, 8)}`;
}

export function dropTag(text: string): string {
  return `drop:${shortHash(text, 8)}`;
}

/** A tag of the base chains' fixed rules. */
export function baseTag(text: string): string {
  return `base:${shortHash(text, 8)}`;
}

/** The parts of a ruleTag, or undefined for drop and base tags. */
export function parseRuleTag(tag: string): { policyHash: string; dir: Direction; index: number } | undefined {
  const m = /^([0-9a-f]{8}):([ie]):(\d+):[0-9a-f]{8}$/.exec(tag);
  if (!m) return undefined;
  return { policyHash: m[1], dir: m[2] === 'i' ? 'ingress' : 'egress', index: Number(m[3]) };
}

export function policyHash(policyId: string): string {
  return shortHash(policyId, 8);
}
