/**
 * Response assembly: header + the client's question (copied as sent, so
 * 0x20 case is preserved) + pre-encoded RRs. The only per-query work is
 * copying, a shuffle of the answer order and fitting the size limit:
 * 512 bytes on UDP, or the EDNS0 payload size (capped by ours), 65535 on TCP.
 * Truncation (RFC 1035 4.2.1, RFC 2181 9) drops additionals, then the
 * authority, then answers from the end, and sets TC; OPT is always kept.
 */
import { RCODE_FORMERR, type Query } from './query';

/** Our advertised EDNS0 payload size (the DNS flag day 2020 value). */
export const OUR_UDP_SIZE = 1232;
const OPT_LEN = 11;

export interface Sections {
  rcode: number;
  aa: boolean;
  ra: boolean;
  answers: readonly Buffer[];
  /** Authority RRs; owner bytes 0-1 are overwritten with `authorityOwner` when set. */
  authority: readonly Buffer[];
  authorityOwner?: number;
  additional: readonly Buffer[];
  /** Shuffle the answer order (Mesos-DNS's rudimentary load balancing). */
  shuffle: boolean;
}

/** The size limit for an answer to q. */
export function maxSize(q: Query): number {
  if (q.transport === 'tcp') return 65535;
  return q.edns ? Math.min(q.edns.udpSize, 65535) : 512;
}

function shuffled(list: readonly Buffer[]): readonly Buffer[] {
  if (list.length < 2) return list;
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = (Math.random() * (i + 1)) | 0;
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

function total(list: readonly Buffer[], n = list.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += list[i]!.length;
  return s;
}

function writeOpt(out: Buffer, off: number, extRcode: number): number {
  out[off] = 0;
  out.writeUInt16BE(41, off + 1);
  out.writeUInt16BE(OUR_UDP_SIZE, off + 3);
  out[off + 5] = extRcode;
  out[off + 6] = 0;
  out.writeUInt16BE(0, off + 7);
  out.writeUInt16BE(0, off + 9);
  return off + OPT_LEN;
}

/** Build the response for q from sections, fitted to the transport's size limit. */
export function buildResponse(q: Query, s: Sections): Buffer {
  const qLen = q.questionEnd - 12;
  const opt = q.edns ? OPT_LEN : 0;
  const limit = maxSize(q);
  let answers = s.shuffle ? shuffled(s.answers) : s.answers;
  let authority = s.authority;
  let additional = s.additional;
  let tc = false;
  let size = 12 + qLen + total(answers) + total(authority) + total(additional) + opt;
  if (size > limit) {
    tc = true;
    additional = [];
    authority = [];
    size = 12 + qLen + opt;
    let n = 0;
    while (n < answers.length && size + answers[n]!.length <= limit) size += answers[n++]!.length;
    answers = answers.slice(0, n);
  }
  const out = Buffer.allocUnsafe(size);
  out.writeUInt16BE(q.id, 0);
  const rcode = s.rcode & 0xf;
  const flags = 0x8000 | (q.opcode << 11) | (s.aa ? 0x400 : 0) | (tc ? 0x200 : 0) | (q.flags & 0x100) | (s.ra ? 0x80 : 0) | rcode;
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(answers.length, 6);
  out.writeUInt16BE(authority.length, 8);
  out.writeUInt16BE(additional.length + (opt ? 1 : 0), 10);
  q.raw.copy(out, 12, 12, q.questionEnd);
  let off = q.questionEnd;
  for (const b of answers) off += b.copy(out, off);
  for (const b of authority) {
    b.copy(out, off);
    if (s.authorityOwner !== undefined) out.writeUInt16BE(s.authorityOwner, off);
    off += b.length;
  }
  for (const b of additional) off += b.copy(out, off);
  if (opt) writeOpt(out, off, s.rcode >> 4);
  return out;
}

/** An empty response with rcode (FORMERR, REFUSED, SERVFAIL, NOTIMP), echoing the question when it parsed. */
export function errorResponse(raw: Buffer, id: number, rcode: number, questionEnd = 0, rd = false): Buffer {
  const withQ = questionEnd > 12 && questionEnd <= raw.length && rcode !== RCODE_FORMERR;
  const out = Buffer.alloc(withQ ? questionEnd : 12);
  out.writeUInt16BE(id, 0);
  const opcode = raw.length >= 3 ? (raw[2]! >> 3) & 0xf : 0;
  out.writeUInt16BE(0x8000 | (opcode << 11) | (rd ? 0x100 : 0) | (rcode & 0xf), 2);
  if (withQ) {
    out.writeUInt16BE(1, 4);
    raw.copy(out, 12, 12, questionEnd);
  }
  return out;
}
