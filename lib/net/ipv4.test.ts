import { blockCount, blockOf, contains, firstHost, formatCidr, hostsOf, intToIp, ipToInt, isIpv4, overlaps, parseCidr, subBlock } from './ipv4';
import { parseRange } from './port-range';

test('parse, normalise and split CIDRs', () => {
  const c = parseCidr('198.19.0.77/17');
  expect(formatCidr(c)).toBe('198.19.0.0/17');
  expect(blockCount(c, 26)).toBe(512);
  expect(formatCidr(subBlock(c, 26, 3))).toBe('198.19.0.192/26');
  expect(intToIp(ipToInt('198.18.255.1'))).toBe('198.18.255.1');
  expect(overlaps(parseCidr('198.19.0.0/17'), parseCidr('198.19.127.0/24'))).toBe(true);
  expect(overlaps(parseCidr('198.19.0.0/17'), parseCidr('198.19.128.0/24'))).toBe(false);
});

test('bad input names the field', () => {
  expect(() => parseCidr('198.19.0.0/33', '/cidr')).toThrow(/\/cidr/);
  expect(() => parseCidr('nope', '/cidr')).toThrow(/\/cidr/);
  expect(() => parseRange('20000-10000', '--service-port-range')).toThrow(/--service-port-range/);
});

test('blocks, gateways and host addresses by text (agent wiring)', () => {
  expect(blockOf('198.19.0.77', 26)).toBe('198.19.0.64/26');
  expect(blockOf('198.19.0.77', 32)).toBe('198.19.0.77/32');
  expect(firstHost('198.18.16.0/24')).toBe('198.18.16.1');
  expect(firstHost('198.18.16.77/24')).toBe('198.18.16.1');
  expect([...hostsOf('198.18.16.0/29')]).toEqual(['198.18.16.2', '198.18.16.3', '198.18.16.4', '198.18.16.5', '198.18.16.6']);
  expect(contains('198.18.16.0/24', '198.18.16.255')).toBe(true);
  expect(contains('198.18.16.0/24', '198.18.17.0')).toBe(false);
  expect(contains(parseCidr('198.18.16.0/24'), ipToInt('198.18.16.9'))).toBe(true);
});

test.each(['198.18.0', '198.18.0.256', '198.18.0.1e1', ' 198.18.0.1', '198.18.0.-1', ''])('rejects the address %j', (bad) => {
  expect(isIpv4(bad)).toBe(false);
  expect(() => ipToInt(bad)).toThrow(/not an IPv4 address/);
  expect(() => blockOf(bad, 24)).toThrow(/is not an IPv4 CIDR/);
});

test('a CIDR with a bad address is a MARINA_ERR_INVALID naming the field', () => {
  expect(() => parseCidr('198.18.0.300/24', '/cidr')).toThrow(expect.objectContaining({ code: 'MARINA_ERR_INVALID', message: '/cidr: "198.18.0.300/24" is not an IPv4 CIDR' }));
});
