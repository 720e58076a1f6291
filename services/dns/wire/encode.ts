/**
 * Resource-record encoding, done when records change (never per query).
 * Answer RRs are encoded with their owner name as a compression pointer to
 * the question (offset 12), so a template can be copied into any response.
 * SRV targets are never compressed (RFC 2782), nor are any other rdata names.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { nameToKey, TYPE_A, TYPE_AAAA, TYPE_NS, TYPE_SOA, TYPE_SRV, CLASS_IN } from './query';

/** Pointer to the question name at offset 12. */
export const PTR_QUESTION = 0xc00c;

/** Uncompressed wire form of a dotted name. */
export function nameWire(name: string): Buffer {
  return Buffer.from(nameToKey(name), 'latin1');
}

function rr(owner: Buffer | number, type: number, ttl: number, rdata: Buffer): Buffer {
  const ownerLen = typeof owner === 'number' ? 2 : owner.length;
  const out = Buffer.allocUnsafe(ownerLen + 10 + rdata.length);
  if (typeof owner === 'number') out.writeUInt16BE(owner, 0);
  else owner.copy(out, 0);
  out.writeUInt16BE(type, ownerLen);
  out.writeUInt16BE(CLASS_IN, ownerLen + 2);
  out.writeUInt32BE(ttl >>> 0, ownerLen + 4);
  out.writeUInt16BE(rdata.length, ownerLen + 8);
  rdata.copy(out, ownerLen + 10);
  return out;
}

export function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

export function ipv6Bytes(ip: string): Buffer {
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const parse = (s: string | undefined): number[] => {
    if (!s) return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (part.includes('.')) {
        const b = ipv4Bytes(part);
        out.push((b[0]! << 8) | b[1]!, (b[2]! << 8) | b[3]!);
      } else out.push(parseInt(part, 16));
    }
    return out;
  };
  const h = parse(head);
  const t = parse(tail);
  const words = tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const buf = Buffer.alloc(16);
  words.forEach((w, i) => buf.writeUInt16BE(w, i * 2));
  return buf;
}

/** An A or AAAA record (by the address family) owned by `owner` (pointer or wire name). */
export function addressRR(owner: Buffer | number, ip: string, ttl: number): Buffer {
  if (isIPv4(ip)) return rr(owner, TYPE_A, ttl, ipv4Bytes(ip));
  if (isIPv6(ip)) return rr(owner, TYPE_AAAA, ttl, ipv6Bytes(ip));
  throw new Error(`not an IP address: ${ip}`);
}

export function srvRR(owner: Buffer | number, target: string, port: number, weight: number, ttl: number): Buffer {
  const t = nameWire(target);
  const rdata = Buffer.allocUnsafe(6 + t.length);
  rdata.writeUInt16BE(0, 0);
  rdata.writeUInt16BE(weight, 2);
  rdata.writeUInt16BE(port, 4);
  t.copy(rdata, 6);
  return rr(owner, TYPE_SRV, ttl, rdata);
}

export function nsRR(owner: Buffer | number, ns: string, ttl: number): Buffer {
  return rr(owner, TYPE_NS, ttl, nameWire(ns));
}

export interface SoaFields {
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minttl: number;
}

export function soaRR(owner: Buffer | number, soa: SoaFields, ttl: number): Buffer {
  const m = nameWire(soa.mname);
  const r = nameWire(soa.rname);
  const rdata = Buffer.allocUnsafe(m.length + r.length + 20);
  m.copy(rdata, 0);
  r.copy(rdata, m.length);
  let off = m.length + r.length;
  for (const v of [soa.serial, soa.refresh, soa.retry, soa.expire, soa.minttl]) {
    rdata.writeUInt32BE(v >>> 0, off);
    off += 4;
  }
  return rr(owner, TYPE_SOA, ttl, rdata);
}
