/**
 * The edge's fast path for one client connection: bodiless HTTP/1.1 requests
 * (the bulk of keep-alive traffic) are parsed strictly (http1.ts), run through
 * the same passes as the node:http path, and relayed on raw keep-alive
 * backend connections (upstream.ts) — one write per request and per response,
 * no stream objects. The first request the fast path does not take (a body,
 * an upgrade, HTTP/1.0, anything unusual) hands the connection to node:http
 * for good (handoff.ts). Requests on a connection are answered in order.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { handOff } from './handoff';
import { parseRequestHead, type RequestHead, type ResponseHead } from './http1';
import { isRetryable, redirectToHttps, STICKY_COOKIE, stickyKey, upstreamHeadText } from './passes';
import type { BackendPool, PoolMember } from './pool';
import type { EdgeRoute } from './routes';
import type { FailPhase, ResponseSink, UpstreamConn } from './upstream';

/** node:http's default keepAliveTimeout: an idle client connection is closed after it. */
export const KEEP_ALIVE_MS = 5_000;
/** node:http's default headersTimeout: a head must be complete within it (slow-header clients). */
export const HEADERS_MS = 60_000;
/** Pipelined bytes buffered while a request is in flight before the socket is paused. */
const MAX_BUFFERED = 64 * 1024;
/** Retries on other backends after a connect failure (as the node:http path). */
export const MAX_RETRIES = 3;
/** Bodies up to this size are written with the head as one latin1 string (one write, no writev). */
const SMALL_BODY = 16 * 1024;

/** What the fast path needs from the edge: routing, the pools, limits and counters. */
export interface EdgeHooks {
  route(head: RequestHead): EdgeRoute | undefined;
  pool(route: EdgeRoute): BackendPool | undefined;
  /** undefined: no limit applies; otherwise whether the request may pass. */
  rateLimit(route: EdgeRoute, client: string): Promise<boolean> | undefined;
  refused(reason: string): void;
  retried(): void;
  served(route: EdgeRoute, code: number): void;
}

/**
 * RFC 9110 §9.2.2 and Node's request.reusedSocket advice: retry an idempotent
 * request on another backend when it never reached one (connect failed) or hit
 * a kept-alive connection the backend had just closed; never once the client
 * got a byte.
 */
export function mayRetry(phase: FailPhase, reused: boolean, code: string | undefined, req: RequestHead | Parameters<typeof isRetryable>[0], tried: number): boolean {
  const staleReuse = reused && phase === 'no-response' && code === 'ECONNRESET';
  return (phase === 'connect' || staleReuse) && isRetryable(req) && tried < MAX_RETRIES;
}

export class FastConnection {
  private text = '';
  private busy = false;
  private looping = false;
  private gone = false;
  private handedOff = false;
  /** Close after the response in flight (listener closing). */
  private closing = false;
  private exchange: Exchange | undefined;
  /** When the connection last read or finished a response, and when the partial head in `text` began. */
  private lastActive = Date.now();
  private headSince = 0;

  constructor(readonly socket: Socket, readonly hooks: EdgeHooks, private readonly fallback: Server, private readonly onGone: (c: FastConnection) => void) {
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.onData(d));
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose());
    socket.on('drain', () => this.exchange?.up?.resume());
  }

  /**
   * Called every second by the listener (one timer for all connections, not a
   * socket timeout refreshed on every read and write): closes a connection idle
   * for KEEP_ALIVE_MS or whose head is not complete after HEADERS_MS.
   */
  sweep(now: number): void {
    if (this.busy || this.handedOff) return;
    if (now - this.lastActive > KEEP_ALIVE_MS || (this.text.length > 0 && now - this.headSince > HEADERS_MS)) this.socket.destroy();
  }

  /** Close now if idle, else after the response in flight. */
  closeSoon(): void {
    if (this.handedOff) return;
    this.closing = true;
    if (!this.busy) this.socket.destroy();
  }

  private onData(d: Buffer): void {
    this.lastActive = Date.now();
    if (this.text.length === 0) {
      this.text = d.toString('latin1');
      this.headSince = this.lastActive;
    } else this.text += d.toString('latin1');
    if (!this.busy) this.next();
    else if (this.text.length > MAX_BUFFERED) this.socket.pause();
  }

  /** Serve the buffered requests in order, one at a time. */
  private next(): void {
    if (this.looping) return;
    this.looping = true;
    while (!this.busy && !this.gone && !this.handedOff && this.text.length > 0) {
      const p = parseRequestHead(this.text);
      if (p.kind === 'incomplete') break;
      if (p.kind === 'fallback') {
        this.handedOff = true;
        this.onGone(this);
        handOff(this.fallback, this.socket, Buffer.from(this.text, 'latin1'));
        break;
      }
      this.text = p.length === this.text.length ? '' : this.text.slice(p.length);
      this.headSince = this.lastActive;
      this.busy = true;
      this.serve(p.head);
    }
    this.looping = false;
  }

  /** The response in flight is complete. */
  finish(close: boolean): void {
    this.busy = false;
    this.exchange = undefined;
    this.lastActive = Date.now();
    if (close || this.closing) return void this.socket.end();
    if (this.socket.isPaused()) this.socket.resume();
    this.next();
  }

  private onClose(): void {
    this.gone = true;
    this.onGone(this);
    this.exchange?.abort();
  }

  // The smuggling pass (refuseSmuggling) cannot fire here: a head with Content-Length ≠ 0
  // or Transfer-Encoding is never taken by the fast path (http1.ts), node:http refuses it.
  private serve(head: RequestHead): void {
    const route = this.hooks.route(head);
    if (!route) return this.refuse(head, 404, 'no route', 'route');
    const redirect = redirectToHttps(head, route.redirectToHttps, false);
    if (redirect) return this.reply(`HTTP/1.1 301 Moved Permanently\r\nlocation: ${redirect}\r\ncontent-length: 0\r\n`, '', head.close);
    const client = this.socket.remoteAddress ?? '';
    const limited = this.hooks.rateLimit(route, client);
    if (!limited) return this.forward(head, route, client);
    void limited.then((ok) => {
      if (this.gone) return;
      if (ok) this.forward(head, route, client);
      else this.refuse(head, 429, 'rate limited', 'ratelimit');
    });
  }

  private forward(head: RequestHead, route: EdgeRoute, client: string): void {
    const pool = this.hooks.pool(route);
    if (!pool) return this.refuse(head, 503, 'no ready backend', 'nobackend');
    this.exchange = new Exchange(this, head, route, pool, client, upstreamHeadText(head, client, false));
    this.exchange.start();
  }

  refuse(head: RequestHead, code: number, msg: string, reason: string): void {
    this.hooks.refused(reason);
    this.reply(`HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? ''}\r\ncontent-type: text/plain\r\ncontent-length: ${msg.length + 1}\r\n`, `${msg}\n`, head.close);
  }

  /** Head and body go out as latin1 (one byte a character): what Content-Length counted. */
  private reply(head: string, body: string, close: boolean): void {
    this.socket.write(`${head}${close ? 'connection: close\r\n' : ''}\r\n${body}`, 'latin1');
    this.finish(close);
  }
}

