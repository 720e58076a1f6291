/**
 * bridge: a veth into the per-host bridge (marina-br0), an address from the
 * host's bridge subnet (agent.bridgeCidr). hostPort → containerIP:containerPort
 * DNAT (other hosts, the host itself, localhost, hairpin) and masquerade for
 * traffic leaving the subnet are elements of the host NAT table
 * (host-nat/), one nft transaction per task, instead of the portmap
 * plugin and the bridge plugin's ipMasq (~35 iptables runs per task).
 */
import { MarinaError } from '../../../../lib/errors';
import { blockOf } from '../../../../lib/net/ipv4';
import { HOST_BRIDGE } from '../../names';
import { bridgeNetfilterSysctls, cniMode, ipamType, portMappings, type CniPlan } from '../cni-mode';
import { registerMode, type TaskNet } from '../mode';

/** The conflist and host-side steps for one task (pure: no exec; table-tested in bridge.test.ts). */
export function planBridge(t: TaskNet): CniPlan {
  // The allocator is the one IP authority: the task carries its address in this host's bridge subnet.
  const given = t.task.ipAddresses.find((a) => a.networkName === 'bridge' && a.prefixLength !== undefined && a.gateway);
  if (!given) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${t.task.id}: ipAddresses: no bridge address from the allocator (networkName "bridge" with prefixLength and gateway)`);
  const local = { address: `${given.ipAddress}/${given.prefixLength}`, gateway: given.gateway as string };
  const [ip, prefix] = local.address.split('/');
  const subnet = `${blockOf(ip, Number(prefix))}`;
  const maps = portMappings(t);
  return {
    ip,
    hostNat: { ip, portMappings: maps, localNet: subnet, masqNet: subnet },
    // localhost:hostPort is DNATed to the bridge (portmap's snat does the same);
    // bridged frames through netfilter (a VIP's backend on the same bridge)
    sysctls: [...bridgeNetfilterSysctls(), ...(maps.length > 0 ? [`net.ipv4.conf.${HOST_BRIDGE}.route_localnet=1`] : [])],
    conflist: {
      cniVersion: '1.0.0',
      name: 'marina-bridge',
      plugins: [
        {
          type: 'bridge',
          bridge: HOST_BRIDGE,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          mtu: t.ctx.mtu,
          ipam: { type: ipamType(t.ctx), addresses: [local], routes: [{ dst: '0.0.0.0/0' }] },
        },
      ],
    },
  };
}

registerMode(cniMode('bridge', planBridge));
