import { taskNet } from '../testing/task-net';
import { planMacvlan } from './index';

const net = (parent?: string) => ({ name: 'under', cidr: '198.18.8.0/24', blockSize: 26, driver: 'macvlan' as const, labels: {}, ...(parent ? { parent } : {}) });
const plugin = (master: string, address: object) => ({ type: 'macvlan', master, mode: 'bridge', mtu: 1500, ipam: { type: 'marina-ipam', addresses: [address] } });

test.each([
  ['the network parent, the allocator prefix and gateway', taskNet({ network: net('eth1'), underlayIf: 'eth0', ipAddresses: [{ ipAddress: '198.18.8.20', protocol: 'IPv4', prefixLength: 24, gateway: '198.18.8.1' }] }), plugin('eth1', { address: '198.18.8.20/24', gateway: '198.18.8.1' })],
  ['no parent: the underlay interface; no prefix: the network\'s; no gateway', taskNet({ network: net(), underlayIf: 'eth0', ipAddresses: [{ ipAddress: '198.18.8.21', protocol: 'IPv4' }] }), plugin('eth0', { address: '198.18.8.21/24' })],
])('%s', (_name, t, want) => {
  expect(planMacvlan(t)).toEqual({ ip: t.task.ipAddresses[0].ipAddress, conflist: { cniVersion: '1.0.0', name: 'marina-net-under', plugins: [want] } });
});

test.each([
  ['no address', taskNet({ network: net('eth1') }), /ipAddresses: no IPv4 address allocated on network under/],
  ['no parent and no --underlay-if', taskNet({ network: net(), ipAddresses: [{ ipAddress: '198.18.8.21', protocol: 'IPv4' }] }), /network under: parent: no parent interface/],
])('refused: %s', (_name, t, msg) => {
  expect(() => planMacvlan(t)).toThrow(msg);
});
