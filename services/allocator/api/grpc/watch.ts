/**
 * The Watch stream: a snapshot from the view (or, on resume, the held
 * changes after the client's revision), then every batch as it is applied.
 * If the requested revision is no longer held the stream starts with a
 * snapshot flagged resync. A per-agent filter keeps other agents' tasks out.
 *
 * Memory stays bounded whatever the state size and the number of watchers:
 * snapshots go out in chunks (watch-encoding.ts) encoded once and shared by
 * the streams that send them; each stream has at most MAX_IN_FLIGHT
 * messages handed to gRPC and queues the rest (encoded batches, shared too);
 * a watcher that falls MAX_QUEUED messages (or MAX_QUEUED_BYTES of batches)
 * behind is cut off (it resumes by revision); a closed stream drops its queue and its snapshot reference.
 * Each client address may hold --max-watch-streams-per-client streams.
 */
import type * as grpc from '@grpc/grpc-js';
import { MarinaError } from '../../../../lib/errors';
import type { WatchRequestMsg } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../core';
import type { ViewBatch } from '../../state/view';
import { toGrpcError, unaryHandler } from './errors';
import { callIdentity } from '../../auth/grpc-guard';
import { parseReport } from '../../telemetry/programming-reports';
import { SnapshotCache, type Encode, type SharedSnapshot } from './watch-encoding';
import { NODE_RESTRICTED } from '../../auth/agent-view';

/** Messages handed to gRPC and not yet written out, per stream. */
const MAX_IN_FLIGHT = 2;
/** Queued messages, or bytes of queued batches, above which a slow watcher is cut off (it resumes by revision). */
const MAX_QUEUED = 10_000;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;

type Item = { snap: SharedSnapshot; next: number } | Buffer;

function heldBytes(batches: ViewBatch[]): number {
  let n = 0;
  for (const b of batches) for (const c of b.changes) n += c.valueJson.length;
  return n;
}

/** The client's address without its port: `ipv4:127.0.0.1:5000` → `127.0.0.1`. */
function clientOf(peer: string): string {
  const rest = peer.replace(/^(ipv4|ipv6|unix):/, '');
  const m = /^\[?(.*?)\]?:\d+$/.exec(rest);
  return m ? m[1] : rest;
}

/** One stream's outbound queue with backpressure. */
class Outbox {
  private readonly items: Item[] = [];
  private inFlight = 0;
  private queuedBytes = 0;
  private closed = false;

  constructor(
    private readonly call: grpc.ServerWritableStream<WatchRequestMsg, Buffer>,
    private readonly onOverflow: () => void,
  ) {}

  push(item: Item): void {
    if (this.closed) {
      if (!Buffer.isBuffer(item)) item.snap.release();
      return;
    }
    this.items.push(item);
    if (Buffer.isBuffer(item)) this.queuedBytes += item.length;
    if (this.items.length > MAX_QUEUED || this.queuedBytes > MAX_QUEUED_BYTES) return this.onOverflow();
    this.pump();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const item of this.items) if (!Buffer.isBuffer(item)) item.snap.release();
    this.items.length = 0;
    this.queuedBytes = 0;
  }

  private pump(): void {
    while (!this.closed && this.inFlight < MAX_IN_FLIGHT && this.items.length > 0) {
      const head = this.items[0];
      let buf: Buffer | undefined;
      if (Buffer.isBuffer(head)) {
        buf = head;
        this.items.shift();
        this.queuedBytes -= head.length;
      } else {
        buf = head.snap.chunk(head.next++);
        if (!buf) {
          this.items.shift();
          head.snap.release();
          continue;
        }
      }
      if (this.call.cancelled || this.call.destroyed) return this.close();
      this.inFlight++;
      this.call.write(buf, () => {
        this.inFlight--;
        // the next snapshot chunk is encoded on a later tick, so many streams interleave
        setImmediate(() => this.pump());
      });
    }
  }
}

export function watchService(core: AllocatorCore, encode: Encode): grpc.UntypedServiceImplementation {
  const { view } = core.ctx;
  const limit = core.ctx.settings.limits.maxWatchStreamsPerClient;
  const snapshots = new SnapshotCache(view, encode);
  const open = new Map<string, number>();
  return {
    // a watcher's network-programming latency, kept for the map (telemetry/programming-reports.ts)
    ReportProgrammingLatency: unaryHandler(async (req: { component: string; host: string; summaryJson: string }, call) => {
      core.programming.record(callIdentity(call) ?? { name: 'anonymous', role: 'admin', via: 'none' }, parseReport(req));
      return {};
    }),
    Watch: (call: grpc.ServerWritableStream<WatchRequestMsg, Buffer>) => {
      const client = clientOf(call.getPeer());
      const count = open.get(client) ?? 0;
      if (count >= limit) {
        const err = new MarinaError('MARINA_ERR_LIMIT_EXCEEDED', `too many watch streams from ${client}: ${count} open, at most ${limit} allowed (limit --max-watch-streams-per-client)`);
        call.emit('error', toGrpcError(err));
        return;
      }
      open.set(client, count + 1);
      const { fromRevision, agentId } = call.request;
      // An agent identity sees every task, but other hosts' only as fabric entries (auth/agent-view.ts).
      const restricted = (call.request as unknown as Record<symbol, unknown>)[NODE_RESTRICTED] === true;
      const out = new Outbox(call, () => call.destroy(new Error('watcher too slow; resume from your last revision')));
      let held = fromRevision > 0 ? view.changesSince(fromRevision) : undefined;
      // a resume further behind than a stream may queue would be cut off again and again: resync instead
      if (held && (held.length > MAX_QUEUED / 2 || heldBytes(held) > MAX_QUEUED_BYTES / 2)) held = undefined;
      if (fromRevision === 0 || !held) out.push({ snap: snapshots.acquire(agentId, fromRevision !== 0, restricted), next: 0 });
      else {
        for (const b of held) {
          const buf = snapshots.batch(b, agentId, restricted);
          if (buf) out.push(buf);
        }
      }
      const unsubscribe = view.subscribe((ev) => {
        if (ev.type === 'resync') return out.push({ snap: snapshots.acquire(agentId, true, restricted), next: 0 });
        const buf = snapshots.batch(ev.batch, agentId, restricted);
        if (buf) out.push(buf);
      });
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        unsubscribe();
        out.close();
        const n = (open.get(client) ?? 1) - 1;
        if (n > 0) open.set(client, n);
        else open.delete(client);
      };
      call.on('cancelled', finish);
      call.on('close', finish);
      call.on('error', finish);
      call.on('finish', finish);
    },
  };
}
