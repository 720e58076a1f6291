/**
 * ptp: a veth pair without a bridge; the plugin gives the host side the
 * gateway address and a /32 route to the task. hostPorts (other hosts, the
 * host itself, localhost, hairpin) and masquerade of traffic leaving the
 * task's subnet are elements of the host NAT table (host-nat/), as in
 * bridge mode, instead of portmap and the plugin's ipMasq (~35 iptables runs
 * per task): the table's hairpin rule also matches host veths (`veth*`), and
 * localhost:hostPort needs route_localnet on the task's host veth, set once
 * the ADD result names it.
 */
import { blockOf } from '../../../../lib/net/ipv4';
import { cniMode, ipamType, portMappings, type CniPlan } from '../cni-mode';
import { registerMode, type TaskNet } from '../mode';
import { networkAddress } from '../virtual/index';

/** The conflist and host-side steps for one task (pure: no exec; table-tested in ptp.test.ts). */
export function planPtp(t: TaskNet): CniPlan {
  const a = networkAddress(t);
  const maps = portMappings(t);
  const [, prefix] = a.address.split('/');
  const subnet = blockOf(a.ip, Number(prefix));
  return {
    ip: a.ip,
    hostNat: { ip: a.ip, portMappings: maps, localNet: subnet, masqNet: subnet },
    // the host veth (first interface without a sandbox in the result) routes localhost DNAT
    sysctlsAfterAdd: maps.length > 0 ? (r) => (r.interfaces ?? []).filter((i) => !i.sandbox).map((i) => `net.ipv4.conf.${i.name}.route_localnet=1`) : undefined,
    conflist: {
      cniVersion: '1.0.0',
      name: `marina-net-${t.network?.name}`,
      plugins: [
        {
          type: 'ptp',
          ipMasq: false,
          mtu: t.ctx.mtu,
          ipam: { type: ipamType(t.ctx), addresses: [{ address: a.address, gateway: a.gateway }], routes: [{ dst: '0.0.0.0/0' }] },
        },
      ],
    },
  };
}

registerMode(cniMode('ptp', planPtp));
