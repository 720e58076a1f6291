/**
 * Special-purpose address blocks a virtual network must never cover
 * (RFC 6890): routing them into a fabric would capture the host's own
 * loopback, link-local (cloud metadata, IPv6 neighbour discovery) or
 * multicast traffic.
 */
import { overlaps, parseCidr, type Cidr4 } from './ipv4';
import { overlaps6, parseCidr6, type Cidr6 } from './ipv6';

const SPECIAL4: Array<[string, Cidr4]> = [
  ['"this network" 0.0.0.0/8', parseCidr('0.0.0.0/8')],
  ['loopback 127.0.0.0/8', parseCidr('127.0.0.0/8')],
  ['link-local 169.254.0.0/16', parseCidr('169.254.0.0/16')],
  ['multicast 224.0.0.0/4', parseCidr('224.0.0.0/4')],
  ['reserved 240.0.0.0/4', parseCidr('240.0.0.0/4')],
];

const SPECIAL6: Array<[string, Cidr6]> = [
  ['unspecified and loopback ::/127', parseCidr6('::/127')],
  ['IPv4-mapped ::ffff:0:0/96', parseCidr6('::ffff:0:0/96')],
  ['link-local fe80::/10', parseCidr6('fe80::/10')],
  ['multicast ff00::/8', parseCidr6('ff00::/8')],
];

/** The special block an IPv4 CIDR overlaps (its description), if any. */
export function specialOverlap4(c: Cidr4): string | undefined {
  return SPECIAL4.find(([, s]) => overlaps(c, s))?.[0];
}

/** The special block an IPv6 CIDR overlaps (its description), if any. */
export function specialOverlap6(c: Cidr6): string | undefined {
  return SPECIAL6.find(([, s]) => overlaps6(c, s))?.[0];
}
