/**
 * From bytes to bytes: decode, run the handler chain, count. Malformed
 * queries get FORMERR, other opcodes NOTIMP, a throwing handler SERVFAIL
 * (Mesos-DNS's panicRecover); a packet that cannot carry an id is dropped.
 */
import { errorResponse } from '../wire/response';
import { FormatError, parseQuery, RCODE_FORMERR, RCODE_NOTIMP, RCODE_SERVFAIL, type Query } from '../wire/query';
import type { Next, Reply } from '../handlers/chain';
import type { QueryStats } from './stats';

export type Send = (reply: Buffer) => void;

export function makeDispatch(next: Next, stats: QueryStats): (msg: Buffer, transport: 'udp' | 'tcp', remote: string, send: Send) => void {
  const finish = (q: Query | undefined, reply: Reply, t0: number, send: Send) => {
    if (!reply) return;
    stats.record(q?.qtype ?? 0, reply.length >= 4 ? reply[3]! & 0xf : 0, performance.now() - t0);
    send(reply);
  };
  return (msg, transport, remote, send) => {
    const t0 = performance.now();
    let q: Query | undefined;
    try {
      q = parseQuery(msg, transport, remote);
      if (!q) return;
    } catch (err) {
      if (err instanceof FormatError && err.id !== undefined) finish(undefined, errorResponse(msg, err.id, RCODE_FORMERR), t0, send);
      return;
    }
    if (q.opcode !== 0) return finish(q, errorResponse(msg, q.id, RCODE_NOTIMP, q.questionEnd), t0, send);
    let reply: Reply | Promise<Reply>;
    try {
      reply = next(q);
    } catch {
      reply = errorResponse(msg, q.id, RCODE_SERVFAIL, q.questionEnd);
    }
    if (reply instanceof Promise) {
      const qq = q;
      const raw = Buffer.from(msg);
      reply.then(
        (r) => finish(qq, r, t0, send),
        () => finish(qq, errorResponse(raw, qq.id, RCODE_SERVFAIL, qq.questionEnd), t0, send),
      );
    } else finish(q, reply, t0, send);
  };
}
