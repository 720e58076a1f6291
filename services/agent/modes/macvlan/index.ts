/** macvlan: a macvlan child of the host NIC (network.parent or the underlay interface) with an underlay address. */
import { MarinaError } from '../../../../lib/errors';
import { cniMode, ipamType } from '../cni-mode';
import { registerMode } from '../mode';

registerMode(
  cniMode('macvlan', (t) => {
    const net = t.network;
    const entry = t.task.ipAddresses.find((a) => a.protocol === 'IPv4');
    const master = net?.parent ?? t.ctx.underlayIf;
    if (!entry) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `task ${t.task.id}: ipAddresses: no IPv4 address allocated on network ${net?.name}`);
    if (!master) throw new MarinaError('MARINA_ERR_AGENT_WIRING', `network ${net?.name}: parent: no parent interface (set it or --underlay-if)`);
    const prefix = entry.prefixLength ?? Number(net?.cidr?.split('/')[1] ?? 32);
    const address = entry.gateway ? { address: `${entry.ipAddress}/${prefix}`, gateway: entry.gateway } : { address: `${entry.ipAddress}/${prefix}` };
    return {
      ip: entry.ipAddress,
      conflist: {
        cniVersion: '1.0.0',
        name: `marina-net-${net?.name}`,
        plugins: [{ type: 'macvlan', master, mode: 'bridge', mtu: t.ctx.mtu, ipam: { type: ipamType(t.ctx), addresses: [address] } }],
      },
    };
  }),
);
