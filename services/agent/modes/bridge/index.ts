/**
 * bridge: a veth into the per-host bridge (marina-br0), an address from the
 * host's bridge subnet (agent.bridgeCidr), hostPort → containerIP:containerPort
 * DNAT by the portmap plugin (PREROUTING for other hosts, OUTPUT for the
 * host itself, snat for hairpin), masquerade for traffic leaving the host.
 */
import { HOST_BRIDGE } from '../../names';
import { cniMode, portMappings } from '../cni-mode';
import { registerMode } from '../mode';

registerMode(
  cniMode('bridge', (t) => {
    // The allocator's address in this host's bridge subnet, else one assigned here.
    const given = t.task.ipAddresses.find((a) => a.networkName === 'bridge' && a.prefixLength !== undefined && a.gateway);
    const local = given ? { address: `${given.ipAddress}/${given.prefixLength}`, gateway: given.gateway as string } : t.allocLocalAddress();
    const [ip] = local.address.split('/');
    return {
      ip,
      capabilityArgs: { portMappings: portMappings(t) },
      conflist: {
        cniVersion: '1.0.0',
        name: 'marina-bridge',
        plugins: [
          {
            type: 'bridge',
            bridge: HOST_BRIDGE,
            isGateway: true,
            ipMasq: true,
            hairpinMode: true,
            mtu: t.ctx.mtu,
            ipam: { type: 'marina-ipam', addresses: [local], routes: [{ dst: '0.0.0.0/0' }] },
          },
          { type: 'portmap', capabilities: { portMappings: true }, snat: true },
        ],
      },
    };
  }),
);
