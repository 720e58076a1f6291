/** Test support for the modes' conflist table tests: a TaskNet with no exec behind it. */
import type { Agent, Task, TaskIpAddress, VirtualNetwork } from '../../../../lib/model/cluster';
import { HostExec } from '../../exec';
import type { TaskNet } from '../mode';

const AGENT: Agent = { id: 'h1', hostname: 'h1', ip: '198.18.0.11', portRanges: [], attributes: {}, bridgeCidr: '198.18.16.0/24', registeredAt: '' };

/** A task net; cniPath [] makes the IPAM type marina-ipam (no `static` plugin found). */
export function taskNet(over: { ports?: Task['ports']; ipAddresses?: TaskIpAddress[]; network?: VirtualNetwork; mtu?: number; underlayIf?: string } = {}): TaskNet {
  const task = {
    id: 'web.1', appId: '/web', agentId: 'h1', networkMode: 'container', networkName: over.network?.name, ports: over.ports ?? [], ipAddresses: over.ipAddresses ?? [],
  } as unknown as Task;
  return { task, agent: AGENT, network: over.network, netnsName: 'marina-t000000-0000000000', ctx: { exec: new HostExec(), cniPath: [], mtu: over.mtu ?? 1500, underlayIf: over.underlayIf } };
}

export const tcp = (hostPort: number, containerPort: number): Task['ports'][number] => ({ hostPort, containerPort, protocol: 'tcp', labels: {} });
