import type { VirtualNetwork } from '../../../../lib/model/cluster';
import { bridgeNetfilterSysctls } from '../cni-mode';
import { taskNet, tcp } from '../testing/task-net';
import { planVirtual } from './index';
import { networkBridgeName } from '../../names';

const blue: VirtualNetwork = { name: 'blue', cidr: '198.19.0.0/20', blockSize: 26, driver: 'vxlan', vni: 4242, labels: {} };
const green: VirtualNetwork = { name: 'green', cidr: '198.19.16.0/20', cidr6: 'fd00:198:19::/64', blockSize: 26, driver: 'host-gw', labels: {} };
const br = (n: string) => networkBridgeName(n);
const plugin = (bridge: string, mtu: number, addresses: unknown[], routes: unknown[]) => ({ type: 'bridge', bridge, isGateway: true, ipMasq: false, hairpinMode: true, mtu, ipam: { type: 'marina-ipam', addresses, routes } });

test.each([
  [
    'vxlan, pool prefix and anycast gateway from the allocator: overlay MTU (-50), proxy ARP on the network bridge',
    taskNet({ network: blue, ipAddresses: [{ ipAddress: '198.19.1.5', protocol: 'IPv4', networkName: 'blue', prefixLength: 20, gateway: '198.19.0.1' }] }),
    {
      ip: '198.19.1.5', ip6: undefined, netnsLines: undefined,
      hostNat: { ip: '198.19.1.5', portMappings: [], localNet: '198.19.0.0/20' },
      sysctls: [`net.ipv4.conf.${br('blue')}.proxy_arp=1`, ...bridgeNetfilterSysctls()],
      conflist: { cniVersion: '1.0.0', name: 'marina-net-blue', plugins: [plugin(br('blue'), 1450, [{ address: '198.19.1.5/20', gateway: '198.19.0.1' }], [{ dst: '0.0.0.0/0' }])] },
    },
  ],
  [
    'no prefix from the allocator: the host block and its first address',
    taskNet({ network: blue, ipAddresses: [{ ipAddress: '198.19.1.70', protocol: 'IPv4', networkName: 'blue' }], ports: [tcp(31000, 80)] }),
    {
      ip: '198.19.1.70', ip6: undefined, netnsLines: undefined,
      hostNat: { ip: '198.19.1.70', portMappings: [{ hostPort: 31000, containerPort: 80, protocol: 'tcp' }], localNet: '198.19.1.64/26' },
      sysctls: [`net.ipv4.conf.${br('blue')}.proxy_arp=1`, ...bridgeNetfilterSysctls(), `net.ipv4.conf.${br('blue')}.route_localnet=1`],
      conflist: { cniVersion: '1.0.0', name: 'marina-net-blue', plugins: [plugin(br('blue'), 1450, [{ address: '198.19.1.70/26', gateway: '198.19.1.65' }], [{ dst: '0.0.0.0/0' }])] },
    },
  ],
  [
    'host-gw dual stack: underlay MTU, the IPv6 address and a pool route via the gateway inside the netns',
    taskNet({ network: green, ipAddresses: [{ ipAddress: '198.19.16.9', protocol: 'IPv4', networkName: 'green', prefixLength: 20, gateway: '198.19.16.1' }, { ipAddress: 'fd00:198:19::9', protocol: 'IPv6', networkName: 'green' }] }),
    {
      ip: '198.19.16.9', ip6: 'fd00:198:19::9', netnsLines: ['route add fd00:198:19::/64 via fd00:198:19::1 dev eth0 metric 1'],
      hostNat: { ip: '198.19.16.9', portMappings: [], localNet: '198.19.16.0/20' },
      sysctls: [`net.ipv4.conf.${br('green')}.proxy_arp=1`, ...bridgeNetfilterSysctls()],
      conflist: {
        cniVersion: '1.0.0', name: 'marina-net-green',
        plugins: [plugin(br('green'), 1500, [{ address: '198.19.16.9/20', gateway: '198.19.16.1' }, { address: 'fd00:198:19::9/64', gateway: 'fd00:198:19::1' }], [{ dst: '0.0.0.0/0' }, { dst: '::/0' }])],
      },
    },
  ],
])('%s', (_name, t, want) => {
  expect(planVirtual(t)).toEqual(want);
});

test.each([
  ['no IPv4 address', taskNet({ network: blue }), /ipAddresses: no IPv4 address allocated on network/],
  ['an IPv6 address on a network without cidr6', taskNet({ network: blue, ipAddresses: [{ ipAddress: '198.19.1.5', protocol: 'IPv4' }, { ipAddress: 'fd00::5', protocol: 'IPv6' }] }), /which has no cidr6/],
])('refused: %s', (_name, t, msg) => {
  expect(() => planVirtual(t)).toThrow(msg);
});
