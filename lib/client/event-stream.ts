/**
 * A Marathon event stream reader (`GET /v2/events`, Server-Sent Events):
 * what `marina events` and load balancers following Marathon use. Frames
 * are parsed with eventsource-parser (spec-compliant, used by the WHATWG
 * EventSource polyfills); each `data` is one JSON event.
 */
import type { IncomingMessage } from 'node:http';
import { createParser } from 'eventsource-parser';
import { MarinaError } from '../errors';
import type { AllocatorHttpClient } from './http-client';

export interface StreamedEvent {
  eventType: string;
  [field: string]: unknown;
}

export interface FollowOptions {
  /** Only these event types (`event_type=` parameters); all when empty. */
  types?: string[];
  signal?: AbortSignal;
}

/** Follow the stream until it ends or `signal` aborts; resolves when the server closes it. */
export async function followEvents(client: AllocatorHttpClient, onEvent: (e: StreamedEvent) => void, opts: FollowOptions = {}): Promise<void> {
  const query = (opts.types ?? []).map((t) => `event_type=${encodeURIComponent(t)}`).join('&');
  let res: IncomingMessage;
  try {
    res = await client.openStream(`/v2/events${query ? `?${query}` : ''}`, { accept: 'text/event-stream' }, opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) return;
    throw err;
  }
  if (res.statusCode !== 200) {
    let text = '';
    for await (const chunk of res) text += String(chunk);
    let message = text;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? text;
    } catch {
      /* not JSON */
    }
    throw new MarinaError(res.statusCode === 401 ? 'MARINA_ERR_UNAUTHENTICATED' : res.statusCode === 403 ? 'MARINA_ERR_FORBIDDEN' : 'MARINA_ERR_INTERNAL', `GET /v2/events answered ${res.statusCode}: ${message}`);
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
    for await (const chunk of res) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
  } catch (err) {
    if (!opts.signal?.aborted) throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `event stream broken: ${(err as Error).message}`, { cause: err });
  }
}
