import { parseCidr } from './ipv4';
import { parseCidr6 } from './ipv6';
import { specialOverlap4, specialOverlap6 } from './special';

describe('special-purpose blocks (RFC 6890)', () => {
  test.each([
    ['127.0.0.0/16', 'loopback 127.0.0.0/8'],
    ['126.0.0.0/7', 'loopback 127.0.0.0/8'],
    ['169.254.169.254/32', 'link-local 169.254.0.0/16'],
    ['239.1.0.0/16', 'multicast 224.0.0.0/4'],
    ['0.0.0.0/0', '"this network" 0.0.0.0/8'],
    ['255.255.255.255/32', 'reserved 240.0.0.0/4'],
    ['198.19.0.0/16', undefined],
    ['128.0.0.0/3', undefined],
  ])('%s → %s', (cidr, what) => {
    expect(specialOverlap4(parseCidr(cidr))).toBe(what);
  });

  test.each([
    ['::1/128', 'unspecified and loopback ::/127'],
    ['::ffff:7f00:1/128', 'IPv4-mapped ::ffff:0:0/96'],
    ['fe80::/64', 'link-local fe80::/10'],
    ['ff02::1/128', 'multicast ff00::/8'],
    ['2001:2::/48', undefined],
  ])('%s → %s', (cidr, what) => {
    expect(specialOverlap6(parseCidr6(cidr))).toBe(what);
  });
});
