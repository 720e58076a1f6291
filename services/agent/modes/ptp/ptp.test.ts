import type { CniResult } from '../../cni/types';
import { taskNet, tcp } from '../testing/task-net';
import { planPtp } from './index';

const net = { name: 'p2p', cidr: '198.19.32.0/20', blockSize: 26, driver: 'ptp' as const, labels: {} };
const addr = { ipAddress: '198.19.32.6', protocol: 'IPv4' as const, networkName: 'p2p', prefixLength: 20, gateway: '198.19.32.1' };
const conflist = { cniVersion: '1.0.0', name: 'marina-net-p2p', plugins: [{ type: 'ptp', ipMasq: false, mtu: 1500, ipam: { type: 'marina-ipam', addresses: [{ address: '198.19.32.6/20', gateway: '198.19.32.1' }], routes: [{ dst: '0.0.0.0/0' }] } }] };

test.each([
  ['no ports: masquerade of the subnet, no sysctl after ADD', taskNet({ network: net, ipAddresses: [addr] }), [], undefined],
  ['hostPorts: DNAT elements; route_localnet on the host veth the result names', taskNet({ network: net, ipAddresses: [addr], ports: [tcp(31500, 8080)] }), [{ hostPort: 31500, containerPort: 8080, protocol: 'tcp' }], ['net.ipv4.conf.veth1234.route_localnet=1']],
])('%s', (_name, t, maps, after) => {
  const p = planPtp(t);
  expect(p).toMatchObject({ ip: '198.19.32.6', hostNat: { ip: '198.19.32.6', portMappings: maps, localNet: '198.19.32.0/20', masqNet: '198.19.32.0/20' }, conflist });
  const result = { cniVersion: '1.0.0', interfaces: [{ name: 'veth1234' }, { name: 'eth0', sandbox: '/run/netns/x' }] } as CniResult;
  expect(p.sysctlsAfterAdd?.(result)).toEqual(after);
});
