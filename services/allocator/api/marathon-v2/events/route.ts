/**
 * GET /v2/events: Marathon's event stream as Server-Sent Events.
 * `event_type` (repeatable) filters; unknown types are accepted and simply
 * match nothing, as in Marathon. `plan-format=light` leaves `original` and
 * `target` out of deployment events' plans. A comment line every
 * 15 s keeps idle proxies from closing the stream.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge } from '../../../../../lib/metrics';
import { MarinaError } from '../../../../../lib/errors';
import type { AllocatorCore } from '../../../core';
import { EventHub, sseFrame } from './hub';

type Req = FastifyRequest<{ Querystring: { event_type?: string | string[]; 'plan-format'?: string } }>;

/** True when the Accept header allows text/event-stream (absent, a wildcard, or named). */
export function acceptsEventStream(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const type = part.split(';')[0]!.trim().toLowerCase();
    return type === 'text/event-stream' || type === 'text/*' || type === '*/*';
  });
}

const hubs = new WeakMap<AllocatorCore, { hub: EventHub; subscribers: Gauge }>();

/** The core's one event hub, shared by /v2/events and gRPC Events/Stream (created on first use). */
export function eventHubOf(core: AllocatorCore): { hub: EventHub; subscribers: Gauge } {
  let h = hubs.get(core);
  if (!h) {
    const registry = core.ctx.metrics.registry;
    const subscribers = new Gauge({ name: 'marina_allocator_event_subscribers', help: 'Open /v2/events and gRPC Events/Stream streams.', registers: [registry] });
    const dropped = new Counter({ name: 'marina_allocator_event_subscribers_dropped_total', help: 'Event streams closed because the subscriber did not keep up.', registers: [registry] });
    const { eventHeartbeatMs: heartbeatMs, eventMaxBufferBytes: maxBufferedBytes } = core.ctx.settings;
    h = { hub: new EventHub(core.ctx.view, { heartbeatMs, maxBufferedBytes, onDropped: () => dropped.inc() }), subscribers };
    hubs.set(core, h);
  }
  return h;
}

export function eventRoutes(app: FastifyInstance, core: AllocatorCore): EventHub {
  const { hub, subscribers } = eventHubOf(core);
  app.addHook('onClose', async () => hub.stop());

  app.get('/v2/events', async (req: Req, reply: FastifyReply) => {
    if (!acceptsEventStream(req.headers.accept)) {
      throw new MarinaError('MARINA_ERR_NOT_ACCEPTABLE', 'GET /v2/events streams text/event-stream; send Accept: text/event-stream');
    }
    const wanted = ([] as string[]).concat(req.query.event_type ?? []).filter((t) => t !== '');
    const types = wanted.length > 0 ? new Set(wanted) : undefined;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-store, must-revalidate',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const attached = { remoteAddress: req.ip, eventType: 'event_stream_attached', timestamp: new Date().toISOString() };
    if (!types || types.has(attached.eventType)) res.write(sseFrame(attached));
    else res.write(':\n\n'); // flush the headers now, so the client knows it is attached
    const unsubscribe = hub.subscribe({
      types,
      light: req.query['plan-format'] === 'light',
      write: (frame) => {
        res.write(frame);
        return res.writableLength;
      },
      close: (reason) => {
        core.ctx.log.warn({ remote: req.ip, reason }, 'event stream closed');
        res.destroy();
      },
    });
    subscribers.inc();
    res.on('close', () => {
      unsubscribe();
      subscribers.dec();
    });
  });
  return hub;
}
