/**
 * Active connections per VIP backend for the kernel backends, from one
 * `conntrack -L` per family: an entry whose original destination is a VIP
 * and whose reply source is a backend counts for that backend (TCP only when
 * ESTABLISHED; UDP flows while conntrack keeps them). Read on a /stats
 * request only: the kernel counts no requests or errors per VIP.
 */
import { execTool } from '../exec';
import { serviceKey, type L4Proto, type VipTable } from '../model/vip-table';

/** service key → backend `ip:port` → active connections. */
export type ConnCounts = Map<string, Map<string, number>>;

/** Parse `conntrack -L` lines (pure), keeping only entries to services in `table`. */
export function parseConntrack(text: string, table: VipTable, into: ConnCounts = new Map()): ConnCounts {
  for (const line of text.split('\n')) {
    const proto = line.slice(0, 4).trim();
    if (proto !== 'tcp' && proto !== 'udp') continue;
    if (proto === 'tcp' && !/\sESTABLISHED\s/.test(line)) continue;
    const f = [...line.matchAll(/\b(src|dst|sport|dport)=(\S+)/g)].map((m) => m[2]);
    if (f.length < 8) continue;
    const [, origDst, , origDport, replySrc, , replySport] = f;
    const key = serviceKey(origDst, Number(origDport), proto as L4Proto);
    if (!table.has(key) || replySrc === origDst) continue;
    let per = into.get(key);
    if (!per) into.set(key, (per = new Map()));
    const backend = `${replySrc}:${replySport}`;
    per.set(backend, (per.get(backend) ?? 0) + 1);
  }
  return into;
}

/** Count in the lb's netns; undefined when conntrack cannot be read. */
export async function conntrackCounts(table: VipTable, netns?: string): Promise<ConnCounts | undefined> {
  const out: ConnCounts = new Map();
  const families = new Set([...table.values()].map((s) => s.family));
  for (const family of families) {
    const res = await execTool('conntrack', ['-L', '-f', family === 6 ? 'ipv6' : 'ipv4'], { netns, timeoutMs: 3000 }).catch(() => undefined);
    if (!res || res.code !== 0) return undefined;
    parseConntrack(res.stdout, table, out);
  }
  return out;
}
