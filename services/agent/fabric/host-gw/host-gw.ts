/**
 * host-gw fabric (flannel's host-gw): a plain route per remote block via the
 * remote host's underlay IP. Needs L2 adjacency between hosts; no
 * encapsulation, so the MTU is the underlay's.
 */
import { registerFabric, type DesiredFabric, type FabricDriver } from '../fabric';

export const hostGwFabric: FabricDriver = {
  name: 'host-gw',
  render(_net, _view, blocks): Partial<DesiredFabric> {
    return { routes: [...blocks].sort().map(([block, a]) => ({ dst: block, via: a.ip })) };
  },
};

registerFabric(hostGwFabric);
