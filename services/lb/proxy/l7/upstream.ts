/**
 * Keep-alive connections to one backend for the fast path, and one exchange
 * on them: write a request head, read the response head (http1.ts), relay the
 * body bytes as they come and put the connection back when the body ends
 * where its framing says. Measured faster than undici's Pool and node:http's
 * Agent for this job (bench/lb/README.md): no per-request stream objects, one
 * write per request and per response.
 */
import { connect, type Socket } from 'node:net';
import { ChunkedScanner, parseResponseHead, type ResponseHead } from './http1';

/** Where a failure happened: only the first two may be retried (nothing reached the client). */
export type FailPhase = 'connect' | 'no-response' | 'mid-response';

export interface ResponseSink {
  /** The final response head with the body bytes read along with it; `complete` when that is the whole body. */
  head(head: ResponseHead, body: Buffer | undefined, complete: boolean): void;
  /** A 1xx interim response head (e.g. 103 Early Hints), relayed as is. */
  interim(text: string): void;
  /** More body; false = the client is slow, pause (resume with `UpstreamConn.resume`). */
  data(chunk: Buffer, complete: boolean): boolean;
  fail(err: NodeJS.ErrnoException, phase: FailPhase, reused: boolean): void;
}

export class UpstreamConn {
  readonly socket: Socket;
  connected = false;
  /** Requests sent on it before the current one. */
  uses = 0;
  private sink: ResponseSink | undefined;
  private method = 'GET';
  private pending: Buffer | undefined;
  private head: ResponseHead | undefined;
  private remaining = 0;
  private chunked: ChunkedScanner | undefined;

