/**
 * virtual: a veth into the network's bridge on this host (marina-b<hash>)
 * with the allocator's IP. The bridge holds the first address of this host's
 * block (blockSize of the network), so the block is on-link locally and
 * every other block is reached through the fabric (fabric/vxlan, host-gw).
 * No NAT inside the network; optional hostPorts in the host NAT table
 * (host-nat/), as bridge mode.
 *
 * Dual-stack networks (cidr6): the task also gets its IPv6 address (pool
 * prefix, anycast gateway on the bridge). IPv6 has no blanket proxy ARP
 * (proxy NDP answers only listed addresses), so instead of the on-link pool
 * route the task gets a route for the pool via the gateway (metric 1, ahead
 * of the kernel's prefix route): every remote IPv6 address goes through the
 * host and its fabric routes. hostPorts map to the IPv4 address only.
 */
import { MarinaError } from '../../../../lib/errors';
import { bigToIp6, canonicalCidr6, ip6ToBig } from '../../../../lib/net/ipv6';
import { blockOf, firstHost } from '../../../../lib/net/ipv4';
import { networkBridgeName } from '../../names';
import { bridgeNetfilterSysctls, cniMode, ipamType, portMappings, type CniPlan } from '../cni-mode';
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

/** The task's IPv6 address on a dual-stack network (undefined when the network or task has none). */
export function networkAddress6(t: TaskNet): { ip: string; address: string; gateway: string; pool: string } | undefined {
  const net = t.network;
  const entry = t.task.ipAddresses.find((a) => a.protocol === 'IPv6' && (!a.networkName || a.networkName === net?.name));
  if (!entry) return undefined;
  if (!net?.cidr6) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${t.task.id}: ipAddresses: IPv6 address ${entry.ipAddress} on network ${t.task.networkName}, which has no cidr6`);
  const pool = canonicalCidr6(net.cidr6);
  const [base, poolPrefix] = pool.split('/');
  const prefix = entry.prefixLength ?? Number(poolPrefix);
  const gateway = entry.gateway ?? bigToIp6(ip6ToBig(base) + 1n);
  return { ip: entry.ipAddress, address: `${entry.ipAddress}/${prefix}`, gateway, pool: canonicalCidr6(`${entry.ipAddress}/${prefix}`) };
}

/** Overlay MTU: VXLAN adds 50 bytes of headers (outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14). */
export function overlayMtu(t: TaskNet): number {
  return t.network?.driver === 'vxlan' ? t.ctx.mtu - 50 : t.ctx.mtu;
}

/** The conflist and host-side steps for one task (pure: no exec; table-tested in virtual.test.ts). */
export function planVirtual(t: TaskNet): CniPlan {
  const a = networkAddress(t);
  const a6 = networkAddress6(t);
  const maps = portMappings(t);
  const bridge = networkBridgeName(t.network?.name ?? '');
  const [, prefix] = a.address.split('/');
  const addresses = [{ address: a.address, gateway: a.gateway }];
  const routes = [{ dst: '0.0.0.0/0' }];
  if (a6) {
    addresses.push({ address: a6.address, gateway: a6.gateway });
    routes.push({ dst: '::/0' });
  }
  return {
    ip: a.ip,
    ip6: a6?.ip,
    netnsLines: a6 ? [`route add ${a6.pool} via ${a6.gateway} dev eth0 metric 1`] : undefined,
    hostNat: { ip: a.ip, portMappings: maps, localNet: blockOf(a.ip, Number(prefix)) },
    sysctls: [`net.ipv4.conf.${bridge}.proxy_arp=1`, ...bridgeNetfilterSysctls(), ...(maps.length > 0 ? [`net.ipv4.conf.${bridge}.route_localnet=1`] : [])],
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
          ipam: { type: ipamType(t.ctx), addresses, routes },
        },
      ],
    },
  };
}

registerMode(cniMode('virtual', planVirtual));
