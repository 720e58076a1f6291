import { bridgeNetfilterSysctls } from '../cni-mode';
import { taskNet, tcp } from '../testing/task-net';
import { planBridge } from './index';

const addr = { ipAddress: '198.18.16.7', protocol: 'IPv4' as const, networkName: 'bridge', prefixLength: 24, gateway: '198.18.16.1' };
const conflist = (mtu: number) => ({
  cniVersion: '1.0.0',
  name: 'marina-bridge',
  plugins: [{ type: 'bridge', bridge: 'marina-br0', isGateway: true, ipMasq: false, hairpinMode: true, mtu, ipam: { type: 'marina-ipam', addresses: [{ address: '198.18.16.7/24', gateway: '198.18.16.1' }], routes: [{ dst: '0.0.0.0/0' }] } }],
});

test.each([
  ['no ports: masquerade of the bridge subnet only', taskNet({ ipAddresses: [addr] }), { ip: '198.18.16.7', hostNat: { ip: '198.18.16.7', portMappings: [], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' }, sysctls: bridgeNetfilterSysctls(), conflist: conflist(1500) }],
  [
    'hostPorts: DNAT elements and route_localnet on the bridge (localhost:hostPort)',
    taskNet({ ipAddresses: [addr], ports: [tcp(31080, 8080), { hostPort: 31081, containerPort: 53, protocol: 'udp,tcp', labels: {} }], mtu: 9000 }),
    {
      ip: '198.18.16.7',
      hostNat: { ip: '198.18.16.7', portMappings: [{ hostPort: 31080, containerPort: 8080, protocol: 'tcp' }, { hostPort: 31081, containerPort: 53, protocol: 'udp' }, { hostPort: 31081, containerPort: 53, protocol: 'tcp' }], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' },
      sysctls: [...bridgeNetfilterSysctls(), 'net.ipv4.conf.marina-br0.route_localnet=1'],
      conflist: conflist(9000),
    },
  ],
  ['a port without hostPort is not mapped', taskNet({ ipAddresses: [addr], ports: [{ containerPort: 8080, protocol: 'tcp', labels: {} } as never] }), { ip: '198.18.16.7', hostNat: { ip: '198.18.16.7', portMappings: [], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' }, sysctls: bridgeNetfilterSysctls(), conflist: conflist(1500) }],
])('%s', (_name, t, want) => {
  expect(planBridge(t)).toEqual(want);
});

test.each([
  ['no address', []],
  ['an address on another network', [{ ...addr, networkName: 'blue' }]],
  ['no gateway', [{ ...addr, gateway: undefined }]],
])('the allocator is the one IP authority: %s is refused, naming ipAddresses', (_name, ipAddresses) => {
  expect(() => planBridge(taskNet({ ipAddresses }))).toThrow(/task web\.1: ipAddresses: no bridge address from the allocator/);
});
