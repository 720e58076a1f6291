/**
 * GrpcClusterFeed: the ClusterFeed (lib/feed/feed.ts) over the allocator's
 * gRPC Watch stream. One snapshot first, then change batches; on a broken
 * stream it reconnects with capped exponential backoff and resumes from the
 * revision after the last one it delivered, so nothing is lost or repeated.
 * A snapshot may come in chunks (WatchSnapshot.more): it is handed over
 * whole, once its last chunk has arrived.
 * When the allocator no longer holds that history it sends a snapshot
 * (resync), which is handed to the consumer as a fresh onSnapshot. While
 * disconnected nothing is delivered: consumers keep serving their last state.
 */
import * as grpc from '@grpc/grpc-js';
import { logger } from '../log';
import { emptySnapshot, type ClusterEvent, type ClusterFeed, type ClusterSnapshot, type FeedHandler } from '../feed/feed';
import { grpcCredentials, makeClient, unary, type GrpcCredentials } from './grpc-call';
import type { ProgrammingReport } from '../metrics/programming-reporter';
import { FeedFreshness, type FreshnessReport } from '../feed/freshness';
import type { ObjectChangeMsg, WatchMessageMsg, WatchRequestMsg } from './grpc-proto';

export interface GrpcClusterFeedOptions {
  /** Allocator gRPC address, host:port (default 127.0.0.1:8081). */
  address?: string;
  /** Only this agent's tasks (apps, agents and networks always come). */
  agentId?: string;
  /** First reconnect delay (default 100 ms), doubled up to maxBackoffMs (default 5 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Default: MARINA_TOKEN / MARINA_CA / the client config. */
  credentials?: GrpcCredentials;
}

/** Convert one wire change into a ClusterEvent. */
export function toClusterEvent(c: ObjectChangeMsg): ClusterEvent {
  if (c.op === 'delete') return { kind: c.kind, op: 'delete', id: c.id };
  return { kind: c.kind, op: 'put', id: c.id, value: JSON.parse(c.valueJson) } as ClusterEvent;
}

/** Build a ClusterSnapshot from a snapshot message's objects (into `snap` when given: the chunks of one snapshot). */
export function toSnapshot(revision: number, objects: ObjectChangeMsg[], snap = emptySnapshot(revision)): ClusterSnapshot {
  for (const o of objects) {
    const ev = toClusterEvent(o);
    if (ev.op !== 'put') continue;
    if (ev.kind === 'app') snap.apps.set(ev.id, ev.value);
    else if (ev.kind === 'task') snap.tasks.set(ev.id, ev.value);
    else if (ev.kind === 'agent') snap.agents.set(ev.id, ev.value);
    else if (ev.kind === 'network') snap.networks.set(ev.id, ev.value);
    else snap.policies.set(ev.id, ev.value);
  }
  return snap;
}

export class GrpcClusterFeed implements ClusterFeed {
  private readonly opts: Required<Omit<GrpcClusterFeedOptions, 'agentId' | 'credentials'>> & { agentId: string };
  private readonly credentials?: GrpcCredentials;
  private client?: grpc.Client;
  private unsubscribe?: () => void;
  private call?: grpc.ClientReadableStream<WatchMessageMsg>;
  private handler?: FeedHandler;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private backoff: number;
  private lastRevision = 0;
  private haveSnapshot = false;
  /** The snapshot being received, chunk by chunk (WatchSnapshot.more). */
  private partial?: ClusterSnapshot;
  private resolveSynced!: () => void;
  private readonly syncedP = new Promise<void>((r) => (this.resolveSynced = r));
  private readonly log = logger('grpc-feed');
  private readonly fresh = new FeedFreshness();

  constructor(opts: GrpcClusterFeedOptions = {}) {
    this.opts = {
      address: opts.address ?? '127.0.0.1:8081',
      agentId: opts.agentId ?? '',
      minBackoffMs: opts.minBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 5_000,
    };
    this.backoff = this.opts.minBackoffMs;
    this.credentials = opts.credentials;
  }

