/** ptp: a veth pair without a bridge; /32 host route to the task, masquerade out, optional hostPorts. */
import { cniMode, ipamType, portMappings } from '../cni-mode';
import { registerMode } from '../mode';
import { networkAddress } from '../virtual/index';

registerMode(
  cniMode('ptp', (t) => {
    const a = networkAddress(t);
    const maps = portMappings(t);
    const plugins: Array<{ type: string; [k: string]: unknown }> = [
      {
        type: 'ptp',
        ipMasq: true,
        mtu: t.ctx.mtu,
        ipam: { type: ipamType(t.ctx), addresses: [{ address: a.address, gateway: a.gateway }], routes: [{ dst: '0.0.0.0/0' }] },
      },
    ];
    if (maps.length > 0) plugins.push({ type: 'portmap', capabilities: { portMappings: true }, snat: true });
    return { ip: a.ip, capabilityArgs: { portMappings: maps }, conflist: { cniVersion: '1.0.0', name: `marina-net-${t.network?.name}`, plugins } };
  }),
);
