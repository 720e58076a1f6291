/**
 * IPv4 address and CIDR arithmetic: pools, per-host blocks and bridge
 * subnets (allocator), block/gateway/host addresses (agent). Addresses are
 * unsigned 32-bit numbers; CIDRs are normalised to their network address.
 */
import { MarinaError } from '../errors';

/** A parsed IPv4 CIDR. */
export interface Cidr4 {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  size: number;
}

/** Dotted quad → unsigned 32-bit number; throws "not an IPv4 address: X". */
export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`not an IPv4 address: ${ip}`);
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) throw new Error(`not an IPv4 address: ${ip}`);
    n = n * 256 + v;
  }
  return n;
}

/** True when ip is a dotted-quad IPv4 address. */
export function isIpv4(ip: string): boolean {
  try {
    ipToInt(ip);
    return true;
  } catch {
    return false;
  }
}

/** Unsigned 32-bit number → dotted quad. */
export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parse `a.b.c.d/len` (host bits cleared); `field` names the option or JSON path in the error. */
export function parseCidr(cidr: string, field = 'cidr'): Cidr4 {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(cidr);
  const prefix = m ? Number(m[2]) : -1;
  let raw = -1;
  try {
    if (m) raw = ipToInt(m[1]);
  } catch {
    raw = -1;
  }
  if (!m || prefix > 32 || raw < 0) {
    throw new MarinaError('MARINA_ERR_INVALID', `${field}: ${JSON.stringify(cidr)} is not an IPv4 CIDR`, { details: [{ path: field, errors: ['must be an IPv4 CIDR like 198.19.0.0/17'] }] });
  }
  const size = 2 ** (32 - prefix);
  return { base: raw - (raw % size), prefix, size };
}

/** `a.b.c.d/len` text of a parsed CIDR. */
export function formatCidr(c: Cidr4): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

/** True when the CIDR (parsed or text) holds the address (number or text). */
export function contains(c: Cidr4 | string, ip: number | string): boolean {
  const cidr = typeof c === 'string' ? parseCidr(c) : c;
  const n = typeof ip === 'string' ? ipToInt(ip) : ip;
  return n >= cidr.base && n < cidr.base + cidr.size;
}

/** True when the two CIDRs share an address. */
export function overlaps(a: Cidr4, b: Cidr4): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The i-th sub-block of length `prefix` inside c. */
export function subBlock(c: Cidr4, prefix: number, i: number): Cidr4 {
  const size = 2 ** (32 - prefix);
  return { base: c.base + i * size, prefix, size };
}

/** How many blocks of length `prefix` fit in c (0 when prefix is shorter than c's). */
export function blockCount(c: Cidr4, prefix: number): number {
  return prefix < c.prefix ? 0 : 2 ** (prefix - c.prefix);
}

/** The network containing ip at prefix: `198.19.0.64/26`. */
export function blockOf(ip: string, prefix: number): string {
  return formatCidr(parseCidr(`${ip}/${prefix}`, 'ip'));
}

/** First usable address of a CIDR (the gateway by convention). */
export function firstHost(cidr: string): string {
  return intToIp(parseCidr(cidr).base + 1);
}

/** Every host address of a CIDR except the network, the first (gateway) and broadcast. */
export function* hostsOf(cidr: string): Generator<string> {
  const { base, size } = parseCidr(cidr);
  for (let i = 2; i < size - 1; i++) yield intToIp(base + i);
}
