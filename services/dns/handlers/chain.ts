/**
 * The handler chain (CoreDNS's plugin chain, STYLE pattern 14): each handler
 * answers or passes the query on. Authoritative answers are synchronous (no
 * promise on the hot path); forwarding returns a promise.
 * The query object is the listener's, reused for the next packet: read it
 * only until the handler returns (an async handler keeps `copyQuery(q)`),
 * and send a reply built in `q.arena` before the next query is handled.
 */
import type { Query } from '../wire/query';

/** A wire response, or undefined to send nothing. */
export type Reply = Buffer | undefined;
export type Next = (q: Query) => Reply | Promise<Reply>;
export type Handler = (q: Query, next: Next) => Reply | Promise<Reply>;

/** Compose handlers; the last `next` is `last`. */
export function chain(handlers: Handler[], last: Next): Next {
  let next = last;
  for (let i = handlers.length - 1; i >= 0; i--) {
    const h = handlers[i]!;
    const after = next;
    next = (q) => h(q, after);
  }
  return next;
}
