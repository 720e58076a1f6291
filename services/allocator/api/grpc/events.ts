/**
 * Events/Stream: /v2/events over gRPC, from the same hub (one translation of
 * the view's watch for every subscriber of either transport). Each event
 * travels as Event, its oneof member named after its eventType; the member's
 * proto3 JSON is the SSE `data:`. A subscriber whose stream buffers more
 * than the hub's limit is ended with RESOURCE_EXHAUSTED, never buffered
 * without bound (UNAVAILABLE when the allocator stops); a reconnecting
 * client re-lists, as on /v2.
 */
import * as grpc from '@grpc/grpc-js';
import { messageType } from '../../../../lib/client/proto-json';
import type { AllocatorCore } from '../../core';
import { eventHubOf } from '../marathon-v2/events/route';
import type { MarathonEvent } from '../marathon-v2/events/translate';
import type { EventsRequest__Output } from '../../../../lib/client/proto/marina/v1/EventsRequest';

/** eventType → Event's oneof member (camelCase); undefined for a type the proto does not carry. */
export function eventMember(eventType: string): string | undefined {
  const name = eventType.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
  return messageType('Event').oneofs.event!.oneof.includes(name) ? name : undefined;
}

/** The Event message (as JSON) carrying one /v2 event. */
export function eventMessage(e: MarathonEvent): Record<string, unknown> | undefined {
  const member = eventMember(e.eventType);
  return member ? { eventType: e.eventType, [member]: e } : undefined;
}

/** Approximate bytes per buffered message, to hold gRPC subscribers to the hub's byte limit. */
const BYTES_PER_MESSAGE = 1024;

export function eventsService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  return {
    Stream: (call: grpc.ServerWritableStream<EventsRequest__Output, unknown>) => {
      const { hub, subscribers } = eventHubOf(core);
      const wanted = (call.request.eventTypes ?? []).filter((t) => t !== '');
      const types = wanted.length > 0 ? new Set(wanted) : undefined;
      const attached = eventMessage({ remoteAddress: call.getPeer(), eventType: 'event_stream_attached', timestamp: new Date().toISOString() });
      if (!types || types.has('event_stream_attached')) call.write(attached);
      const unsubscribe = hub.subscribe({
        types,
        light: !!call.request.light,
        write: () => 0,
        events: (events) => {
          for (const e of events) {
            const m = eventMessage(e);
            if (m) call.write(m);
          }
          return call.writableLength * BYTES_PER_MESSAGE;
        },
        close: (reason) => {
          core.ctx.log.warn({ peer: call.getPeer(), reason }, 'gRPC event stream closed');
          const slow = reason.startsWith('subscriber too slow');
          call.emit('error', { code: slow ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.UNAVAILABLE, details: reason });
        },
      });
      subscribers.inc();
      let done = false;
      const end = () => {
        if (done) return;
        done = true;
        unsubscribe();
        subscribers.dec();
      };
      call.on('cancelled', end);
      call.on('close', end);
      call.on('error', end);
    },
  };
}
