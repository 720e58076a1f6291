/**
 * host-gw fabric (flannel's host-gw): a plain route per remote block via the
 * remote host's underlay IP. Needs L2 adjacency between hosts; no
 * encapsulation, so the MTU is the underlay's.
 *
 * IPv6 blocks of dual-stack networks are routed via the remote host's IPv6
 * underlay address (Agent.ip6, `--ip6`), only when this host and the remote
 * both have one: an IPv4 next hop cannot carry IPv6 routes. Without it the
 * network is IPv4-only across hosts (the syncer logs it once per network).
 */
import { isIp6 } from '../../../../lib/net/ipv6';
import { registerFabric, type DesiredFabric, type FabricDriver } from '../fabric';

export const hostGwFabric: FabricDriver = {
  name: 'host-gw',
  render(_net, view, blocks): Partial<DesiredFabric> {
    const routes: DesiredFabric['routes'] = [];
    for (const [block, a] of [...blocks].sort()) {
      if (!isIp6(block)) routes.push({ dst: block, via: a.ip });
      else if (view.self.ip6 && a.ip6) routes.push({ dst: block, via: a.ip6 });
    }
    return { routes };
  },
};

registerFabric(hostGwFabric);
