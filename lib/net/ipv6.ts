/**
 * IPv6 address and CIDR arithmetic (BigInt) for dual-stack virtual networks:
 * pools (`cidr6`), per-host blocks (`blockSize6`, default /122 = 64
 * addresses), link-local next hops, and the canonical text form of RFC 5952
 * (lowercase, longest zero run as `::`), so one address always maps to one
 * store key. That is also what iproute2 prints, so rendered fabric entries
 * compare equal to what `ip -j` reads back.
 */
import { randomBytes } from 'node:crypto';
import { MarinaError } from '../errors';

/** A parsed IPv6 CIDR. */
export interface Cidr6 {
  base: bigint;
  prefix: number;
  size: bigint;
}

const MAX = (1n << 128n) - 1n;

/** Parse an IPv6 address (no zone, no embedded IPv4) to a 128-bit number. */
export function ip6ToBig(ip: string): bigint {
  const bad = () => new Error(`not an IPv6 address: ${ip}`);
  if (!/^[0-9a-fA-F:]+$/.test(ip) || ip.includes(':::')) throw bad();
  const halves = ip.split('::');
  if (halves.length > 2) throw bad();
  const parse = (s: string) => (s === '' ? [] : s.split(':'));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw bad();
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let n = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  return n;
}

/** RFC 5952 text: lowercase hex, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function bigToIp6(n: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Parse `addr/len`; `field` names the option or JSON path in the error. */
export function parseCidr6(cidr: string, field = 'cidr6'): Cidr6 {
  const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(cidr);
  const prefix = m ? Number(m[2]) : -1;
  let raw = -1n;
  try {
    if (m) raw = ip6ToBig(m[1]);
  } catch {
    raw = -1n;
  }
  if (!m || prefix > 128 || raw < 0n) {
    throw new MarinaError('MARINA_ERR_INVALID', `${field}: ${JSON.stringify(cidr)} is not an IPv6 CIDR`, { details: [{ path: field, errors: ['must be an IPv6 CIDR like 2001:2::/48'] }] });
  }
  const size = 1n << BigInt(128 - prefix);
  return { base: raw & (MAX ^ (size - 1n)), prefix, size };
}

/** `addr/len` text (RFC 5952) of a parsed CIDR. */
export function formatCidr6(c: Cidr6): string {
  return `${bigToIp6(c.base)}/${c.prefix}`;
}

/** True when the two CIDRs share an address. */
export function overlaps6(a: Cidr6, b: Cidr6): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The i-th sub-block of length `prefix` inside c. */
export function subBlock6(c: Cidr6, prefix: number, i: bigint): Cidr6 {
  const size = 1n << BigInt(128 - prefix);
  return { base: c.base + i * size, prefix, size };
}

/** How many blocks of length `prefix` fit in c (0n when prefix is shorter than c's). */
export function blockCount6(c: Cidr6, prefix: number): bigint {
  return prefix < c.prefix ? 0n : 1n << BigInt(prefix - c.prefix);
}

/** A uniformly random number in [0, n) (n > 0). */
export function randomBelow(n: bigint): bigint {
  const bytes = Math.ceil((n.toString(2).length + 64) / 8);
  return BigInt('0x' + randomBytes(bytes).toString('hex')) % n;
}

/** True for IPv6 text (has a colon); the agent's family test for task and host addresses. */
export function isIp6(ip: string): boolean {
  return ip.includes(':');
}

/** The block of length prefix containing ip: `2001:2::40/122`. */
export function block6Of(ip: string, prefix: number): string {
  return formatCidr6(parseCidr6(`${ip}/${prefix}`, 'ip'));
}

/** Canonical text of a CIDR (`2001:2:0:0::/48` → `2001:2::/48`). */
export function canonicalCidr6(cidr: string): string {
  return formatCidr6(parseCidr6(cidr));
}

/** The EUI-64 link-local address of a MAC (what the kernel gives a device with that MAC). */
export function linkLocalOf(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  if (b.length !== 6 || b.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`invalid MAC ${JSON.stringify(mac)}`);
  const eui = [b[0] ^ 2, b[1], b[2], 0xff, 0xfe, b[3], b[4], b[5]];
  let n = 0xfe80n << 112n;
  for (let i = 0; i < 8; i++) n |= BigInt(eui[i]) << BigInt(8 * (7 - i));
  return bigToIp6(n);
}
