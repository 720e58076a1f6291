import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import { vtepMac, vxlanDeviceName } from '../names';
import { diffFabric, renderIsolation } from './apply';
import { renderFabric, type FabricView } from './fabric';
import './vxlan/vxlan';
import './host-gw/host-gw';

const agent = (id: string, ip: string): Agent => ({ id, hostname: id, ip, portRanges: [], attributes: {}, registeredAt: '' });
const net = (name: string, driver: 'vxlan' | 'host-gw', cidr: string): VirtualNetwork => ({ name, cidr, blockSize: 26, driver, vni: 7, labels: {} });
const task = (id: string, agentId: string, network: string, ip: string, state = 'TASK_RUNNING'): Task =>
  ({ id, appId: '/a', agentId, networkName: network, networkMode: 'container', ipAddresses: [{ ipAddress: ip, protocol: 'IPv4', networkName: network }], state } as unknown as Task);

const view = (tasks: Task[], agents = [agent('h1', '198.18.0.11'), agent('h2', '198.18.0.12'), agent('h3', '198.18.0.13')]): FabricView => ({
  self: agents[0], agents, networks: [net('blue', 'vxlan', '198.19.0.0/20'), net('green', 'host-gw', '198.19.16.0/20')], tasks, mtu: 1500,
});

describe('fabric render', () => {
  test('vxlan: one device (MTU-50), FDB + neighbour per remote host, onlink route per remote block via the host', () => {
    const d = renderFabric(view([task('a', 'h1', 'blue', '198.19.0.66'), task('b', 'h2', 'blue', '198.19.0.130'), task('c', 'h2', 'blue', '198.19.0.131')]));
    const dev = vxlanDeviceName('blue');
    expect(d.links).toEqual([{ name: dev, vni: 7, local: '198.18.0.11', mtu: 1450, mac: vtepMac('blue', '198.18.0.11') }]);
    expect(d.fdb.map((f) => f.dst)).toEqual(['198.18.0.12', '198.18.0.13']);
    expect(d.neigh).toEqual([
      { ip: '198.18.0.12', mac: vtepMac('blue', '198.18.0.12'), dev },
      { ip: '198.18.0.13', mac: vtepMac('blue', '198.18.0.13'), dev },
    ]);
    expect(d.routes).toEqual([{ dst: '198.19.0.128/26', via: '198.18.0.12', dev, onlink: true }]);
  });

  test('vxlan: the pool\'s first block (it holds the anycast gateway, local on every bridge) is never its own next hop', () => {
    const d = renderFabric(view([task('a', 'h2', 'blue', '198.19.0.2')]));
    expect(d.routes).toEqual([{ dst: '198.19.0.0/26', via: '198.18.0.12', dev: vxlanDeviceName('blue'), onlink: true }]);
    expect(d.neigh.some((n) => n.ip === '198.19.0.1')).toBe(false);
  });

  test('host-gw: a route per remote block via the host; ended tasks and unknown hosts add nothing', () => {
    const d = renderFabric(view([task('g', 'h3', 'green', '198.19.16.200'), task('x', 'h2', 'green', '198.19.16.70', 'TASK_KILLED'), task('y', 'h9', 'green', '198.19.17.1')]));
    expect(d.routes).toEqual([{ dst: '198.19.16.192/26', via: '198.18.0.13' }]);
    expect(d.isolated).toEqual(['198.19.0.0/20', '198.19.16.0/20']);
  });

  test('a host leaving removes its entries (diff against current)', () => {
    const before = renderFabric(view([task('b', 'h2', 'blue', '198.19.0.130')]));
    const after = renderFabric(view([], [agent('h1', '198.18.0.11'), agent('h3', '198.18.0.13')]));
    const dev = vxlanDeviceName('blue');
    const cur = {
      links: new Map([[dev, { mac: before.links[0].mac, mtu: 1450, vni: 7 }]]),
      fdb: new Set(before.fdb.map((e) => `${e.mac}|${e.dst}|${e.dev}`)),
      neigh: new Set(before.neigh.map((e) => `${e.ip}|${e.mac}|${e.dev}`)),
      routes: new Map(before.routes.map((r) => [r.dst, `${r.dst} via ${r.via} dev ${r.dev} onlink proto 77`])),
    };
    const { ip, bridge } = diffFabric(after, cur);
    expect(bridge).toEqual([`fdb del ${vtepMac('blue', '198.18.0.12')} dev ${dev} dst 198.18.0.12 self`]);
    expect(ip).toEqual(expect.arrayContaining([`neigh del 198.18.0.12 dev ${dev}`, 'route del 198.19.0.128/26 proto 77']));
    expect(ip.some((l) => l.startsWith('link'))).toBe(false);
  });

  test('a deleted link takes its entries with it; a recreated link (new VNI) gets them written again', () => {
    const d = renderFabric(view([task('b', 'h2', 'blue', '198.19.0.130')]));
    const dev = vxlanDeviceName('blue');
    const cur = (vni: number) => ({
      links: new Map([[dev, { mac: d.links[0].mac, mtu: 1450, vni }]]),
      fdb: new Set(d.fdb.map((e) => `${e.mac}|${e.dst}|${e.dev}`)),
      neigh: new Set(d.neigh.map((e) => `${e.ip}|${e.mac}|${e.dev}`)),
      routes: new Map(d.routes.map((r) => [r.dst, `${r.dst} via ${r.via} dev ${r.dev} onlink proto 77`])),
    });
    const gone = diffFabric({ links: [], fdb: [], neigh: [], routes: [], isolated: [] }, cur(7));
    expect(gone).toEqual({ ip: [`link del ${dev}`], bridge: [] });
    const renumbered = diffFabric(d, cur(8));
    expect(renumbered.ip.slice(0, 2)).toEqual([`link del ${dev}`, expect.stringContaining(`link add ${dev} type vxlan id 7`)]);
    expect(renumbered.bridge).toHaveLength(d.fdb.length);
    expect(renumbered.ip.filter((l) => l.startsWith('neigh replace'))).toHaveLength(d.neigh.length);
    expect(renumbered.ip).toContain(`route replace 198.19.0.128/26 via 198.18.0.12 dev ${dev} onlink proto 77`);
  });

  test('a drifted MTU is set back without the address (setting it flushes the link\'s neighbours); a new MAC rewrites the neighbours too', () => {
    const d = renderFabric(view([task('b', 'h2', 'blue', '198.19.0.130')]));
    const dev = vxlanDeviceName('blue');
    const cur = (mac: string, mtu: number) => ({
      links: new Map([[dev, { mac, mtu, vni: 7 }]]),
      fdb: new Set(d.fdb.map((e) => `${e.mac}|${e.dst}|${e.dev}`)),
      neigh: new Set(d.neigh.map((e) => `${e.ip}|${e.mac}|${e.dev}`)),
      routes: new Map(d.routes.map((r) => [r.dst, `${r.dst} via ${r.via} dev ${r.dev} onlink proto 77`])),
    });
    expect(diffFabric(d, cur(d.links[0].mac, 1350))).toEqual({ ip: [`link set dev ${dev} mtu 1450 up`], bridge: [] });
    const readdressed = diffFabric(d, cur('02:00:00:00:00:99', 1450));
    expect(readdressed.ip[0]).toBe(`link set dev ${dev} address ${d.links[0].mac} mtu 1450 up`);
    expect(readdressed.ip.filter((l) => l.startsWith('neigh replace'))).toHaveLength(d.neigh.length);
    expect(readdressed.bridge).toEqual([]);
  });

  test('isolation drops traffic between every pair of networks', () => {
    expect(renderIsolation(['198.19.0.0/20', '198.19.16.0/20'])).toContain('-A MARINA-ISOLATE -s 198.19.16.0/20 -d 198.19.0.0/20');
    expect(renderIsolation(['198.19.0.0/20']).split('\n').filter((l) => l.startsWith('-A'))).toEqual([]);
  });
});

