/**
 * A resumable etcd watch on its own gRPC stream. etcd3's watcher resumes from
 * the *current* revision after a reconnect and can skip events, so this one
 * tracks what it has queued and, on any stream error or end, opens a new
 * stream from the next revision (WatchQueue drops anything already queued).
 * When etcd reports the revision compacted, it reads the prefix (in pages,
 * range.ts), delivers a `resync` item and continues after that read's
 * revision. Responses are fragmented by etcd, so a backfill of any size
 * arrives in bounded messages.
 */
import type { Etcd3 } from 'etcd3';
import type * as RPC from 'etcd3/lib/rpc';
import { errorMessage } from '../../errors';
import { logger } from '../../log';
import type { Watch, WatchHandler, WatchOptions } from '../contract';
import { WatchQueue } from '../_watch-queue';
import type { WatchEvent } from '../contract';
import { prefixEnd, toWatchEvent } from './convert';
import { rangePaged } from './range';

const log = logger('store-etcd-watch');
const BACKOFF_MIN_MS = 100;
const BACKOFF_MAX_MS = 2_000;

type Stream = RPC.IDuplexStream<RPC.IWatchRequest, RPC.IWatchResponse>;

export class EtcdWatch implements Watch {
  private readonly queue: WatchQueue;
  private stream: Stream | undefined;
  private generation = 0;
  private backoffMs = BACKOFF_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private cancelled = false;
  /** Events of a revision whose fragments have not all arrived. */
  private held: WatchEvent[] = [];

  constructor(
    private readonly client: Etcd3,
    private readonly prefix: string,
    handler: WatchHandler,
    fromRevision: number,
    private readonly opts: WatchOptions,
  ) {
    this.queue = new WatchQueue(handler, fromRevision - 1, prefix);
  }

  get lastRevision(): number {
    return this.queue.lastRevision;
  }

  /** Open the first stream; resolves once etcd has created the watch. */
  async start(): Promise<void> {
    await this.connect();
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.closeStream();
    await this.queue.cancel();
  }

  private connect(): Promise<void> {
    const gen = ++this.generation;
    this.held = [];
    return new Promise<void>((resolve, reject) => {
      let created = false;
      this.client.watchClient.watch().then((stream) => {
        if (gen !== this.generation) return stream.cancel();
        this.stream = stream;
        stream.on('data', (res) => {
          if (gen !== this.generation) return;
          if (!created) {
            // The first answer is "created", or "compacted" (the resync follows).
            created = true;
            this.backoffMs = BACKOFF_MIN_MS;
            resolve();
          }
          this.onResponse(res, gen);
        });
        const broken = (err: Error) => {
          if (!created) reject(err);
          this.onBroken(err, gen);
        };
        stream.on('error', broken);
        stream.on('end', () => broken(new Error('etcd watch stream ended')));
        stream.write({
          // fragment: etcd splits a large response (a backfill of many revisions) into
          // messages of at most its --max-request-bytes instead of one huge one
          create_request: { key: Buffer.from(this.prefix), range_end: prefixEnd(this.prefix), start_revision: this.queue.nextRevision, prev_kv: true, fragment: true },
        });
      }, (err: Error) => {
        reject(err);
        this.onBroken(err, gen);
      });
    });
  }

  private onResponse(res: RPC.IWatchResponse, gen: number): void {
    if (res.compact_revision && res.compact_revision !== '0') {
      this.generation++;
      this.closeStream();
      void this.resync(Number(res.compact_revision));
      return;
    }
    if (res.canceled) {
      this.onBroken(new Error(`etcd cancelled the watch: ${res.cancel_reason || 'no reason given'}`), gen);
      return;
    }
    if (res.events.length === 0 && !this.held.length) return;
    const events = this.held.concat(res.events.map(toWatchEvent));
    this.held = [];
    // a fragment may end inside a revision: hold that revision's events back until
    // the rest arrives (the queue delivers whole revisions, exactly once)
    if (res.fragment && events.length > 0) {
      const last = events[events.length - 1].revision;
      let cut = events.length;
      while (cut > 0 && events[cut - 1].revision === last) cut--;
      this.held = events.slice(cut);
      events.length = cut;
    }
    if (events.length > 0) this.queue.pushEvents(events);
  }

  /** The requested history is gone: deliver the prefix as of now, then watch on from there. */
  private async resync(compactRevision: number): Promise<void> {
    if (this.cancelled) return;
    log.info({ prefix: this.prefix, from: this.queue.nextRevision, compactRevision }, 'watch history compacted; resyncing');
    try {
      const res = await rangePaged(this.client, this.prefix);
      if (this.cancelled) return;
      this.queue.pushResync(res.revision, res.kvs);
      await this.connect();
    } catch (err) {
      this.onBroken(err as Error, this.generation);
    }
  }

  private onBroken(err: Error, gen: number): void {
    if (this.cancelled || gen !== this.generation) return;
    this.generation++; // ignore anything more from the broken stream
    this.closeStream();
    this.opts.onError?.(err);
    log.warn({ prefix: this.prefix, next: this.queue.nextRevision, err: errorMessage(err), retryInMs: this.backoffMs }, 'watch stream broken; reconnecting');
    const delay = this.backoffMs;
    this.backoffMs = Math.min(BACKOFF_MAX_MS, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => {
      if (this.cancelled) return;
      this.connect().catch(() => undefined); // failures re-enter onBroken
    }, delay);
  }

  private closeStream(): void {
    const s = this.stream;
    this.stream = undefined;
    if (!s) return;
    try {
      s.cancel();
    } catch {
      // already closed
    }
  }
}
