import { blockCount, formatCidr, intToIp, ipToInt, overlaps, parseCidr, parseRange, subBlock } from './cidr';

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