  /** Revision of the last snapshot or batch delivered. */
  get revision(): number {
    return this.lastRevision;
  }

  freshness(): FreshnessReport {
    return this.fresh.report();
  }

  /** Resolves when the first snapshot has been delivered. */
  synced(): Promise<void> {
    return this.syncedP;
  }

  /** Starts following; resolves at once (use synced() to wait for the first snapshot). */
  async start(handler: FeedHandler): Promise<void> {
    if (this.handler) throw new Error('GrpcClusterFeed already started');
    this.handler = handler;
    const creds = grpcCredentials(this.credentials);
    this.client = makeClient('Watch', this.opts.address, {}, creds);
    // A renewed certificate: follow on a channel made with it, resuming from the last revision.
    this.unsubscribe = creds.renewal?.subscribe(() => {
      const old = this.client;
      const oldCall = this.call;
      this.client = makeClient('Watch', this.opts.address, {}, creds);
      this.call = undefined;
      if (this.timer) clearTimeout(this.timer);
      oldCall?.cancel();
      old?.close();
      this.connect();
    });
    this.connect();
  }

  /** Send a programming-latency summary on this feed's channel (Watch.ReportProgrammingLatency). */
  async reportProgrammingLatency(r: ProgrammingReport): Promise<void> {
    if (!this.client) throw new Error('GrpcClusterFeed not started');
    await unary(this.client, 'reportProgrammingLatency', { component: r.component, host: r.host, summaryJson: JSON.stringify(r.summary) }, 5_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    this.call?.cancel();
    this.client?.close();
  }

  private connect(): void {
    if (this.stopped || !this.client) return;
    const req: WatchRequestMsg = {
      fromRevision: this.haveSnapshot ? this.lastRevision + 1 : 0,
      agentId: this.opts.agentId,
    };
    const method = (this.client as unknown as Record<string, (r: WatchRequestMsg) => grpc.ClientReadableStream<WatchMessageMsg>>)['watch'];
    const call = method.call(this.client, req);
    this.call = call;
    this.partial = undefined;
    let ended = false;
    const onEnd = (err?: Error) => {
      if (ended || this.call !== call) return; // superseded (a reconnect after renewal) or already handled
      ended = true;
      this.fresh.lost();
      if (this.stopped) return;
      this.log.warn({ err: err?.message, revision: this.lastRevision, retryInMs: this.backoff }, 'watch stream broken; reconnecting');
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs);
    };
    call.on('data', (msg: WatchMessageMsg) => {
      if (this.call !== call || this.stopped) return;
      this.fresh.heard(msg.snapshot ? 'snapshot' : msg.batch ? 'batch' : 'keepAlive');
      try {
        this.deliver(msg);
      } catch (err) {
        this.log.error({ err }, 'failed to deliver watch message; resyncing');
        this.haveSnapshot = false;
        call.cancel();
      }
    });
    call.on('error', (err: Error) => onEnd(err));
    call.on('end', () => onEnd());
  }

  private deliver(msg: WatchMessageMsg): void {
    const handler = this.handler;
    if (!handler) return;
    if (msg.snapshot) {
      if (this.partial && this.partial.revision !== msg.revision) throw new Error(`snapshot chunk at revision ${msg.revision} inside the snapshot at ${this.partial.revision}`);
      const snap = toSnapshot(msg.revision, msg.snapshot.objects, this.partial);
      if (msg.snapshot.more) {
        this.partial = snap;
        return;
      }
      this.partial = undefined;
      this.lastRevision = msg.revision;
      this.haveSnapshot = true;
      this.backoff = this.opts.minBackoffMs;
      handler.onSnapshot(snap);
      this.resolveSynced();
    } else if (msg.batch) {
      if (this.partial) throw new Error(`change batch at revision ${msg.revision} inside a snapshot`);
      if (!this.haveSnapshot || msg.revision <= this.lastRevision) return;
      this.backoff = this.opts.minBackoffMs;
      const events = msg.batch.changes.map(toClusterEvent);
      this.lastRevision = msg.revision;
      if (events.length > 0) handler.onEvents(msg.revision, events);
    }
  }
}
