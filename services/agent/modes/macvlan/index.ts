/** macvlan: a macvlan child of the host NIC (network.parent or the underlay interface) with an underlay address. */
import { MarinaError } from '../../../../lib/errors';
import { cniMode, ipamType, type CniPlan } from '../cni-mode';
import { registerMode, type TaskNet } from '../mode';

/** The conflist and host-side steps for one task (pure: no exec; table-tested in macvlan.test.ts). */
export function planMacvlan(t: TaskNet): CniPlan {
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
}

registerMode(cniMode('macvlan', planMacvlan));
