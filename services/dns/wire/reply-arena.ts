/**
 * Reply memory reused across queries on one UDP socket, so an answer costs a
 * copy into memory that already exists instead of a new Buffer per query.
 *
 * `take(n)` hands out a view of exactly n bytes at the start of one backing
 * buffer; views are cached per length (a DNS server sends few distinct
 * lengths), so taking one allocates nothing after the first time. A view is
 * valid until the next `take`: the listener sends it at once. dgram's send
 * hands the bytes to the kernel synchronously (uv_udp_try_send) unless the
 * socket's send buffer is full; then libuv queues the request and keeps
 * reading our memory until it completes. The listener sees that as
 * `getSendQueueCount() > 0` right after `send` and calls `retire()`: the queued
 * bytes keep the old backing buffer (referenced by the send request) and later
 * replies go to a fresh one, so queued replies are never overwritten.
 */

/** Largest reply we serve over UDP (RFC 6891 payload sizes are ≤ 65535). */
const BACKING_BYTES = 65536;
/** Lengths up to this get a cached view; longer (rare, EDNS-sized) replies get a fresh view. */
const CACHED_VIEW_MAX = 4096;

export class ReplyArena {
  private backing = Buffer.allocUnsafeSlow(BACKING_BYTES);
  private views: Array<Buffer | undefined> = new Array<Buffer | undefined>(CACHED_VIEW_MAX + 1);
  /** How many times the backing buffer was left to a queued send (exposed for tests/metrics). */
  retired = 0;

  /** n bytes of reusable memory, valid until the next take() or retire(). */
  take(n: number): Buffer {
    if (n > BACKING_BYTES) return Buffer.allocUnsafe(n);
    if (n > CACHED_VIEW_MAX) return this.backing.subarray(0, n);
    let v = this.views[n];
    if (v === undefined) this.views[n] = v = this.backing.subarray(0, n);
    return v;
  }

  /** True when b is memory handed out by take() (not a buffer of someone else's). */
  owns(b: Buffer): boolean {
    return b.buffer === this.backing.buffer;
  }

  /** The last reply is still queued in the socket: leave its memory to it and start a new one. */
  retire(): void {
    this.backing = Buffer.allocUnsafeSlow(BACKING_BYTES);
    this.views = new Array<Buffer | undefined>(CACHED_VIEW_MAX + 1);
    this.retired++;
  }
}
