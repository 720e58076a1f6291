/**
 * A fast, allocation-light DNS query decoder for the hot path. It reads the
 * header, the one question and the additional section (for EDNS0 OPT) and
 * never trusts a length: anything malformed throws FormatError, which the
 * server answers with FORMERR (RFC 1035 4.1.1) instead of crashing.
 */
import type { ReplyArena } from './reply-arena';

export const TYPE_A = 1;
export const TYPE_NS = 2;
export const TYPE_SOA = 6;
export const TYPE_AAAA = 28;
export const TYPE_SRV = 33;
export const TYPE_OPT = 41;
export const TYPE_AXFR = 252;
export const TYPE_ANY = 255;
export const CLASS_IN = 1;

export const RCODE_NOERROR = 0;
export const RCODE_FORMERR = 1;
export const RCODE_SERVFAIL = 2;
export const RCODE_NXDOMAIN = 3;
export const RCODE_NOTIMP = 4;
export const RCODE_REFUSED = 5;
/** Extended rcode 16 (RFC 6891): upper 8 bits go in the OPT TTL. */
export const RCODE_BADVERS = 16;

export interface Edns {
  /** Requestor's UDP payload size, raised to 512 when smaller (RFC 6891 6.2.5). */
  udpSize: number;
  version: number;
  dnssecOk: boolean;
}

export interface Query {
  id: number;
  /** Request flags word (RD is bit 8). */
  flags: number;
  opcode: number;
  /** Lower-cased wire-format question name, latin1: the zone lookup key. */
  key: string;
  qtype: number;
  qclass: number;
  /** Length of the question name on the wire. */
  qnameLen: number;
  /** Offset just past the question (12 + qnameLen + 4). */
  questionEnd: number;
  edns?: Edns;
  /** The packet as received (shared buffer: copy before keeping). */
  raw: Buffer;
  transport: 'udp' | 'tcp';
  /** Client address, for recursion ACLs. */
  remote: string;
  /** Reusable reply memory of the socket the query came in on (UDP); unset on copies. */
  arena?: ReplyArena;
}

