/**
 * VXLAN fabric, flannel's "vxlan" backend without the L2/L3 miss daemon:
 * one VXLAN device per network (its VNI, nolearning, MTU = underlay − 50),
 * whose MAC is derived from (network, host IP) so each host can compute every
 * peer's VTEP MAC from the cluster view alone. Per remote host: an FDB entry
 * (VTEP MAC → underlay IP) and a permanent neighbour entry on the VXLAN
 * device (underlay IP → VTEP MAC); per remote block: an onlink route (block
 * via the remote host's underlay IP). A decapsulated packet is then routed
 * by its destination onto the remote network bridge. Nothing floods or
 * learns, so unknown destinations are dropped rather than broadcast.
 *
 * Why the underlay IP and not an address inside the block (flannel uses the
 * block's first address): every bridge of a network holds the pool's anycast
 * gateway, the first host of the pool, which is also the first host of the
 * pool's first block. A route via an address that is local here is refused
 * ("Nexthop has invalid gateway"), so that block became unreachable from
 * every host whose bridge existed before the route was written. A remote
 * host's underlay IP is never local and never a task address.
 *
 * IPv6 blocks of dual-stack networks use the same device and FDB (the
 * underlay stays IPv4): the next hop is the remote VTEP's EUI-64 link-local
 * address (computed from its MAC, so no `onlink` is needed), with a
 * permanent neighbour entry to that MAC.
 */
import { isIp6, linkLocalOf } from '../../../../lib/net/ipv6';
import { vtepMac, vxlanDeviceName } from '../../names';
import { registerFabric, type DesiredFabric, type FabricDriver } from '../fabric';

export const vxlanFabric: FabricDriver = {
  name: 'vxlan',
  render(net, view, blocks): Partial<DesiredFabric> {
    const dev = vxlanDeviceName(net.name);
    const out: Partial<DesiredFabric> = {
      links: [{ name: dev, vni: net.vni ?? 1, local: view.self.ip, mtu: view.mtu - 50, mac: vtepMac(net.name, view.self.ip) }],
      fdb: [],
      neigh: [],
      routes: [],
    };
    for (const a of view.agents) {
      if (a.id === view.self.id || !a.ip) continue;
      const mac = vtepMac(net.name, a.ip);
      out.fdb!.push({ mac, dst: a.ip, dev });
      out.neigh!.push({ ip: a.ip, mac, dev });
    }
    for (const [block, a] of [...blocks].sort()) {
      const mac = vtepMac(net.name, a.ip);
      if (isIp6(block)) {
        const gw = linkLocalOf(mac);
        out.neigh!.push({ ip: gw, mac, dev });
        out.routes!.push({ dst: block, via: gw, dev });
        continue;
      }
      out.routes!.push({ dst: block, via: a.ip, dev, onlink: true });
    }
    return out;
  },
};

registerFabric(vxlanFabric);
