/**
 * Response assembly: header + the client's question (copied as sent, so
 * 0x20 case is preserved) + pre-encoded RRs. The only per-query work is
 * copying (into reusable memory on UDP), an in-place shuffle of the answer
 * order and fitting the size limit:
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
  /** Shuffled in place when `shuffle` is set (pass the zone's own arrays, or a copy you own). */
  answers: Buffer[];
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

/**
 * Shuffle list in place (Fisher-Yates). The lists are the zone's own answer
 * arrays: their order carries no meaning, so shuffling them costs no copy.
 */
function shuffleInPlace(list: Buffer[]): void {
  for (let i = list.length - 1; i > 0; i--) {
    const j = (Math.random() * (i + 1)) | 0;
    const t = list[i]!;
    list[i] = list[j]!;
    list[j] = t;
  }
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

function copyAll(list: readonly Buffer[], n: number, out: Buffer, off: number): number {
  for (let i = 0; i < n; i++) off += list[i]!.copy(out, off);
  return off;
}

/**
 * Build the response for q from sections, fitted to the transport's size
 * limit, into the query's reply arena when it has one (valid until the next
 * query on that socket) or a new Buffer.
 */
export function buildResponse(q: Query, s: Sections): Buffer {
  const qLen = q.questionEnd - 12;
  const opt = q.edns ? OPT_LEN : 0;
  const limit = maxSize(q);
  const answers = s.answers;
  if (s.shuffle && answers.length > 1) shuffleInPlace(answers);
  let nAns = answers.length;
  let nAuth = s.authority.length;
  let nAdd = s.additional.length;
  let tc = false;
  let size = 12 + qLen + total(answers) + total(s.authority) + total(s.additional) + opt;
  if (size > limit) {
    tc = true;
    nAdd = nAuth = 0;
    size = 12 + qLen + opt;
    let n = 0;
    while (n < nAns && size + answers[n]!.length <= limit) size += answers[n++]!.length;
    nAns = n;
  }
  const out = q.arena ? q.arena.take(size) : Buffer.allocUnsafe(size);
  out.writeUInt16BE(q.id, 0);
  const rcode = s.rcode & 0xf;
  const flags = 0x8000 | (q.opcode << 11) | (s.aa ? 0x400 : 0) | (tc ? 0x200 : 0) | (q.flags & 0x100) | (s.ra ? 0x80 : 0) | rcode;
  out.writeUInt16BE(flags, 2);
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(nAns, 6);
  out.writeUInt16BE(nAuth, 8);
  out.writeUInt16BE(nAdd + (opt ? 1 : 0), 10);
  q.raw.copy(out, 12, 12, q.questionEnd);
  let off = copyAll(answers, nAns, out, q.questionEnd);
  for (let i = 0; i < nAuth; i++) {
    const b = s.authority[i]!;
    b.copy(out, off);
    if (s.authorityOwner !== undefined) out.writeUInt16BE(s.authorityOwner, off);
    off += b.length;
  }
  off = copyAll(s.additional, nAdd, out, off);
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
