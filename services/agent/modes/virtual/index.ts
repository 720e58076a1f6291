/**
 * virtual: a veth into the network's bridge on this host (marina-b<hash>)
 * with the allocator's IP. The bridge holds the first address of this host's
 * block (blockSize of the network), so the block is on-link locally and
 * every other block is reached through the fabric (fabric/vxlan, host-gw).
 * No NAT inside the network; optional hostPorts in the host NAT table
 * (modes/_host-nat), as bridge mode.
 */
import { MarinaError } from '../../../../lib/errors';
import { blockOf, firstHost } from '../../ipv4';
import { networkBridgeName } from '../../names';
import { cniMode, ipamType, portMappings } from '../cni-mode';
import { registerMode, type TaskNet } from '../mode';

/**
 * The task's address on its network. The allocator gives the pool's prefix
 * and gateway (the same gateway on every host's bridge, an anycast
 * gateway): the bridge answers ARP for remote blocks by proxy ARP, since
 * their more specific fabric routes leave by another interface. Without
 * them, this host's block and its first address are used.
 */
export function networkAddress(t: TaskNet): { ip: string; address: string; gateway: string } {
  const net = t.network;
  const entry = t.task.ipAddresses.find((a) => a.protocol === 'IPv4' && (!a.networkName || a.networkName === net?.name));
  if (!net || !entry) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${t.task.id}: ipAddresses: no IPv4 address allocated on network ${t.task.networkName}`);
  if (entry.prefixLength !== undefined && entry.gateway) {
    return { ip: entry.ipAddress, address: `${entry.ipAddress}/${entry.prefixLength}`, gateway: entry.gateway };
  }
  const block = blockOf(entry.ipAddress, net.blockSize);
  return { ip: entry.ipAddress, address: `${entry.ipAddress}/${net.blockSize}`, gateway: firstHost(block) };
}

/** Overlay MTU: VXLAN adds 50 bytes of headers (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14). */
export function overlayMtu(t: TaskNet): number {
  return t.network?.driver === 'vxlan' ? t.ctx.mtu - 50 : t.ctx.mtu;
}

registerMode(
  cniMode('virtual', (t) => {
    const a = networkAddress(t);
    const maps = portMappings(t);
    const bridge = networkBridgeName(t.network?.name ?? '');
    const [, prefix] = a.address.split('/');
    return {
      ip: a.ip,
      hostNat: { ip: a.ip, portMappings: maps, localNet: blockOf(a.ip, Number(prefix)) },
      sysctls: [`net.ipv4.conf.${bridge}.proxy_arp=1`, ...(maps.length > 0 ? [`net.ipv4.conf.${bridge}.route_localnet=1`] : [])],
      conflist: {
        cniVersion: '1.0.0',
        name: `marina-net-${t.network?.name}`,
        plugins: [
          {
            type: 'bridge',
            bridge,
            isGateway: true,
            ipMasq: false,
            hairpinMode: true,
            mtu: overlayMtu(t),
            ipam: { type: ipamType(t.ctx), addresses: [{ address: a.address, gateway: a.gateway }], routes: [{ dst: '0.0.0.0/0' }] },
          },
        ],
      },
    };
  }),
);
