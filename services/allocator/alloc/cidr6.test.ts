import { bigToIp6, blockCount6, formatCidr6, ip6ToBig, parseCidr6, subBlock6 } from './cidr6';

describe('IPv6 text forms (RFC 5952 canonical output)', () => {
  test.each([
    ['2001:2::', '2001:2::'],
    ['2001:0002:0000:0000:0000:0000:0000:0001', '2001:2::1'],
    ['2001:2:0:0:1:0:0:1', '2001:2::1:0:0:1'],
    ['2001:2:0:1:0:0:0:1', '2001:2:0:1::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['2001:2:1:2:3:4:5:6', '2001:2:1:2:3:4:5:6'],
    ['2001:DB8::A', '2001:db8::a'],
  ])('%s → %s', (input, canonical) => {
    expect(bigToIp6(ip6ToBig(input))).toBe(canonical);
  });

  test.each(['2001:2', '1:2:3:4:5:6:7:8:9', '2001::2::1', '2001:2::g', '198.18.0.1', '12345::', ''])('rejects %s', (bad) => {
    expect(() => ip6ToBig(bad)).toThrow(/not an IPv6 address/);
  });
});

describe('IPv6 CIDRs', () => {
  test('parse masks host bits and names the field on error', () => {
    expect(formatCidr6(parseCidr6('2001:2::77/48'))).toBe('2001:2::/48');
    expect(() => parseCidr6('2001:2::/129', '/cidr6')).toThrow(/\/cidr6: "2001:2::\/129" is not an IPv6 CIDR/);
    expect(() => parseCidr6('198.19.0.0/17', '/cidr6')).toThrow(/is not an IPv6 CIDR/);
  });

  test('blocks of a /48 pool', () => {
    const pool = parseCidr6('2001:2::/48');
    expect(blockCount6(pool, 122)).toBe(1n << 74n);
    expect(formatCidr6(subBlock6(pool, 122, 0n))).toBe('2001:2::/122');
    expect(formatCidr6(subBlock6(pool, 122, 3n))).toBe('2001:2::c0/122');
    expect(blockCount6(pool, 40)).toBe(0n);
  });
});
