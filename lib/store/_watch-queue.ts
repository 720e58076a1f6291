/**
 * Ordered, exactly-once delivery of watch items to one handler, shared by
 * every store implementation. Items are delivered one at a time (an async
 * handler is awaited before the next item); events at or below the last
 * queued revision are dropped, so a transport that replays after a reconnect
 * cannot deliver anything twice.
 */
import { logger } from '../log';
import type { KeyValue, WatchEvent, WatchHandler, WatchItem } from './contract';

const log = logger('store-watch');

export class WatchQueue {
  private readonly items: WatchItem[] = [];
  private delivering = false;
  private cancelled = false;
  private queuedRevision: number;
  private delivered = 0;
  private idle: Promise<void> = Promise.resolve();
  private resolveIdle: (() => void) | undefined;

  constructor(
    private readonly handler: WatchHandler,
    /** Revision before the first one to deliver (fromRevision - 1). */
    startAfter: number,
    private readonly prefix: string,
  ) {
    this.queuedRevision = startAfter;
  }

  /** Last revision the handler has finished with (0 before the first item). */
  get lastRevision(): number {
    return this.delivered;
  }

  /** Highest revision queued so far: a resumed transport continues after it. */
  get nextRevision(): number {
    return this.queuedRevision + 1;
  }

  /** Queue events (any number of revisions, in order); drops those already queued. */
  pushEvents(events: WatchEvent[]): void {
    if (this.cancelled) return;
    const fresh = events.filter((e) => e.revision > this.queuedRevision);
    if (fresh.length === 0) return;
    const revision = fresh[fresh.length - 1].revision;
    this.queuedRevision = revision;
    this.enqueue({ type: 'events', revision, events: fresh });
  }

  /** Queue a resync (state of the prefix at revision); delivery continues after revision. */
  pushResync(revision: number, kvs: KeyValue[]): void {
    if (this.cancelled) return;
    this.queuedRevision = Math.max(this.queuedRevision, revision);
    this.enqueue({ type: 'resync', revision, kvs });
  }

  /** Stop delivering; resolves once an item in progress has finished. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    this.items.length = 0;
    await this.idle;
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  private enqueue(item: WatchItem): void {
    this.items.push(item);
    if (!this.delivering) void this.drain();
  }

  private async drain(): Promise<void> {
    this.delivering = true;
    this.idle = new Promise((r) => (this.resolveIdle = r));
    while (this.items.length > 0 && !this.cancelled) {
      const item = this.items.shift() as WatchItem;
      try {
        await this.handler(item);
      } catch (err) {
        log.error({ err, prefix: this.prefix, revision: item.revision }, 'watch handler failed');
      }
      this.delivered = item.revision;
    }
    this.delivering = false;
    this.resolveIdle?.();
  }
}
