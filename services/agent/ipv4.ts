/** Small IPv4 helpers (CIDR arithmetic for blocks and gateways). */

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`invalid IPv4 address ${JSON.stringify(ip)}`);
  }
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, p] = cidr.split('/');
  const prefix = Number(p);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`invalid CIDR ${JSON.stringify(cidr)}`);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return { base: (ipToInt(ip) & mask) >>> 0, prefix };
}

/** The network containing ip at prefix: `198.19.0.64/26`. */
export function blockOf(ip: string, prefix: number): string {
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return `${intToIp((ipToInt(ip) & mask) >>> 0)}/${prefix}`;
}

/** First usable address of a CIDR (the gateway by convention). */
export function firstHost(cidr: string): string {
  return intToIp(parseCidr(cidr).base + 1);
}

export function contains(cidr: string, ip: string): boolean {
  const { base, prefix } = parseCidr(cidr);
  return parseCidr(`${ip}/${prefix}`).base === base;
}

/** Every host address of a CIDR except the network, the first (gateway) and broadcast. */
export function* hostsOf(cidr: string): Generator<string> {
  const { base, prefix } = parseCidr(cidr);
  const size = 2 ** (32 - prefix);
  for (let i = 2; i < size - 1; i++) yield intToIp(base + i);
}
