/**
 * IPv6 helpers for dual-stack virtual networks (per-host blocks, link-local
 * next hops). The text form is RFC 5952 (allocator/alloc/cidr6), which is
 * also what iproute2 prints, so rendered fabric entries compare equal to
 * what `ip -j` reads back.
 */
import { bigToIp6, formatCidr6, ip6ToBig, parseCidr6 } from '../allocator/alloc/cidr6';

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

export { ip6ToBig, bigToIp6 };