describe('fabric render, dual stack', () => {
  const task6 = (id: string, agentId: string, network: string, ip4: string, ip6: string): Task =>
    ({ id, appId: '/a', agentId, networkName: network, networkMode: 'container', state: 'TASK_RUNNING',
      ipAddresses: [{ ipAddress: ip4, protocol: 'IPv4', networkName: network }, { ipAddress: ip6, protocol: 'IPv6', networkName: network, prefixLength: 48 }] } as unknown as Task);
  const dual = (agents: Agent[], tasks: Task[]): FabricView => ({
    self: agents[0], agents, tasks, mtu: 1500,
    networks: [{ ...net('blue', 'vxlan', '198.19.0.0/20'), cidr6: '2001:2:0:0::/48' }, { ...net('green', 'host-gw', '198.19.16.0/20'), cidr6: '2001:2:1::/48' }],
  });

  test('vxlan: IPv6 block of a remote host via its VTEP link-local (one neighbour per host), pools isolated and masqueraded', () => {
    const agents = [agent('h1', '198.18.0.11'), agent('h2', '198.18.0.12')];
    const d = renderFabric(dual(agents, [task6('b', 'h2', 'blue', '198.19.0.130', '2001:2::4a'), task6('c', 'h2', 'blue', '198.19.0.131', '2001:2::1:7')]));
    const dev = vxlanDeviceName('blue');
    const mac = vtepMac('blue', '198.18.0.12');
    // EUI-64 of the MAC: U/L bit flipped, ff:fe in the middle
    const ll = `fe80::${(parseInt(mac.slice(0, 2), 16) ^ 2).toString(16)}${mac.slice(3, 5)}:${mac.slice(6, 8)}ff:fe${mac.slice(9, 11)}:${mac.slice(12, 14)}${mac.slice(15, 17)}`.replace(/:0+([0-9a-f])/g, ':$1');
    expect(d.routes.filter((r) => r.dst.includes(':'))).toEqual([
      { dst: '2001:2::1:0/122', via: ll, dev },
      { dst: '2001:2::40/122', via: ll, dev },
    ]);
    expect(d.neigh.filter((n) => n.ip.startsWith('fe80'))).toEqual([{ ip: ll, mac, dev }]);
    expect(d.isolated6).toEqual(['2001:2::/48', '2001:2:1::/48']);
    expect([...d.masquerade6!].sort()).toEqual(['2001:2:1::/48', '2001:2::/48']);
  });

  test('host-gw: IPv6 blocks only via a remote IPv6 underlay address, when both hosts have one', () => {
    const t = [task6('g', 'h2', 'green', '198.19.16.200', '2001:2:1::99')];
    const without = renderFabric(dual([agent('h1', '198.18.0.11'), agent('h2', '198.18.0.12')], t));
    expect(without.routes).toEqual([{ dst: '198.19.16.192/26', via: '198.18.0.12' }]);
    const withIp6 = renderFabric(dual([{ ...agent('h1', '198.18.0.11'), ip6: '2001:2:ff::11' }, { ...agent('h2', '198.18.0.12'), ip6: '2001:2:ff::12' }], t));
    expect(withIp6.routes).toEqual([{ dst: '198.19.16.192/26', via: '198.18.0.12' }, { dst: '2001:2:1::80/122', via: '2001:2:ff::12' }]);
  });
});
