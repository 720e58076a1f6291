/**
 * Authoritative answers for the zones Marina DNS serves (`mesos`,
 * `thisdcos.directory`) from the compiled zone. One function (`classify`)
 * decides between an answer, NODATA (known name, other type: NOERROR + SOA)
 * and NXDOMAIN (unknown name: + SOA), as RFC 2308 asks; answers carry the
 * zone's NS in the authority section and SRV targets' addresses as
 * additionals. Nothing is answered before the first full sync (SERVFAIL).
 */
import type { DnsState } from '../../records/dns-state';
import type { Apex, ZoneNode } from '../../records/zone';
import { buildResponse, errorResponse, type Sections } from '../../wire/response';
import {
  CLASS_IN, RCODE_NOERROR, RCODE_NXDOMAIN, RCODE_REFUSED, RCODE_SERVFAIL,
  TYPE_A, TYPE_AAAA, TYPE_ANY, TYPE_AXFR, TYPE_NS, TYPE_SOA, TYPE_SRV, type Query,
} from '../../wire/query';
import type { Handler } from '../chain';
import { addressRR, nameWire } from '../../wire/encode';

const EMPTY: Buffer[] = [];
const TYPE_IXFR = 251;

export interface AuthoritativeOptions {
  /** May this client recurse (sets RA)? */
  recursion: (remote: string) => boolean;
  /** SOA MNAME, whose A records go with NS answers. */
  mname: string;
}

/** Sections to fill in place: one per handler, reused by every query (answers are built synchronously). */
export function newSections(): Sections {
  return { rcode: 0, aa: true, ra: false, answers: EMPTY, authority: EMPTY, authorityOwner: undefined, additional: EMPTY, shuffle: false };
}

/** Point s.answers / s.additional at the node's pre-encoded RRs for qtype. */
function answersFor(node: ZoneNode, qtype: number, s: Sections): void {
  s.additional = EMPTY;
  switch (qtype) {
    case TYPE_A:
      s.answers = node.a;
      return;
    case TYPE_AAAA:
      s.answers = node.aaaa;
      return;
    case TYPE_SRV:
      s.answers = node.srv;
      s.additional = node.srvExtra;
      return;
    case TYPE_SOA:
      s.answers = node.isApex ? node.apex.soaAnswerList : EMPTY;
      return;
    case TYPE_NS:
      s.answers = node.isApex ? node.apex.nsAnswerList : EMPTY;
      return;
    case TYPE_ANY: {
      const answers = [...node.a, ...node.aaaa, ...node.srv];
      if (node.isApex) answers.push(node.apex.soaAnswer, node.apex.nsAnswer);
      s.answers = answers;
      s.additional = node.srvExtra;
      return;
    }
    default:
      s.answers = EMPTY;
  }
}

/** Answer, NODATA or NXDOMAIN for a query in one of our zones (filled into `into`, returned). */
export function classify(node: ZoneNode | undefined, apex: Apex, q: Query, ra: boolean, into: Sections = newSections()): Sections {
  const s = into;
  s.aa = true;
  s.ra = ra;
  s.authorityOwner = 0xc000 | (12 + q.qnameLen - apex.keyLen);
  s.rcode = node ? RCODE_NOERROR : RCODE_NXDOMAIN;
  if (node) answersFor(node, q.qtype, s);
  if (!node || s.answers.length === 0) {
    s.answers = s.additional = EMPTY;
    s.authority = apex.soaAuthorityList;
    s.shuffle = false;
    return s;
  }
  s.authority = q.qtype === TYPE_NS || q.qtype === TYPE_SOA || q.qtype === TYPE_ANY ? EMPTY : apex.nsAuthorityList;
  s.shuffle = s.answers.length > 1;
  return s;
}

/** The name server's addresses, for the additional section of NS answers. */
function glue(state: DnsState, mname: string): Buffer[] {
  const rec = state.view.table.names.get(mname);
  if (!rec) return EMPTY;
  const owner = nameWire(mname);
  return [...rec.A.keys(), ...rec.AAAA.keys()].map((ip) => addressRR(owner, ip, state.view.zone.settings.ttl));
}

export function authoritative(state: DnsState, o: AuthoritativeOptions): Handler {
  const mname = o.mname.toLowerCase().replace(/\.?$/, '.');
  const sections = newSections();
  return (q, next) => {
    if (q.qclass !== CLASS_IN && q.qclass !== TYPE_ANY) return next(q);
    const zone = state.view.zone;
    const node = zone.nodes.get(q.key);
    const apex = node?.apex ?? zone.apexOf(q.key);
    if (!apex) return next(q);
    const rd = (q.flags & 0x100) !== 0;
    if (!state.ready) return errorResponse(q.raw, q.id, RCODE_SERVFAIL, q.questionEnd, rd);
    if (q.qtype === TYPE_AXFR || q.qtype === TYPE_IXFR) return errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd, rd);
    const s = classify(node, apex, q, o.recursion(q.remote), sections);
    if (q.qtype === TYPE_NS && node?.isApex) s.additional = glue(state, mname);
    return buildResponse(q, s);
  };
}
