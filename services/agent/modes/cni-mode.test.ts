import { HostExec } from '../exec';
import { withHostPortPlugin, type CniPlan } from './cni-mode';
import type { ModeContext } from './mode';

const plan = (maps: Array<{ hostPort: number; containerPort: number; protocol: string }>): CniPlan => ({
  ip: '198.18.16.5',
  hostNat: { ip: '198.18.16.5', portMappings: maps, localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' },
  conflist: { cniVersion: '1.0.0', name: 'marina-bridge', plugins: [{ type: 'bridge', bridge: 'marina-br0' }] },
});
const ctx = (hostPorts?: 'nft' | 'portmap'): ModeContext => ({ exec: new HostExec(), cniPath: ['/usr/lib/cni'], mtu: 1500, hostPorts });
const maps = [{ hostPort: 31080, containerPort: 8080, protocol: 'tcp' }, { hostPort: 31080, containerPort: 8080, protocol: 'udp' }];

test('portmap: the plugin is chained with the mappings as its capability; the NAT table keeps only the masquerade', () => {
  const p = withHostPortPlugin(plan(maps), ctx('portmap'));
  expect(p.conflist.plugins.map((x) => x.type)).toEqual(['bridge', 'portmap']);
  expect(p.conflist.plugins[1]).toEqual({ type: 'portmap', capabilities: { portMappings: true }, snat: true });
  expect(p.capabilityArgs).toEqual({ portMappings: maps });
  expect(p.hostNat).toEqual({ ip: '198.18.16.5', portMappings: [], localNet: '198.18.16.0/24', masqNet: '198.18.16.0/24' });
});

test('nft (default), or no hostPorts: the plan is unchanged', () => {
  const p = plan(maps);
  expect(withHostPortPlugin(p, ctx())).toBe(p);
  expect(withHostPortPlugin(p, ctx('nft'))).toBe(p);
  const none = plan([]);
  expect(withHostPortPlugin(none, ctx('portmap'))).toBe(none);
});
