import { resolveConfig, type ConfigValues } from '../../lib/config';
import { OPTIONS, parseAgentConfig, parsePortRanges } from './options';

test('--port-ranges parses BEGIN-END items (lib/net parseRange) and names the option on error', () => {
  expect(parsePortRanges(['31000-31999', '33000-33010'])).toEqual([{ begin: 31000, end: 31999 }, { begin: 33000, end: 33010 }]);
  expect(() => parsePortRanges(['31000-31999', '32000-100'])).toThrow(expect.objectContaining({ code: 'MARINA_ERR_CONFIG', message: 'port-ranges: "32000-100" is not a port range like 10000-20000' }));
  expect(() => parsePortRanges(['31000-70000'])).toThrow(/^port-ranges: /);
});

test('--host-ports and --pid-namespace: defaults nft and true; a wrong value names the option', () => {
  const values = (over: ConfigValues = {}) => ({ ...resolveConfig(OPTIONS, { ip: '198.18.0.11' }, {}), ...over });
  const cfg = parseAgentConfig(values());
  expect(cfg.hostPorts).toBe('nft');
  expect(cfg.pidNamespace).toBe(true);
  expect(parseAgentConfig(values({ hostPorts: 'portmap' })).hostPorts).toBe('portmap');
  expect(() => parseAgentConfig(values({ hostPorts: 'iptables' }))).toThrow(expect.objectContaining({ code: 'MARINA_ERR_CONFIG', message: 'host-ports: expected nft or portmap, got "iptables"' }));
});
