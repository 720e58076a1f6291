// Root-only (a netns, a VXLAN link): runs in the integration project (see test/README.md).
// The fabric's drift repair against the real kernel: what the diff assumes survives a repair must survive it.
import { renderFabric, type FabricView } from './fabric';
import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import { runOk } from '../../../test/helpers/exec';
import { createNetns, deleteNetns } from '../../../test/helpers/netns';
import { HostExec } from '../exec';
import { applyFabric, removeFabric } from './apply';
import './vxlan/vxlan';

const H = `marina-fab${process.pid % 100000}`;
const agent = (id: string, ip: string): Agent => ({ id, hostname: id, ip, portRanges: [], attributes: {}, registeredAt: '' });
const blue: VirtualNetwork = { name: 'blue', cidr: '198.19.0.0/20', blockSize: 26, driver: 'vxlan', vni: 7, labels: {} };
const remoteTask = { id: 'r1', appId: '/a', agentId: 'h2', networkMode: 'container', networkName: 'blue', ipAddresses: [{ ipAddress: '198.19.0.70', protocol: 'IPv4', networkName: 'blue' }], state: 'TASK_RUNNING' } as unknown as Task;
const view: FabricView = { self: agent('h1', '198.18.0.11'), agents: [agent('h1', '198.18.0.11'), agent('h2', '198.18.0.12')], networks: [blue], tasks: [remoteTask], mtu: 1500 };
const exec = new HostExec(H);

const neighbours = async (dev: string) => JSON.parse((await runOk('ip', ['netns', 'exec', H, 'ip', '-j', 'neigh', 'show', 'dev', dev])).stdout) as Array<{ dst: string; lladdr?: string; state?: string[] }>;

beforeAll(async () => {
  await createNetns(H);
  await runOk('ip', ['netns', 'exec', H, 'ip', 'link', 'set', 'lo', 'up']);
  await runOk('ip', ['netns', 'exec', H, 'ip', 'addr', 'add', '198.18.0.11/32', 'dev', 'lo']);
});
afterAll(async () => {
  await removeFabric(exec).catch(() => undefined);
  await deleteNetns(H);
});

test('an MTU set by hand on the VXLAN link is repaired without losing its permanent neighbour entries (the next hop stays reachable)', async () => {
  const want = renderFabric(view);
  const dev = want.links[0].name;
  expect(await applyFabric(exec, want)).toBeGreaterThan(0);
  const before = await neighbours(dev);
  expect(before).toEqual([expect.objectContaining({ dst: '198.18.0.12', lladdr: want.neigh[0].mac, state: ['PERMANENT'] })]);

  await runOk('ip', ['netns', 'exec', H, 'ip', 'link', 'set', 'dev', dev, 'mtu', String(want.links[0].mtu - 100)]);
  await applyFabric(exec, want);
  const link = JSON.parse((await runOk('ip', ['netns', 'exec', H, 'ip', '-j', 'link', 'show', 'dev', dev])).stdout)[0] as { mtu: number; address: string };
  expect({ mtu: link.mtu, address: link.address }).toEqual({ mtu: want.links[0].mtu, address: want.links[0].mac });
  expect(await neighbours(dev)).toEqual(before);
  // nothing left to do: the repair wrote everything back in one pass
  expect(await applyFabric(exec, want)).toBe(0);
});

test('a MAC changed by hand is repaired and the neighbours the kernel flushed with it are written again in the same pass', async () => {
  const want = renderFabric(view);
  const dev = want.links[0].name;
  await applyFabric(exec, want);
  await runOk('ip', ['netns', 'exec', H, 'ip', 'link', 'set', 'dev', dev, 'address', '02:00:00:00:00:99']);
  await applyFabric(exec, want);
  expect(await neighbours(dev)).toEqual([expect.objectContaining({ dst: '198.18.0.12', lladdr: want.neigh[0].mac, state: ['PERMANENT'] })]);
  expect(await applyFabric(exec, want)).toBe(0);
});
