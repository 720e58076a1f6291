/**
 * A Marathon event stream reader (`GET /v2/events`, Server-Sent Events):
 * what `marina events` and load balancers following Marathon use. Frames
 * are parsed with eventsource-parser (spec-compliant, used by the WHATWG
 * EventSource polyfills); each `data` is one JSON event.
 */
import { createParser } from 'eventsource-parser';
import { MarinaError } from '../errors';

export interface StreamedEvent {
  eventType: string;
  [field: string]: unknown;
}

export interface FollowOptions {
  /** Only these event types (`event_type=` parameters); all when empty. */
  types?: string[];
  signal?: AbortSignal;
  /** Extra request headers (authorization). */
  headers?: Record<string, string>;
}

/** Follow the stream until it ends or `signal` aborts; resolves when the server closes it. */
export async function followEvents(base: string, onEvent: (e: StreamedEvent) => void, opts: FollowOptions = {}): Promise<void> {
  const query = (opts.types ?? []).map((t) => `event_type=${encodeURIComponent(t)}`).join('&');
  const url = `${base.replace(/\/+$/, '')}/v2/events${query ? `?${query}` : ''}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'text/event-stream', ...opts.headers }, signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) return;
    throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `cannot reach the allocator at ${base}: ${(err as Error).message}`, { cause: err });
  }
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    throw new MarinaError('MARINA_ERR_INTERNAL', `GET /v2/events answered ${res.status}: ${text}`);
  }
  const parser = createParser({
    onEvent: (msg) => {
      try {
        onEvent(JSON.parse(msg.data) as StreamedEvent);
      } catch {
        /* a frame that is not one JSON event is not Marathon's; skip it */
      }
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  } catch (err) {
    if (!opts.signal?.aborted) throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `event stream broken: ${(err as Error).message}`, { cause: err });
  }
}
