/**
 * kube-proxy's iptables layout (v1.28+, large-cluster mode: comments only on
 * the KUBE-SERVICES rules) for a VipTable, as one iptables-restore text: the
 * reference the iptables backend is measured against in rules.ts. Chain
 * names keep the `MARINA-` prefix (this machine's netns rules); the shape is
 * kube-proxy's: SERVICES → SVC-<h> (outside-cluster mark, statistic jumps)
 * → SEP-<h> (hairpin mark, DNAT).
 */
import { createHash } from 'node:crypto';
import type { VipService, VipTable } from '../../services/lb/model/vip-table';

const h = (...s: string[]) => createHash('sha256').update(s.join('\0')).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 16).toUpperCase();
const svcName = (s: VipService) => `MARINA-XSVC-${h(s.key).slice(0, 9)}`;
// An endpoint chain named after its service chain, services in descending order, and every name
// sorting after MARINA-MARK-MASQ and MARINA-SERVICES (which every service mentions): iptables-nft
// 1.8.9's --noflush restore is quadratic in chain names otherwise (bench/lb/README.md, 3 Dec).
const sepName = (s: VipService, i: number) => `${svcName(s)}-${h(s.key, s.backends[i].ip, String(s.backends[i].port)).slice(0, 6)}`;

function svcLines(s: VipService, cidr: string): string[] {
  const m = `-d ${s.ip}/32 -p ${s.proto} -m ${s.proto} --dport ${s.port}`;
  const n = s.backends.length;
  const out = [`:${svcName(s)} - [0:0]`, `-A ${svcName(s)} ${m} ! -s ${cidr} -j MARINA-MARK-MASQ`];
  s.backends.forEach((b, i) => {
    const sep = sepName(s, i);
    out.push(`:${sep} - [0:0]`, `-A ${sep} -s ${b.ip}/32 -j MARINA-MARK-MASQ`, `-A ${sep} -p ${s.proto} -m ${s.proto} -j DNAT --to-destination ${b.ip}:${b.port}`);
    out.push(`-A ${svcName(s)}${i < n - 1 ? ` -m statistic --mode random --probability ${(1 / (n - i)).toFixed(10)}` : ''} -j ${sep}`);
  });
  return out;
}

/** The whole nat table, as kube-proxy writes it on a full sync (IPv4 VIPs with backends). */
export function kubeProxyFull(table: VipTable, cidr: string): string {
  const lines = ['*nat', ':MARINA-SERVICES - [0:0]', ':MARINA-MARK-MASQ - [0:0]', '-A MARINA-MARK-MASQ -j MARK --or-mark 0x4000'];
  const sorted = [...table.values()].sort((a, b) => (svcName(a) < svcName(b) ? 1 : -1));
  for (const s of sorted) {
    if (s.family !== 4 || s.backends.length === 0) continue;
    lines.push(...svcLines(s, cidr));
    lines.push(`-A MARINA-SERVICES -m comment --comment "${s.appIds.join(',')} ${s.key}" -d ${s.ip}/32 -p ${s.proto} -m ${s.proto} --dport ${s.port} -j ${svcName(s)}`);
  }
  return [...lines, 'COMMIT', ''].join('\n');
}

/** One service rewritten (kube-proxy's partial sync): its chain and its endpoints' chains. */
export function kubeProxyOne(s: VipService, cidr: string): string {
  return ['*nat', ':MARINA-MARK-MASQ - [0:0]', '-A MARINA-MARK-MASQ -j MARK --or-mark 0x4000', ...svcLines(s, cidr), 'COMMIT', ''].join('\n');
}
