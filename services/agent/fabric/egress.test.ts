import type { VirtualNetwork } from '../../../lib/model/cluster';
import { masqueradedCidrs, renderEgress } from './egress';

const net = (name: string, driver: VirtualNetwork['driver'], cidr?: string, labels: Record<string, string> = {}): VirtualNetwork =>
  ({ name, cidr, blockSize: 26, driver, labels });

test('vxlan and host-gw networks are masqueraded unless labelled marina.masquerade=false', () => {
  const nets = [
    net('blue', 'vxlan', '198.19.0.0/20'),
    net('green', 'host-gw', '198.19.16.0/20'),
    net('flat', 'host-gw', '198.19.32.0/20', { 'marina.masquerade': 'false' }),
    net('lan', 'macvlan', '198.18.8.0/24'),
    net('v6only', 'vxlan'),
  ];
  expect(masqueradedCidrs(nets)).toEqual(['198.19.0.0/20', '198.19.16.0/20']);
});

test('traffic inside the network keeps its source; traffic leaving it is masqueraded', () => {
  const rules = renderEgress(['198.19.0.0/20']).split('\n').filter((l) => l.startsWith('-A'));
  expect(rules).toEqual([
    '-A MARINA-EGRESS -s 198.19.0.0/20 -d 198.19.0.0/20 -m comment --comment "marina: inside the network" -j RETURN',
    '-A MARINA-EGRESS -s 198.19.0.0/20 -m comment --comment "marina: leaving the network" -j MASQUERADE',
  ]);
  expect(renderEgress([])).toBe('*nat\n:MARINA-EGRESS - [0:0]\nCOMMIT\n');
});
