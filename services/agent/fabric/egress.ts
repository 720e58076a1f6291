/**
 * Outbound masquerade for virtual networks (flannel's ipMasq): traffic
 * from a network's address range to anywhere outside it leaves with the
 * host's address, so the underlay and the world need no route back to
 * task addresses; traffic inside the range (task to task, on this host or
 * across the fabric) keeps its source. A network opts out with the label
 * `marina.masquerade=false`. One nat chain, MARINA-EGRESS, rewritten whole
 * by iptables-restore --noflush, jumped to from POSTROUTING.
 */
import type { VirtualNetwork } from '../../../lib/model/cluster';
import type { HostExec } from '../exec';
import { canonicalCidr6 } from '../../../lib/net/ipv6';

import { EGRESS_CHAIN } from '../names';

export { EGRESS_CHAIN };

/** CIDRs (IPv4, or the IPv6 pools with family 6) whose outbound traffic is masqueraded (pure). */
export function masqueradedCidrs(networks: VirtualNetwork[], family: 4 | 6 = 4): string[] {
  const cidr = (n: VirtualNetwork) => (family === 6 ? (n.cidr6 ? canonicalCidr6(n.cidr6) : undefined) : n.cidr);
  return networks
    .filter((n) => cidr(n) && (n.driver === 'vxlan' || n.driver === 'host-gw') && n.labels?.['marina.masquerade'] !== 'false')
    .map((n) => cidr(n) as string)
    .sort();
}

/** Pure: the iptables-restore input for MARINA-EGRESS. */
export function renderEgress(cidrs: string[]): string {
  const lines = ['*nat', `:${EGRESS_CHAIN} - [0:0]`];
  for (const c of cidrs) {
    lines.push(`-A ${EGRESS_CHAIN} -s ${c} -d ${c} -m comment --comment "marina: inside the network" -j RETURN`);
    lines.push(`-A ${EGRESS_CHAIN} -s ${c} -m comment --comment "marina: leaving the network" -j MASQUERADE`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Write the chain and make sure POSTROUTING jumps to it (ip6tables for family 6). */
export async function applyEgress(exec: HostExec, cidrs: string[], family: 4 | 6 = 4): Promise<void> {
  const ipt = family === 6 ? 'ip6tables' : 'iptables';
  await exec.ok(`${ipt}-restore`, ['--noflush'], { input: renderEgress(cidrs) });
  const jump = await exec.run(ipt, ['-t', 'nat', '-C', 'POSTROUTING', '-j', EGRESS_CHAIN]);
  if (jump.code !== 0) await exec.ok(ipt, ['-t', 'nat', '-I', 'POSTROUTING', '1', '-j', EGRESS_CHAIN]);
}

/** Remove the chain and its jump (idempotent). */
export async function removeEgress(exec: HostExec, family: 4 | 6 = 4): Promise<void> {
  const ipt = family === 6 ? 'ip6tables' : 'iptables';
  await exec.run(ipt, ['-t', 'nat', '-D', 'POSTROUTING', '-j', EGRESS_CHAIN]);
  await exec.run(ipt, ['-t', 'nat', '-F', EGRESS_CHAIN]);
  await exec.run(ipt, ['-t', 'nat', '-X', EGRESS_CHAIN]);
}
