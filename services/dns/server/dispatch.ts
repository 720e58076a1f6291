/**
 * From bytes to bytes: decode, run the handler chain, count. Malformed
 * queries get FORMERR, other opcodes NOTIMP, a throwing handler SERVFAIL
 * (Mesos-DNS's panicRecover); a packet that cannot carry an id is dropped.
 *
 * Per query this allocates next to nothing: one decoded-query object is
 * reused for every packet (handlers that answer later keep a copy), the
 * reply goes to the sink's reusable arena, and the sink is one object per
 * socket or connection rather than a closure per packet.
 */
import type { ReplyArena } from '../wire/reply-arena';
import { errorResponse } from '../wire/response';
import { FormatError, ParsedQuery, parseQuery, RCODE_FORMERR, RCODE_NOTIMP, RCODE_SERVFAIL } from '../wire/query';
import type { Next, Reply } from '../handlers/chain';
import type { QueryStats } from './stats';

/** Where a listener's replies go: a UDP socket (to address:port) or one TCP connection. */
export interface ReplySink {
  /** Reusable reply memory (UDP): a reply built in it is sent before the next packet is read. */
  readonly arena?: ReplyArena;
  send(reply: Buffer, address: string, port: number): void;
}

export type Dispatch = (msg: Buffer, transport: 'udp' | 'tcp', remote: string, port: number, sink: ReplySink) => void;

export function makeDispatch(next: Next, stats: QueryStats): Dispatch {
  const q = new ParsedQuery();
  const finish = (qtype: number, reply: Reply, t0: number, sink: ReplySink, remote: string, port: number): void => {
    if (!reply) return;
    stats.record(qtype, reply.length >= 4 ? reply[3]! & 0xf : 0, performance.now() - t0);
    sink.send(reply, remote, port);
  };
  const later = (reply: Promise<Reply>, msg: Buffer, t0: number, sink: ReplySink, remote: string, port: number): void => {
    const { qtype, id, questionEnd } = q;
    const raw = Buffer.from(msg);
    reply.then(
      (r) => finish(qtype, r, t0, sink, remote, port),
      () => finish(qtype, errorResponse(raw, id, RCODE_SERVFAIL, questionEnd), t0, sink, remote, port),
    );
  };
  return (msg, transport, remote, port, sink) => {
    const t0 = performance.now();
    try {
      if (!parseQuery(msg, transport, remote, q)) return;
    } catch (err) {
      if (err instanceof FormatError && err.id !== undefined) finish(0, errorResponse(msg, err.id, RCODE_FORMERR), t0, sink, remote, port);
      return;
    }
    q.arena = sink.arena;
    if (q.opcode !== 0) return finish(q.qtype, errorResponse(msg, q.id, RCODE_NOTIMP, q.questionEnd), t0, sink, remote, port);
    let reply: Reply | Promise<Reply>;
    try {
      reply = next(q);
    } catch {
      reply = errorResponse(msg, q.id, RCODE_SERVFAIL, q.questionEnd);
    }
    if (reply instanceof Promise) later(reply, msg, t0, sink, remote, port);
    else finish(q.qtype, reply, t0, sink, remote, port);
  };
}
