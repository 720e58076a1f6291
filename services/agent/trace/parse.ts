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
  map?: { elem?: NftElem[] };
  set?: { elem?: NftElem[] };
}

function nftElems(json: string): NftElem[] {
  try {
    const doc = JSON.parse(json) as { nftables?: NftObj[] };
    return (doc.nftables ?? []).flatMap((o) => o.map?.elem ?? o.set?.elem ?? []);
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
 * Arguments: the `nft -j list map|set` outputs of vips<f>, be<f>, noep<f>.
 */
export function vipFromNft(vips: string, be: string, noep: string, ip: string, port: number, proto: L4): VipResult {
  const same = (k: unknown[]) => String(k[0]) === ip && protoName(k[1]) === proto && Number(k[2]) === port;
  const entry = nftElems(vips).find((e) => Array.isArray(e) && same(concat(e[0])));
  if (Array.isArray(entry)) {
    const target = (entry[1] as { goto?: { target?: string } })?.goto?.target ?? '';
    if (!target.startsWith('pick-')) return { dataPlane: 'nftables', present: true }; // an affinity chain: backends live in its rules
    const backends = nftElems(be)
      .filter((e): e is unknown[] => Array.isArray(e) && same(concat(e[0])))
      .map((e) => {
        const v = concat(e[1]);
        return hostPort(String(v[0]), v[1]);
      });
    return { dataPlane: 'nftables', present: true, backends };
  }
  const rejecting = nftElems(noep).some((e) => same(concat(e)));
  return { dataPlane: 'nftables', present: rejecting, rejecting, backends: rejecting ? [] : undefined };
}

function ruleMatches(rule: string, ip: string, port: number, proto: L4): boolean {
  const plen = ip.includes(':') ? 128 : 32;
  return rule.includes(` -d ${ip}/${plen} `) && new RegExp(` -p ${proto} `).test(rule) && new RegExp(` --dport ${port}( |$)`).test(rule);
}

/**
 * One VIP in the lb's iptables layout: nat MARINA-SERVICES → MARINA-NET-<p>
 * (per prefix) → DNAT there (one backend) or MARINA-SVC-<h> (DNAT rules),
 * filter MARINA-SERVICES REJECT when it has no backend. Arguments:
 * `iptables-save -t nat` and `-t filter` outputs.
 */
export function vipFromIptables(nat: string, filter: string, ip: string, port: number, proto: L4): VipResult {
  const natRules = nat.split('\n');
  const dnatTo = (r: string) => (r.includes(' -j DNAT ') ? / --to-destination (\S+)/.exec(r)?.[1] : undefined);
  const dispatch = natRules.find((r) => /^-A MARINA-(SERVICES|NET-\S+) /.test(r) && ruleMatches(r + ' ', ip, port, proto));
  if (dispatch) {
    const direct = dnatTo(dispatch);
    const chain = / -j (\S+)/.exec(dispatch)?.[1] ?? '';
    const backends = direct ? [direct] : natRules.filter((r) => r.startsWith(`-A ${chain} `) || r.startsWith(`-A ${chain}-`)).flatMap((r) => dnatTo(r) ?? []);
    return { dataPlane: 'iptables', present: true, backends: [...new Set(backends)] };
  }
  const rejecting = filter.split('\n').some((r) => r.startsWith('-A MARINA-SERVICES ') && ruleMatches(r + ' ', ip, port, proto) && r.includes('-j REJECT'));
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
