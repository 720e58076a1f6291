/**
 * Reading back what the host holds (pure parsers of tool output, tested
 * beside them): dig answers, the lb's nftables maps and iptables chains for
 * one VIP, `ip -j route get`, `ss -l`, and the conntrack entry of a probe.
 */
import type { DnsAnswer, L4, VipResult } from '../../../lib/trace/types';

/** `dig +noall +comments +answer` output: the header's status and the answer section. */
export function parseDig(out: string): { rcode: string; answers: DnsAnswer[] } {
  const rcode = /status: ([A-Z]+)/.exec(out)?.[1] ?? (/timed out|no servers could be reached/i.test(out) ? 'timeout' : 'unknown');
  const answers: DnsAnswer[] = [];
  for (const line of out.split('\n')) {
    if (line.startsWith(';') || line.trim() === '') continue;
    const f = line.trim().split(/\s+/);
    if (f.length >= 5 && f[2] === 'IN') answers.push({ name: f[0]!.replace(/\.$/, ''), ttl: Number(f[1]), type: f[3]!, value: f.slice(4).join(' ').replace(/\.$/, '') });
  }
  return { rcode, answers };
}

/** The first `nameserver` of a resolv.conf. */
export function firstNameserver(text: string): string | undefined {
  return /^\s*nameserver\s+(\S+)/m.exec(text)?.[1];
}

type NftElem = unknown;
interface NftObj {
  map?: { name?: string; elem?: NftElem[] };
  set?: { name?: string; elem?: NftElem[] };
}

/** The elements of the named maps and sets in `nft -j list …` output (each listed object carries its name). */
function nftElems(doc: NftObj[], name: string): NftElem[] {
  return doc.flatMap((o) => (o.map?.name === name ? (o.map.elem ?? []) : o.set?.name === name ? (o.set.elem ?? []) : []));
}

function nftObjects(json: string): NftObj[] {
  try {
    return (JSON.parse(json) as { nftables?: NftObj[] }).nftables ?? [];
  } catch {
    return [];
  }
}

const concat = (e: unknown): unknown[] => ((e as { concat?: unknown[] })?.concat ?? [e]) as unknown[];
const PROTO_NUM: Record<string, string> = { '6': 'tcp', '17': 'udp' };
const protoName = (p: unknown) => PROTO_NUM[String(p)] ?? String(p);
const hostPort = (ip: string, port: unknown) => (ip.includes(':') ? `[${ip}]:${String(port)}` : `${ip}:${String(port)}`);

/**
 * One VIP in the lb's nft table (`inet marina`): `vips` (→ a pick chain, or an
 * affinity chain), `be` (index → backend), `noep` (rejecting, no backend).
 * Argument: `nft -j list table inet marina` (one listing: nft 1.0.6 fetches only
 * that table for it, where a `list map` fetches every table).
 */
export function vipFromNft(table: string, ip: string, port: number, proto: L4): VipResult {
  const f = ip.includes(':') ? 6 : 4;
  const doc = nftObjects(table);
  const same = (k: unknown[]) => String(k[0]) === ip && protoName(k[1]) === proto && Number(k[2]) === port;
  const entry = nftElems(doc, `vips${f}`).find((e) => Array.isArray(e) && same(concat(e[0])));
  if (Array.isArray(entry)) {
    const target = (entry[1] as { goto?: { target?: string } })?.goto?.target ?? '';
    if (!target.startsWith('pick-')) return { dataPlane: 'nftables', present: true }; // an affinity chain: backends live in its rules
    const backends = nftElems(doc, `be${f}`)
      .filter((e): e is unknown[] => Array.isArray(e) && same(concat(e[0])))
      .map((e) => {
        const v = concat(e[1]);
        return hostPort(String(v[0]), v[1]);
      });
    return { dataPlane: 'nftables', present: true, backends };
  }
  const rejecting = nftElems(doc, `noep${f}`).some((e) => same(concat(e)));
  return { dataPlane: 'nftables', present: rejecting, rejecting, backends: rejecting ? [] : undefined };
}

function ruleMatches(rule: string, ip: string, port: number, proto: L4): boolean {
  const plen = ip.includes(':') ? 128 : 32;
  return rule.includes(` -d ${ip}/${plen} `) && new RegExp(` -p ${proto} `).test(rule) && new RegExp(` --dport ${port}( |$)`).test(rule);
}