  constructor(host: string, port: number, private readonly pool: UpstreamPool) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.once('connect', () => (this.connected = true));
    this.socket.on('data', (d: Buffer) => this.onData(d));
    this.socket.on('error', (err: NodeJS.ErrnoException) => this.lost(err));
    // The backend closing (FIN or close) ends a close-delimited body, or fails the exchange in
    // flight like a reset; 'end' also takes the connection out of the idle list at once.
    const closed = () => this.lost(Object.assign(new Error('backend closed the connection'), { code: 'ECONNRESET' }));
    this.socket.on('end', closed);
    this.socket.on('close', closed);
  }

  /** Send one request head (the fast path forwards bodiless requests only). */
  send(text: string, method: string, sink: ResponseSink): void {
    this.sink = sink;
    this.method = method;
    this.head = undefined;
    this.socket.write(text, 'latin1');
  }

  resume(): void {
    this.socket.resume();
  }

  /** The client went away mid-exchange: this connection's state is unknown, close it. */
  abandon(): void {
    this.sink = undefined;
    this.socket.destroy();
  }

  private onData(d: Buffer): void {
    const sink = this.sink;
    if (!sink) return void this.socket.destroy(); // bytes nobody asked for: the connection is not reusable
    if (this.head) return this.body(sink, d);
    const buf = this.pending ? Buffer.concat([this.pending, d]) : d;
    this.pending = undefined;
    const parsed = parseResponseHead(buf, this.method);
    if (parsed.kind === 'incomplete') return void (this.pending = buf);
    if (parsed.kind === 'invalid') return this.failNow(Object.assign(new Error(`invalid response: ${parsed.why}`), { code: 'EPROTO' }), 'no-response');
    const head = parsed.head;
    const rest = parsed.length < buf.length ? buf.subarray(parsed.length) : undefined;
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) return this.failNow(Object.assign(new Error('101 to a request without Upgrade'), { code: 'EPROTO' }), 'no-response');
      sink.interim(buf.toString('latin1', 0, parsed.length));
      return rest ? this.onData(rest) : undefined;
    }
    this.head = head;
    this.chunked = head.framing.kind === 'chunked' ? new ChunkedScanner() : undefined;
    this.remaining = head.framing.kind === 'length' ? head.framing.length : 0;
    if (head.framing.kind === 'none') {
      if (rest) return this.failNow(Object.assign(new Error('bytes after a bodiless response'), { code: 'EPROTO' }), 'no-response');
      sink.head(head, undefined, true);
      return this.finish();
    }
    if (!rest) return sink.head(head, undefined, false);
    const [body, complete, extra] = this.cut(rest);
    if (body === undefined) return this.failNow(Object.assign(new Error('bad chunked framing'), { code: 'EPROTO' }), 'no-response');
    sink.head(head, body, complete);
    if (complete) this.finish(extra);
  }

  private body(sink: ResponseSink, d: Buffer): void {
    const [body, complete, extra] = this.cut(d);
    if (body === undefined) return this.failNow(Object.assign(new Error('bad chunked framing'), { code: 'EPROTO' }), 'mid-response');
    if (!sink.data(body, complete)) this.socket.pause();
    if (complete) this.finish(extra);
  }

  /** The part of `d` that is body, whether the body is complete, and whether bytes follow it. */
  private cut(d: Buffer): [Buffer | undefined, boolean, boolean] {
    const framing = this.head!.framing.kind;
    if (framing === 'close') return [d, false, false];
    if (framing === 'length') {
      const take = Math.min(this.remaining, d.length);
      this.remaining -= take;
      return [take === d.length ? d : d.subarray(0, take), this.remaining === 0, take < d.length];
    }
    const n = this.chunked!.scan(d);
    if (n < 0) return [undefined, false, false];
    return [n === d.length ? d : d.subarray(0, n), this.chunked!.done, n < d.length];
  }

  private finish(extra = false): void {
    const close = this.head!.close || extra;
    this.sink = undefined;
    this.uses++;
    if (this.socket.isPaused()) this.socket.resume();
    if (close) this.socket.destroy();
    else this.pool.release(this);
  }

  private failNow(err: NodeJS.ErrnoException, phase: FailPhase): void {
    const sink = this.sink;
    this.sink = undefined;
    this.socket.destroy();
    sink?.fail(err, phase, this.uses > 0);
  }

  private lost(err: NodeJS.ErrnoException): void {
    this.pool.forget(this);
    const sink = this.sink;
    if (!sink) return;
    this.sink = undefined;
    // A close-delimited body ends with the connection.
    if (this.head?.framing.kind === 'close' && !this.socket.errored) return void sink.data(Buffer.alloc(0), true);
    sink.fail(err, !this.connected ? 'connect' : this.head ? 'mid-response' : 'no-response', this.uses > 0);
  }
}

/** One backend's connections: idle ones reused last-in first-out, at most `max` open, then a queue. */
export class UpstreamPool {
  private readonly idle: UpstreamConn[] = [];
  private readonly open = new Set<UpstreamConn>();
  private readonly waiting: Array<(c: UpstreamConn) => void> = [];
  private closed = false;

  constructor(private readonly host: string, private readonly port: number, private readonly max = 256, private readonly maxIdle = 64) {}

  /** A connection now (idle or new) or, at the limit, when one is released. */
  acquire(use: (c: UpstreamConn) => void): void {
    const c = this.idle.pop();
    if (c) return use(c);
    if (this.open.size >= this.max) return void this.waiting.push(use);
    const fresh = new UpstreamConn(this.host, this.port, this);
    this.open.add(fresh);
    use(fresh);
  }

  release(c: UpstreamConn): void {
    const next = this.waiting.shift();
    if (next) return next(c);
    if (this.closed || this.idle.length >= this.maxIdle) return void c.socket.destroy();
    this.idle.push(c);
  }

  forget(c: UpstreamConn): void {
    if (!this.open.delete(c)) return;
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    // A slot freed: the first waiter gets a new connection.
    const next = this.waiting.shift();
    if (next) this.acquire(next);
  }

  /** Close idle connections now; busy ones close when their exchange ends. */
  destroy(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  get size(): number {
    return this.open.size;
  }
}
