/**
 * Watch messages encoded once and shared by every stream that sends them.
 * A snapshot is cut into chunks of at most CHUNK_BYTES (an object larger
 * than that goes alone, so one object up to --max-grpc-message-bytes still
 * goes), each a WatchMessage whose `more` flag says another chunk follows;
 * the chunks are encoded lazily, as the first stream needs them, and kept
 * only while a stream is still sending that snapshot. Streams that start at
 * the same revision with the same filter share one encoding (200 watchers
 * of a 7 MB state hold one 7 MB encoding, not 200). A change batch is
 * encoded once per filter while it is dispatched to every stream; only the
 * latest batch's encodings are kept.
 */
import type { ObjectChangeMsg, WatchMessageMsg } from '../../../../lib/client/grpc-proto';
import type { StateView, ViewBatch, ViewChange } from '../../state/view';
import { narrowForAgent } from '../../auth/agent-view';
import { isWatched } from '../../state/keys';

/** Target size of one snapshot chunk. */
export const CHUNK_BYTES = 256 * 1024;

export type Encode = (msg: WatchMessageMsg) => Buffer;

/** Keep only this agent's tasks ('' = everything). */
export function keepFor(agentId: string): (c: ViewChange) => boolean {
  return (c) => !agentId || c.kind !== 'task' || c.agentId === agentId || c.agentId === undefined;
}

/**
 * The changes a stream gets: an agent identity (NodeRestriction, auth/agent-view.ts) sees every
 * task, other hosts' only as fabric entries; any other caller, everything or one agent's tasks.
 */
export function select(changes: ViewChange[], agentId: string, restricted: boolean): ViewChange[] {
  // deployments and group-change failures are the allocator's own bookkeeping (and /v2's): no watcher needs them
  const objects = changes.filter((c) => isWatched(c.kind));
  return restricted ? objects.map((c) => narrowForAgent(c, agentId)) : objects.filter(keepFor(agentId));
}

export function toMsg(c: ViewChange): ObjectChangeMsg {
  return { kind: c.kind as ObjectChangeMsg['kind'], op: c.op, id: c.id, valueJson: c.valueJson };
}

/** One snapshot at one revision for one filter, chunked and encoded on demand. */
export class SharedSnapshot {
  private readonly chunks: Buffer[] = [];
  private pos = 0;
  private done = false;
  private refs = 0;

  constructor(
    readonly revision: number,
    private changes: ViewChange[],
    private readonly resync: boolean,
    private readonly encode: Encode,
    private readonly onUnused: () => void,
  ) {}

  acquire(): this {
    this.refs++;
    return this;
  }

  /** The i-th encoded chunk, or undefined past the last. */
  chunk(i: number): Buffer | undefined {
    while (this.chunks.length <= i && !this.done) this.produce();
    return this.chunks[i];
  }

  /** A stream is done with it; the last one frees the encoding. */
  release(): void {
    if (--this.refs > 0) return;
    this.chunks.length = 0;
    this.changes = [];
    this.onUnused();
  }

  private produce(): void {
    const objects: ObjectChangeMsg[] = [];
    let bytes = 0;
    while (this.pos < this.changes.length) {
      const c = this.changes[this.pos];
      const size = c.valueJson.length + c.id.length + 16;
      // never past CHUNK_BYTES, except an object bigger than that, which goes alone
      if (objects.length > 0 && bytes + size > CHUNK_BYTES) break;
      objects.push(toMsg(c));
      bytes += size;
      this.pos++;
    }
    const more = this.pos < this.changes.length;
    this.chunks.push(this.encode({ revision: this.revision, snapshot: { objects, resync: this.resync, more } }));
    if (!more) {
      this.done = true;
      this.changes = [];
    }
  }
}

/** The current snapshot per (filter, resync), shared while the view stays at its revision. */
export class SnapshotCache {
  private readonly current = new Map<string, SharedSnapshot>();
  /** Encodings of the batch being dispatched now, per filter (only that one: the history must not pin encodings). */
  private lastBatch?: ViewBatch;
  private lastEncoded = new Map<string, Buffer | null>();

  constructor(
    private readonly view: StateView,
    private readonly encode: Encode,
  ) {}

  /** A snapshot of the view as it is now, for agentId's filter; release() it when done. */
  acquire(agentId: string, resync: boolean, restricted = false): SharedSnapshot {
    const key = `${resync ? 'r' : 's'}:${restricted ? 'n' : 'a'}:${agentId}`;
    const have = this.current.get(key);
    if (have && have.revision === this.view.revision) return have.acquire();
    const snap = new SharedSnapshot(this.view.revision, select(this.view.snapshotChanges(), agentId, restricted), resync, this.encode, () => {
      if (this.current.get(key) === snap) this.current.delete(key);
    });
    this.current.set(key, snap);
    return snap.acquire();
  }

  /** The encoded batch for agentId's filter, or undefined when nothing in it passes. */
  batch(batch: ViewBatch, agentId: string, restricted = false): Buffer | undefined {
    if (batch !== this.lastBatch) {
      this.lastBatch = batch;
      this.lastEncoded = new Map();
    }
    const byFilter = this.lastEncoded;
    const key = `${restricted ? 'n' : 'a'}:${agentId}`;
    let buf = byFilter.get(key);
    if (buf === undefined) {
      const changes = select(batch.changes, agentId, restricted).map(toMsg);
      buf = changes.length > 0 ? this.encode({ revision: batch.revision, batch: { changes } }) : null;
      byFilter.set(key, buf);
    }
    return buf ?? undefined;
  }

  /** Snapshots currently held (for metrics and tests). */
  get size(): number {
    return this.current.size;
  }
}
