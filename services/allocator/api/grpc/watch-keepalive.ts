/**
 * Watch keep-alives: every stream gets an empty WatchMessage (revision 0, no
 * snapshot, no batch) every WATCH_KEEPALIVE_MS while nothing is queued on
 * it, so a consumer can tell an idle allocator from a silent one and report
 * how old its state is (lib/feed/freshness.ts, DNS and lb /ready). Clients
 * ignore messages without a body, so older ones are unaffected; the message
 * carries no revision, so it can never reorder or skip changes.
 */
import type * as grpc from '@grpc/grpc-js';
import type { WatchMessageMsg, WatchRequestMsg } from '../../../../lib/client/grpc-proto';

export const WATCH_KEEPALIVE_MS = 2_000;

type WatchCall = grpc.ServerWritableStream<WatchRequestMsg, WatchMessageMsg>;

/** Wrap the Watch service so each of its streams sends keep-alives while open. */
export function withWatchKeepAlive(service: grpc.UntypedServiceImplementation, intervalMs = WATCH_KEEPALIVE_MS): grpc.UntypedServiceImplementation {
  const watch = service.Watch as (call: WatchCall) => void;
  return {
    ...service,
    Watch: (call: WatchCall) => {
      const timer = setInterval(() => {
        if (call.cancelled || call.destroyed) return clearInterval(timer);
        if (call.writableLength === 0) call.write({ revision: 0 });
      }, intervalMs);
      const done = () => clearInterval(timer);
      call.on('cancelled', done);
      call.on('close', done);
      call.on('error', done);
      watch(call);
    },
  };
}
