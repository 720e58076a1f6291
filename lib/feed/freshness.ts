/**
 * How old a feed consumer's state is. DNS and lb keep serving their last
 * good state while the allocator is away (kube-proxy, CoreDNS do the same);
 * /ready stays 200 but says how long ago the feed last heard from the
 * allocator — a snapshot, a change batch, or a Watch keep-alive (an empty
 * message the allocator sends on every idle stream, see
 * services/allocator/api/grpc/watch-keepalive.ts) — and whether the stream
 * is connected now.
 */

export type FeedMessageKind = 'snapshot' | 'batch' | 'keepAlive';

/** The JSON a /ready body carries under `feed` (ages in seconds, null = never). */
export interface FreshnessReport {
  connected: boolean;
  /** Seconds since anything was heard from the allocator (null before the first message). */
  ageSeconds: number | null;
  lastSnapshotAgeSeconds: number | null;
  lastBatchAgeSeconds: number | null;
  lastKeepAliveAgeSeconds: number | null;
}

export class FeedFreshness {
  private connected = false;
  private readonly last: Partial<Record<FeedMessageKind, number>> = {};

  constructor(private readonly now: () => number = Date.now) {}

  /** A message arrived on the stream (the stream is connected). */
  heard(kind: FeedMessageKind): void {
    this.connected = true;
    this.last[kind] = this.now();
  }

  /** The stream broke (or was stopped). */
  lost(): void {
    this.connected = false;
  }

  report(): FreshnessReport {
    const now = this.now();
    const age = (at: number | undefined) => (at === undefined ? null : Math.max(0, now - at) / 1000);
    const times = Object.values(this.last);
    return {
      connected: this.connected,
      ageSeconds: age(times.length > 0 ? Math.max(...times) : undefined),
      lastSnapshotAgeSeconds: age(this.last.snapshot),
      lastBatchAgeSeconds: age(this.last.batch),
      lastKeepAliveAgeSeconds: age(this.last.keepAlive),
    };
  }
}
