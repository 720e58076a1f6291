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

function answersFor(node: ZoneNode, qtype: number): { answers: Buffer[]; extra: Buffer[] } {
  switch (qtype) {
    case TYPE_A:
      return { answers: node.a, extra: EMPTY };
    case TYPE_AAAA:
      return { answers: node.aaaa, extra: EMPTY };
    case TYPE_SRV:
      return { answers: node.srv, extra: node.srvExtra };
    case TYPE_SOA:
      return { answers: node.isApex ? [node.apex.soaAnswer] : EMPTY, extra: EMPTY };
    case TYPE_NS:
      return { answers: node.isApex ? [node.apex.nsAnswer] : EMPTY, extra: EMPTY };
    case TYPE_ANY: {
      const answers = [...node.a, ...node.aaaa, ...node.srv];
      if (node.isApex) answers.push(node.apex.soaAnswer, node.apex.nsAnswer);
      return { answers, extra: node.srvExtra };
    }
    default:
      return { answers: EMPTY, extra: EMPTY };
  }
}

/** Answer, NODATA or NXDOMAIN for a query in one of our zones. */
export function classify(node: ZoneNode | undefined, apex: Apex, q: Query, ra: boolean): Sections {
  const authorityOwner = 0xc000 | (12 + q.qnameLen - apex.keyLen);
  if (!node) {
    return { rcode: RCODE_NXDOMAIN, aa: true, ra, answers: EMPTY, authority: [apex.soaAuthority], authorityOwner, additional: EMPTY, shuffle: false };
  }
  const { answers, extra } = answersFor(node, q.qtype);
  if (answers.length === 0) {
    return { rcode: RCODE_NOERROR, aa: true, ra, answers: EMPTY, authority: [apex.soaAuthority], authorityOwner, additional: EMPTY, shuffle: false };
  }
  const authority = q.qtype === TYPE_NS || q.qtype === TYPE_SOA || q.qtype === TYPE_ANY ? EMPTY : [apex.nsAuthority];
  return { rcode: RCODE_NOERROR, aa: true, ra, answers, authority, authorityOwner, additional: extra, shuffle: answers.length > 1 };
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
  return (q, next) => {
    if (q.qclass !== CLASS_IN && q.qclass !== TYPE_ANY) return next(q);
    const zone = state.view.zone;
    const node = zone.nodes.get(q.key);
    const apex = node?.apex ?? zone.apexOf(q.key);
    if (!apex) return next(q);
    const rd = (q.flags & 0x100) !== 0;
    if (!state.ready) return errorResponse(q.raw, q.id, RCODE_SERVFAIL, q.questionEnd, rd);
    if (q.qtype === TYPE_AXFR || q.qtype === TYPE_IXFR) return errorResponse(q.raw, q.id, RCODE_REFUSED, q.questionEnd, rd);
    const s = classify(node, apex, q, o.recursion(q.remote));
    if (q.qtype === TYPE_NS && node?.isApex) s.additional = glue(state, mname);
    return buildResponse(q, s);
  };
}
