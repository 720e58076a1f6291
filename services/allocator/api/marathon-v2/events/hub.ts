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
  /** `plan-format=light`: deployment plans without original/target. */
  readonly light?: boolean;
  /** Write encoded frames (one or several, shared between subscribers); returns the bytes now buffered for this subscriber. */
  write(frames: string | Buffer): number;
  /** Instead of frames, take the wanted events themselves (gRPC Events/Stream encodes its own); returns the bytes now buffered. */
  events?(events: MarathonEvent[]): number;
  /** Drop the subscriber (too slow). */
  close(reason: string): void;
}

export interface EventHubOptions {
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  /** Called when a slow subscriber is dropped (metrics). */
  onDropped?: () => void;
}

/** The event with a light plan (no original/target), for `plan-format=light` subscribers. */
export function lightEvent(e: MarathonEvent): MarathonEvent {
  const plan = e.plan as Record<string, unknown> | undefined;
  if (!plan || !('original' in plan)) return e;
  const { original: _o, target: _t, ...light } = plan;
  return { ...e, plan: light };
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

  /**
   * A batch (one store commit) goes out as one write per subscriber: the
   * frames each filter selects are joined and encoded once and the same
   * bytes shared by every subscriber with that filter, so 100 streams cost
   * 100 socket writes per commit, not 100 per event.
   */
  publish(events: MarathonEvent[]): void {
    if (events.length === 0 || this.sinks.size === 0) return;
    let full: Array<readonly [string, string]> | undefined;
    let light: Array<readonly [string, string]> | undefined;
    const byFilter = new Map<string, Buffer | null>();
    for (const s of this.sinks) {
      if (s.events) {
        const wanted = events.filter((e) => !s.types || s.types.has(e.eventType));
        if (wanted.length > 0) this.check(s, s.events(s.light ? wanted.map(lightEvent) : wanted));
        continue;
      }
      const key = (s.types ? [...s.types].sort().join(',') : '*') + (s.light ? ';light' : '');
      let bytes = byFilter.get(key);
      if (bytes === undefined) {
        const frames = s.light ? (light ??= events.map((e) => [e.eventType, sseFrame(lightEvent(e))] as const)) : (full ??= events.map((e) => [e.eventType, sseFrame(e)] as const));
        const wanted = frames.filter(([type]) => !s.types || s.types.has(type));
        bytes = wanted.length > 0 ? Buffer.from(wanted.map(([, f]) => f).join('')) : null;
        byFilter.set(key, bytes);
      }
      if (bytes !== null) this.deliver(s, bytes);
    }
  }

  stop(): void {
    clearInterval(this.heartbeat);
    this.unsubscribe();
    for (const s of this.sinks) s.close('allocator stopping');
    this.sinks.clear();
  }

  private broadcast(frame: string, type: string | undefined): void {
    for (const s of this.sinks) {
      if (s.events || (type !== undefined && s.types && !s.types.has(type))) continue;
      this.deliver(s, frame);
    }
  }

  private deliver(s: EventSink, frames: string | Buffer): void {
    this.check(s, s.write(frames));
  }

  private check(s: EventSink, buffered: number): void {
    if (buffered > this.maxBuffered) {
      this.sinks.delete(s);
      s.close(`subscriber too slow: more than ${this.maxBuffered} bytes buffered`);
      this.opts.onDropped?.();
    }
  }
}
