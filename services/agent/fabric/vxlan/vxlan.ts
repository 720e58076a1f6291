/**
 * VXLAN fabric, flannel's "vxlan" backend without the L2/L3 miss daemon:
 * one VXLAN device per network (its VNI, nolearning, MTU = underlay − 50),
 * whose MAC is derived from (network, host IP) so each host can compute every
 * peer's VTEP MAC from the cluster view alone. Per remote host: an FDB entry
 * (VTEP MAC → underlay IP); per remote block: a permanent neighbour entry
 * (block gateway → VTEP MAC) and an onlink route (block via gateway). The
 * gateway is the remote bridge's address, so a decapsulated packet is routed
 * onto the remote network bridge. Nothing floods or learns, so unknown
 * destinations are dropped rather than broadcast to every host.
 *
 * IPv6 blocks of dual-stack networks use the same device and FDB (the
 * underlay stays IPv4): the next hop is the remote VTEP's EUI-64 link-local
 * address (computed from its MAC, so no `onlink` is needed), with a
 * permanent neighbour entry to that MAC.
 */
import { firstHost } from '../../../../lib/net/ipv4';
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
      out.fdb!.push({ mac: vtepMac(net.name, a.ip), dst: a.ip, dev });
    }
    for (const [block, a] of [...blocks].sort()) {
      const mac = vtepMac(net.name, a.ip);
      if (isIp6(block)) {
        const gw = linkLocalOf(mac);
        out.neigh!.push({ ip: gw, mac, dev });
        out.routes!.push({ dst: block, via: gw, dev });
        continue;
      }
      const gw = firstHost(block);
      out.neigh!.push({ ip: gw, mac, dev });
      out.routes!.push({ dst: block, via: gw, dev, onlink: true });
    }
    return out;
  },
};

registerFabric(vxlanFabric);
