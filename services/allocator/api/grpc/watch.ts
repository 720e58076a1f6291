/**
 * The Watch stream: a snapshot from the view (or, on resume, the held
 * changes after the client's revision), then every batch as it is applied.
 * If the requested revision is no longer held the stream starts with a
 * snapshot flagged resync. A per-agent filter keeps other agents' tasks out.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ObjectChangeMsg, WatchMessageMsg, WatchRequestMsg } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../allocator';
import type { ViewChange } from '../../view';
import { forAgent, NODE_RESTRICTED } from '../../auth/agent-view';

/** Buffered messages above which a slow watcher is cut off (it resumes by revision). */
const MAX_BUFFERED = 10_000;

function plainMsg(c: ViewChange): ObjectChangeMsg {
  return { kind: c.kind, op: c.op, id: c.id, valueJson: c.valueJson };
}

export function watchService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  const { view } = core.ctx;
  return {
    Watch: (call: grpc.ServerWritableStream<WatchRequestMsg, WatchMessageMsg>) => {
      const { fromRevision, agentId } = call.request;
      // An agent identity sees every task, but other hosts' only as fabric entries (auth/agent-view.ts).
      const restricted = (call.request as unknown as Record<symbol, unknown>)[NODE_RESTRICTED] === true;
      const toMsg = restricted ? (c: ViewChange) => forAgent(c, agentId) : plainMsg;
      const keep = (c: ViewChange) => restricted || !agentId || c.kind !== 'task' || c.agentId === agentId || c.agentId === undefined;
      let pending = 0;
      const send = (msg: WatchMessageMsg) => {
        if (call.cancelled || call.destroyed) return;
        if (!call.write(msg)) pending++;
        if (pending > MAX_BUFFERED) call.destroy(new Error('watcher too slow; resume from your last revision'));
      };
      call.on('drain', () => (pending = 0));
      const snapshot = (resync: boolean) =>
        send({ revision: view.revision, snapshot: { objects: view.snapshotChanges().filter(keep).map(toMsg), resync } });
      const held = fromRevision > 0 ? view.changesSince(fromRevision) : undefined;
      if (fromRevision === 0) snapshot(false);
      else if (!held) snapshot(true);
      else {
        for (const b of held) {
          const changes = b.changes.filter(keep).map(toMsg);
          if (changes.length > 0) send({ revision: b.revision, batch: { changes } });
        }
      }
      const unsubscribe = view.subscribe((ev) => {
        if (ev.type === 'resync') return snapshot(true);
        const changes = ev.batch.changes.filter(keep).map(toMsg);
        if (changes.length > 0) send({ revision: ev.batch.revision, batch: { changes } });
      });
      const done = () => unsubscribe();
      call.on('cancelled', done);
      call.on('close', done);
      call.on('error', done);
    },
  };
}