/** How deep the walk from a VIP's rules to its DNAT rules goes (the lb's layouts need 2 at most). */
const MAX_JUMPS = 4;

/**
 * One VIP in the lb's iptables NAT table, whatever its chain layout: every
 * MARINA-* rule matching the VIP's address, protocol and port, and the DNAT
 * targets reachable from them through jumps (a DNAT in the matching rule
 * itself, in the chain it jumps to, or one chain further). No chain names
 * are assumed, so both the per-endpoint layout (service chain → endpoint
 * chains → DNAT) and the flat one (DNAT straight from the service chain or
 * the dispatch rule) read the same; the trace compares the targets with
 * the model. filter MARINA-SERVICES REJECT: the VIP has no backend.
 * Arguments: `iptables-save -t nat` and `-t filter` outputs.
 */
export function vipFromIptables(nat: string, filter: string, ip: string, port: number, proto: L4): VipResult {
  const chains = new Map<string, string[]>();
  for (const r of nat.split('\n')) {
    const chain = /^-A (MARINA-\S+) /.exec(r)?.[1];
    if (chain) chains.set(chain, [...(chains.get(chain) ?? []), r]);
  }
  const entry = [...chains.values()].flat().filter((r) => ruleMatches(r + ' ', ip, port, proto));
  if (entry.length > 0) {
    const backends = new Set<string>();
    const walked = new Set<string>();
    const walk = (rules: string[], depth: number): void => {
      for (const r of rules) {
        if (r.includes(' -j DNAT ')) {
          const to = / --to-destination (\S+)/.exec(r)?.[1];
          if (to) backends.add(to);
          continue;
        }
        const jump = / -j (MARINA-\S+)/.exec(r)?.[1];
        if (jump && depth < MAX_JUMPS && !walked.has(jump)) {
          walked.add(jump);
          walk(chains.get(jump) ?? [], depth + 1);
        }
      }
    };
    walk(entry, 0);
    return { dataPlane: 'iptables', present: true, backends: [...backends] };
  }
  const rejecting = filter.split('\n').some((r) => r.startsWith('-A MARINA-') && ruleMatches(r + ' ', ip, port, proto) && r.includes('-j REJECT'));
  return { dataPlane: 'iptables', present: rejecting, rejecting, backends: rejecting ? [] : undefined };
}

/** `ip -j route get` → dev, gateway, src (or the error the kernel gave). */
export function parseRouteGet(res: { stdout: string; stderr: string; code: number }): { dev?: string; gateway?: string; src?: string; error?: string } {
  if (res.code !== 0) return { error: res.stderr.trim() || `ip route get exited ${res.code}` };
  try {
    const r = (JSON.parse(res.stdout) as Array<{ dev?: string; gateway?: string; prefsrc?: string; type?: string }>)[0];
    if (!r) return { error: 'no route' };
    if (r.type && !['unicast', 'local'].includes(r.type)) return { error: `route type ${r.type}` };
    return { ...(r.dev ? { dev: r.dev } : {}), ...(r.gateway ? { gateway: r.gateway } : {}), ...(r.prefsrc ? { src: r.prefsrc } : {}) };
  } catch {
    return { error: `unreadable ip route output: ${res.stdout.slice(0, 200)}` };
  }
}

/** Listening sockets of `ss -H -ln(t|u)` whose local port is `port`. */
export function listeningOn(ssOut: string, port: number): string[] {
  const out: string[] = [];
  for (const line of ssOut.split('\n')) {
    const f = line.trim().split(/\s+/);
    const local = f.find((x, i) => i >= 3 && /:\d+$/.test(x));
    if (local && Number(local.slice(local.lastIndexOf(':') + 1)) === port) out.push(local);
  }
  return out;
}

/** The reply source (ip:port) of a `conntrack -L` line: where a VIP's DNAT sent the flow. */
export function conntrackReplySource(out: string): string | undefined {
  for (const line of out.split('\n')) {
    const src = [...line.matchAll(/src=(\S+)/g)].map((m) => m[1]!);
    const sport = [...line.matchAll(/sport=(\d+)/g)].map((m) => m[1]!);
    if (src.length >= 2 && sport.length >= 2) return hostPort(src[1]!, sport[1]);
  }
  return undefined;
}