const STATUS_TEXT: Record<number, string> = { 404: 'Not Found', 429: 'Too Many Requests', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** One request relayed to a backend, with retries on others; receives the response (ResponseSink). */
class Exchange implements ResponseSink {
  up: UpstreamConn | undefined;
  private member: PoolMember | undefined;
  /** Backends tried and failed (allocated on the first retry). */
  private failed: Set<string> | undefined;
  private aborted = false;
  /** The member has this request counted as active (begin without end yet). */
  private inFlight = false;
  private status = 502;
  private closeAfter = false;

  constructor(private readonly conn: FastConnection, private readonly req: RequestHead, private readonly route: EdgeRoute, private readonly pool: BackendPool, private readonly client: string, private readonly text: string) {}

  start(): void {
    const member = this.pool.pick(this.failed, this.route.sticky ? stickyKey(this.req) : undefined, this.client);
    if (!member) return this.conn.refuse(this.req, 503, 'no ready backend', 'nobackend');
    this.member = member;
    this.pool.begin(member);
    this.inFlight = true;
    member.upstream.acquire((up) => {
      if (this.aborted) return up.abandon();
      this.up = up;
      up.send(this.text, this.req.method, this);
    });
  }

  head(h: ResponseHead, body: Buffer | undefined, complete: boolean): void {
    let text = `HTTP/1.1 ${h.status} ${h.reason}\r\n${h.fields}`;
    const member = this.member!;
    if (this.route.sticky && stickyKey(this.req) !== member.key) text += `set-cookie: ${STICKY_COOKIE}=${encodeURIComponent(member.key)}; Path=/; HttpOnly\r\n`;
    const close = this.req.close || h.framing.kind === 'close';
    if (close) text += 'connection: close\r\n';
    text += '\r\n';
    this.status = h.status;
    this.closeAfter = close;
    const socket = this.conn.socket;
    // One write per response: a small body goes in the same string as the head.
    if (body && body.length > SMALL_BODY) {
      socket.cork();
      socket.write(text, 'latin1');
      socket.write(body);
      socket.uncork();
    } else socket.write(body ? text + body.toString('latin1') : text, 'latin1');
    if (complete) this.done();
  }

  interim(text: string): void {
    this.conn.socket.write(text, 'latin1');
  }

  data(chunk: Buffer, complete: boolean): boolean {
    const ok = chunk.length === 0 || this.conn.socket.write(chunk);
    if (complete) this.done();
    return ok;
  }

  fail(err: NodeJS.ErrnoException, phase: FailPhase, reused: boolean): void {
    const member = this.member!;
    this.up = undefined;
    if (!this.inFlight) return;
    this.inFlight = false;
    this.pool.end(member, phase === 'connect' ? 'connect-failed' : false);
    if (mayRetry(phase, reused, err.code, this.req, this.failed?.size ?? 0)) {
      (this.failed ??= new Set()).add(member.key);
      this.conn.hooks.retried();
      return this.start();
    }
    if (phase !== 'mid-response') return this.conn.refuse(this.req, 502, `upstream error: ${err.code ?? err.message}`, 'upstream');
    this.conn.socket.destroy();
  }

  /** The client went away: free the backend connection (its state is unknown). */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.up?.abandon();
    this.up = undefined;
    if (this.inFlight) this.pool.end(this.member!, 'aborted');
    this.inFlight = false;
  }

  private done(): void {
    this.up = undefined;
    this.inFlight = false;
    this.pool.end(this.member!, true);
    this.conn.hooks.served(this.route, this.status);
    this.conn.finish(this.closeAfter);
  }
}