export class FormatError extends Error {
  constructor(
    message: string,
    readonly id: number | undefined,
    /** The question, when it parsed (so FORMERR can echo it). */
    readonly questionEnd = 0,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

const scratch = Buffer.alloc(256);

/**
 * The decoded query. One instance per listener is reused for every packet
 * (`parseQuery(…, into)`): handlers may read it only until they return, and a
 * handler that answers later (forward) keeps `copyQuery(q)` instead.
 */
export class ParsedQuery implements Query {
  id = 0;
  flags = 0;
  opcode = 0;
  key = '';
  qtype = 0;
  qclass = 0;
  qnameLen = 0;
  questionEnd = 0;
  edns: Edns | undefined = undefined;
  raw: Buffer = scratch;
  transport: 'udp' | 'tcp' = 'udp';
  remote = '';
  arena: ReplyArena | undefined = undefined;
  /** Filled in place when the packet has an OPT (q.edns then points here). */
  readonly opt: Edns = { udpSize: 512, version: 0, dnssecOk: false };
}

/** A copy of q that stays valid after the listener reuses q for the next packet. */
export function copyQuery(q: Query): Query {
  const c = new ParsedQuery();
  c.id = q.id;
  c.flags = q.flags;
  c.opcode = q.opcode;
  c.key = q.key;
  c.qtype = q.qtype;
  c.qclass = q.qclass;
  c.qnameLen = q.qnameLen;
  c.questionEnd = q.questionEnd;
  if (q.edns) c.edns = Object.assign(c.opt, q.edns);
  c.raw = q.raw;
  c.transport = q.transport;
  c.remote = q.remote;
  return c;
}

/** Read the question name at 12 into q.key (lower-cased wire form) and q.qnameLen. */
function readQname(buf: Buffer, id: number, q: ParsedQuery): void {
  let off = 12;
  let n = 0;
  for (;;) {
    if (off >= buf.length) throw new FormatError('question name runs past the packet', id);
    const l = buf[off]!;
    if (l === 0) {
      scratch[n++] = 0;
      off++;
      break;
    }
    if (l > 63) throw new FormatError('compressed or invalid label in the question', id);
    if (n + l + 2 > 255) throw new FormatError('question name longer than 255 bytes', id);
    if (off + 1 + l > buf.length) throw new FormatError('question label runs past the packet', id);
    scratch[n++] = l;
    for (let i = 1; i <= l; i++) {
      const c = buf[off + i]!;
      scratch[n++] = c >= 65 && c <= 90 ? c + 32 : c;
    }
    off += l + 1;
  }
  q.qnameLen = off - 12;
  q.key = scratch.toString('latin1', 0, n);
}

/** Skip a (possibly compressed) name in a resource record; returns the offset after it. */
function skipName(buf: Buffer, off: number, id: number, qEnd: number): number {
  let steps = 0;
  for (;;) {
    if (off >= buf.length || ++steps > 128) throw new FormatError('bad name in a record', id, qEnd);
    const l = buf[off]!;
    if (l === 0) return off + 1;
    if ((l & 0xc0) === 0xc0) {
      if (off + 2 > buf.length) throw new FormatError('truncated compression pointer', id, qEnd);
      return off + 2;
    }
    if (l > 63) throw new FormatError('bad label type in a record', id, qEnd);
    off += l + 1;
  }
}

/** Walk the answer, authority and additional sections; fills `opt` and returns it if an OPT is present. */
function readRecords(buf: Buffer, start: number, count: number, arStart: number, id: number, qEnd: number, opt: Edns): Edns | undefined {
  let off = start;
  let edns: Edns | undefined;
  for (let i = 0; i < count; i++) {
    const nameAt = off;
    off = skipName(buf, off, id, qEnd);
    if (off + 10 > buf.length) throw new FormatError('record header runs past the packet', id, qEnd);
    const type = buf.readUInt16BE(off);
    const rdlen = buf.readUInt16BE(off + 8);
    if (off + 10 + rdlen > buf.length) throw new FormatError('record data runs past the packet', id, qEnd);
    if (type === TYPE_OPT && i >= arStart) {
      if (edns) throw new FormatError('more than one OPT record', id, qEnd);
      if (buf[nameAt] !== 0) throw new FormatError('OPT owner name is not the root', id, qEnd);
      edns = opt;
      edns.udpSize = Math.max(512, buf.readUInt16BE(off + 2));
      edns.version = buf[off + 5]!;
      edns.dnssecOk = (buf[off + 6]! & 0x80) !== 0;
    }
    off += 10 + rdlen;
  }
  return edns;
}

/**
 * Decode a query into `into` (a fresh object when not given). Returns
 * undefined for packets that must be dropped silently (shorter than a
 * header, or responses: never answer an answer).
 */
export function parseQuery(buf: Buffer, transport: 'udp' | 'tcp', remote: string, into?: ParsedQuery): Query | undefined {
  if (buf.length < 12) return undefined;
  const id = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if (flags & 0x8000) return undefined;
  const qd = buf.readUInt16BE(4);
  if (qd !== 1) throw new FormatError(`expected one question, got ${qd}`, id);
  const q = into ?? new ParsedQuery();
  readQname(buf, id, q);
  const len = q.qnameLen;
  const qEnd = 12 + len + 4;
  if (qEnd > buf.length) throw new FormatError('question type/class runs past the packet', id);
  const n = buf.readUInt16BE(6) + buf.readUInt16BE(8) + buf.readUInt16BE(10);
  const arStart = buf.readUInt16BE(6) + buf.readUInt16BE(8);
  q.edns = n > 0 ? readRecords(buf, qEnd, n, arStart, id, qEnd, q.opt) : undefined;
  q.id = id;
  q.flags = flags;
  q.opcode = (flags >> 11) & 0xf;
  q.qtype = buf.readUInt16BE(12 + len);
  q.qclass = buf.readUInt16BE(14 + len);
  q.questionEnd = qEnd;
  q.raw = buf;
  q.transport = transport;
  q.remote = remote;
  return q;
}

/** `web.marathon.mesos` (no trailing dot, lower case) from a wire key. */
export function keyToName(key: string): string {
  const parts: string[] = [];
  let off = 0;
  while (off < key.length) {
    const l = key.charCodeAt(off);
    if (l === 0) break;
    parts.push(key.slice(off + 1, off + 1 + l));
    off += l + 1;
  }
  return parts.join('.');
}

/** Wire key for a dotted name (`web.marathon.mesos` or with a trailing dot). */
export function nameToKey(name: string): string {
  let out = '';
  for (const label of name.toLowerCase().split('.')) {
    if (label === '') continue;
    out += String.fromCharCode(label.length) + label;
  }
  return out + '\0';
}
