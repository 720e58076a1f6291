/**
 * One translation, many subscribers. The hub follows the view once, turns
 * each batch into Marathon events once, encodes each event once, and hands
 * the same bytes to every subscriber whose filter wants it. A subscriber
 * that cannot keep up (its socket buffer passes `maxBufferedBytes`) is
 * disconnected rather than buffered without bound; a reconnecting client
 * re-lists, as Marathon clients do after a stream error.
 */
import type { StateView } from '../../../state/view';
import { EventTranslator, type MarathonEvent } from './translate';

export interface EventSink {
  /** Event types wanted; undefined = all. */
  readonly types?: ReadonlySet<string>;
  /** Write one encoded frame; returns the bytes now buffered for this subscriber. */
  write(frame: string): number;
  /** Drop the subscriber (too slow). */
  close(reason: string): void;
}

export interface EventHubOptions {
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  /** Called when a slow subscriber is dropped (metrics). */
  onDropped?: () => void;
}

/** One SSE frame (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export function sseFrame(event: MarathonEvent): string {
  return `event: ${event.eventType}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class EventHub {
  private readonly sinks = new Set<EventSink>();
  private readonly translator: EventTranslator;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBuffered: number;

  constructor(
    view: StateView,
    private readonly opts: EventHubOptions = {},
  ) {
    this.maxBuffered = opts.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.translator = new EventTranslator(view);
    this.unsubscribe = view.subscribe((ev) => {
      if (ev.type === 'resync') this.translator.seed();
      else this.publish(this.translator.translate(ev.batch));
    });
    // A comment line keeps idle proxies (and load balancers' idle timeouts) from closing the stream.
    this.heartbeat = setInterval(() => this.broadcast(':\n\n', undefined), opts.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  get subscribers(): number {
    return this.sinks.size;
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  publish(events: MarathonEvent[]): void {
    for (const e of events) this.broadcast(sseFrame(e), e.eventType);
  }

  stop(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const s of this.sinks) s.close('allocator stopping');
    this.sinks.clear();
  }

  private broadcast(frame: string, type: string | undefined): void {
    for (const s of this.sinks) {
      if (type !== undefined && s.types && !s.types.has(type)) continue;
      if (s.write(frame) > this.maxBuffered) {
        this.sinks.delete(s);
        s.close(`subscriber too slow: more than ${this.maxBuffered} bytes buffered`);
        this.opts.onDropped?.();
      }
    }
  }
}
