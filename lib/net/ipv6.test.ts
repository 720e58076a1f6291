import { bigToIp6, block6Of, blockCount6, canonicalCidr6, formatCidr6, ip6ToBig, isIp6, linkLocalOf, overlaps6, parseCidr6, randomBelow, subBlock6 } from './ipv6';

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

describe('agent helpers', () => {
  test('block of an address, canonical CIDR text and family', () => {
    expect(block6Of('2001:2::7f', 122)).toBe('2001:2::40/122');
    expect(canonicalCidr6('2001:0002:0:0::/48')).toBe('2001:2::/48');
    expect(isIp6('2001:2::1')).toBe(true);
    expect(isIp6('198.18.0.1')).toBe(false);
    expect(overlaps6(parseCidr6('2001:2::/48'), parseCidr6('2001:2:0:1::/64'))).toBe(true);
    expect(overlaps6(parseCidr6('2001:2::/64'), parseCidr6('2001:2:0:1::/64'))).toBe(false);
  });

  test('EUI-64 link-local address of a MAC (as the kernel assigns it)', () => {
    expect(linkLocalOf('02:42:c6:12:00:05')).toBe('fe80::42:c6ff:fe12:5');
    expect(linkLocalOf('aa:bb:cc:dd:ee:ff')).toBe('fe80::a8bb:ccff:fedd:eeff');
    expect(() => linkLocalOf('aa:bb:cc')).toThrow(/invalid MAC "aa:bb:cc"/);
  });

  test('randomBelow stays in range', () => {
    for (let i = 0; i < 200; i++) {
      const r = randomBelow(1n << 74n);
      expect(r >= 0n && r < 1n << 74n).toBe(true);
      expect(randomBelow(3n) < 3n).toBe(true);
    }
  });
});
