/** IPv4 CIDR arithmetic for pools, blocks and bridge subnets. */
import { MarinaError } from '../../../lib/errors';

export interface Cidr4 {
  /** Network address as an unsigned 32-bit number. */
  base: number;
  prefix: number;
  size: number;
}

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

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parse `a.b.c.d/len`; `field` names the option or JSON path in the error. */
export function parseCidr(cidr: string, field = 'cidr'): Cidr4 {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(cidr);
  const prefix = m ? Number(m[2]) : -1;
  if (!m || prefix > 32) {
    throw new MarinaError('MARINA_ERR_INVALID', `${field}: ${JSON.stringify(cidr)} is not an IPv4 CIDR`, { details: [{ path: field, errors: ['must be an IPv4 CIDR like 198.19.0.0/17'] }] });
  }
  const size = 2 ** (32 - prefix);
  const raw = ipToInt(m[1]);
  const base = raw - (raw % size);
  return { base, prefix, size };
}

export function formatCidr(c: Cidr4): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

export function contains(c: Cidr4, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

export function overlaps(a: Cidr4, b: Cidr4): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** The i-th sub-block of length `prefix` inside c. */
export function subBlock(c: Cidr4, prefix: number, i: number): Cidr4 {
  const size = 2 ** (32 - prefix);
  return { base: c.base + i * size, prefix, size };
}

export function blockCount(c: Cidr4, prefix: number): number {
  return prefix < c.prefix ? 0 : 2 ** (prefix - c.prefix);
}

/** Inclusive port range `a-b`. */
export function parseRange(range: string, field: string): { begin: number; end: number } {
  const m = /^(\d+)-(\d+)$/.exec(range.trim());
  const begin = m ? Number(m[1]) : NaN;
  const end = m ? Number(m[2]) : NaN;
  if (!m || begin < 1 || end > 65535 || begin > end) {
    throw new MarinaError('MARINA_ERR_CONFIG', `${field}: ${JSON.stringify(range)} is not a port range like 10000-20000`);
  }
  return { begin, end };
}
