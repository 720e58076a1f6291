/**
 * The fake store: the store contract in memory (it passes the same suite as
 * etcd and the embedded store), plus failures a test can script — the way
 * CNI's host-local tests use `testing/fake_store.go` and etcd3's tests cut
 * the network with a proxy:
 *  - `failNext(op, err)`: the next call(s) of one operation reject;
 *  - `beforeNextTxn(fn)`: run a write just before a txn is applied (another
 *    replica winning a race, so the txn's compares fail for real);
 *  - `delayTxns(ms)`: every txn waits first (a slow or loaded store);
 *  - `disconnectWatches()` / `reconnectWatches()`: watch transports break
 *    (each watch reports the error and gets nothing meanwhile), then resume
 *    after their last revision — with a resync when the gap was compacted;
 *  - `advance(ms)`: lease expiry on an injected clock, no sleeping.
 * Time comes from `now`, so leases expire when the test says so.
 */
import { randomBytes } from 'node:crypto';
import { MarinaError } from '../../errors';
import { compareHolds } from '../_compare';
import { LeaseHandle } from '../_lease-handle';
import { checkKey, checkTtl, checkTxn } from '../_validate';
import { WatchQueue } from '../_watch-queue';
import type { KeyValue, Lease, Op, RangeResult, Store, TxnRequest, TxnResult, Watch, WatchEvent, WatchHandler, WatchOptions } from '../contract';

export type FakeOp = 'get' | 'range' | 'txn' | 'watch' | 'grantLease' | 'refreshLease' | 'currentRevision';

interface FakeLease {
  ttl: number;
  expiresAt: number;
  handles: Set<LeaseHandle>;
}

interface FakeWatcher {
  prefix: string;
  queue: WatchQueue;
  onError?: (err: Error) => void;
  connected: boolean;
}

export interface FakeStoreOptions {
  /** Clock for lease expiry (default Date.now); with a manual clock call advance(). */
  now?: () => number;
  /** Sweep expired leases on a timer (default true; tests on a manual clock pass false and call advance). */
  sweep?: boolean;
}

export class FakeStore implements Store {
  readonly kind = 'fake' as const;
  private readonly kvs = new Map<string, KeyValue>();
  private readonly history: WatchEvent[] = [];
  private readonly leases = new Map<string, FakeLease>();
  private readonly watchers = new Set<FakeWatcher>();
  private readonly failures = new Map<FakeOp, Error[]>();
  private readonly beforeTxn: Array<() => void | Promise<void>> = [];
  private revision = 0;
  private compacted = 0;
  private delayMs = 0;
  private offset = 0;
  private closed = false;
  private readonly sweeper?: NodeJS.Timeout;
  private readonly clock: () => number;
  /** Every txn applied (after scripted failures), for assertions on what the code under test wrote. */
  readonly txns: TxnRequest[] = [];

  constructor(opts: FakeStoreOptions = {}) {
    this.clock = opts.now ?? Date.now;
    if (opts.sweep !== false) {
      this.sweeper = setInterval(() => this.expireLeases(), 50);
      this.sweeper.unref();
    }
  }

  // ---- scripting ----

  /** The next `times` calls of op reject with err (default: the store is unavailable). */
  failNext(op: FakeOp, err: Error = new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `fake store: scripted ${op} failure`), times = 1): void {
    const queue = this.failures.get(op) ?? [];
    for (let i = 0; i < times; i++) queue.push(err);
    this.failures.set(op, queue);
  }

  /** Run fn (typically a write through this store) right before the next txn is evaluated. */
  beforeNextTxn(fn: () => void | Promise<void>): void {
    this.beforeTxn.push(fn);
  }

  /** Every txn waits ms before it is applied (0 turns it off). */
  delayTxns(ms: number): void {
    this.delayMs = ms;
  }

  /** Break every watch transport: each reports the error and receives nothing until reconnectWatches. */
  disconnectWatches(): void {
    const err = new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'fake store: watch stream broken');
    for (const w of this.watchers) {
      w.connected = false;
      w.onError?.(err);
    }
  }

  /** Resume every broken watch after its last queued revision (a resync if that history is compacted). */
  reconnectWatches(): void {
    for (const w of this.watchers) {
      if (w.connected) continue;
      w.connected = true;
      this.catchUp(w, w.queue.nextRevision);
    }
  }

  /** Move the lease clock forward (adds to `now`) and expire what is due. */
  advance(ms: number): void {
    this.offset += ms;
    this.expireLeases();
  }

  // ---- the contract ----

  async get(key: string): Promise<KeyValue | undefined> {
    this.check('get');
    checkKey(key);
    const kv = this.kvs.get(key);
    return kv ? { ...kv } : undefined;
  }

  async range(prefix: string, opts: { limit?: number } = {}): Promise<RangeResult> {
    this.check('range');
    const keys = [...this.kvs.keys()].filter((k) => k.startsWith(prefix)).sort();
    const limited = opts.limit && opts.limit > 0 ? keys.slice(0, opts.limit) : keys;
    return { kvs: limited.map((k) => ({ ...this.kvs.get(k)! })), revision: this.revision };
  }

  async put(key: string, value: string, opts: { lease?: string } = {}): Promise<number> {
    checkKey(key);
    return (await this.txn({ compares: [], success: [{ type: 'put', key, value, lease: opts.lease }] })).revision;
  }

  async delete(key: string): Promise<number> {
    checkKey(key);
    return (await this.txn({ compares: [], success: [{ type: 'delete', key }] })).revision;
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    this.check('txn');
    checkTxn(req);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const hook = this.beforeTxn.shift();
    if (hook) await hook();
    this.check('txn');
    this.txns.push(req);
    const succeeded = req.compares.every((c) => compareHolds(c, this.kvs.get(c.key)));
    const ops = succeeded ? req.success : (req.failure ?? []);
    for (const op of ops) if (op.type === 'put' && op.lease !== undefined) this.checkLease(op.lease);
    const gets: (KeyValue | undefined)[] = [];
    this.write((events) => {
      for (const op of ops) this.apply(op, events, gets);
    });
    return { succeeded, revision: this.revision, gets };
  }

  async watch(prefix: string, handler: WatchHandler, opts: WatchOptions = {}): Promise<Watch> {
    this.check('watch');
    const from = opts.fromRevision ?? this.revision + 1;
    const watcher: FakeWatcher = { prefix, queue: new WatchQueue(handler, from - 1, prefix), onError: opts.onError, connected: true };
    this.catchUp(watcher, from);
    this.watchers.add(watcher);
    return {
      get lastRevision() {
        return watcher.queue.lastRevision;
      },
      cancel: async () => {
        this.watchers.delete(watcher);
        await watcher.queue.cancel();
      },
    };
  }

  async grantLease(ttlSeconds: number): Promise<Lease> {
    this.check('grantLease');
    checkTtl(ttlSeconds);
    const id = BigInt(`0x${randomBytes(8).toString('hex')}`) & 0x7fffffffffffffffn;
    const leaseId = String(id === 0n ? 1n : id);
    const lease: FakeLease = { ttl: ttlSeconds, expiresAt: this.now() + ttlSeconds * 1000, handles: new Set() };
    this.leases.set(leaseId, lease);
    const handle = new LeaseHandle(leaseId, ttlSeconds, { refresh: (i) => this.refreshLease(i), revoke: (i) => this.revokeLease(i) });
    lease.handles.add(handle);
    return handle;
  }

  async refreshLease(id: string): Promise<void> {
    this.check('refreshLease');
    const lease = this.checkLease(id);
    lease.expiresAt = this.now() + lease.ttl * 1000;
  }

  async revokeLease(id: string): Promise<void> {
    this.checkOpen();
    this.expire(id);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    if (revision > this.revision) throw new MarinaError('MARINA_ERR_INVALID', `cannot compact to revision ${revision}: current revision is ${this.revision}`);
    if (revision <= this.compacted) throw new MarinaError('MARINA_ERR_COMPACTED', `revision ${revision} is already compacted (compacted up to ${this.compacted})`);
    this.compacted = revision;
    let drop = 0;
    while (drop < this.history.length && this.history[drop]!.revision < revision) drop++;
    this.history.splice(0, drop);
  }

  async currentRevision(): Promise<number> {
    this.check('currentRevision');
    return this.revision;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.watchers].map((w) => w.queue.cancel()));
    this.watchers.clear();
    for (const lease of this.leases.values()) for (const h of lease.handles) h.dispose();
  }

  // ---- internals ----

  private now(): number {
    return this.clock() + this.offset;
  }

  private check(op: FakeOp): void {
    this.checkOpen();
    const err = this.failures.get(op)?.shift();
    if (err) throw err;
  }

  private checkOpen(): void {
    if (this.closed) throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', 'fake store is closed');
  }

  private checkLease(id: string): FakeLease {
    const lease = this.leases.get(id);
    if (!lease || lease.expiresAt <= this.now()) throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', `lease ${id} not found (expired or revoked)`);
    return lease;
  }

  /** One revision for whatever fn writes; watchers are told after. */
  private write(fn: (events: WatchEvent[]) => void): WatchEvent[] {
    const events: WatchEvent[] = [];
    fn(events);
    if (events.length > 0) {
      this.history.push(...events);
      for (const w of this.watchers) {
        if (!w.connected) continue;
        const mine = events.filter((e) => e.key.startsWith(w.prefix));
        if (mine.length > 0) w.queue.pushEvents(mine);
      }
    }
    return events;
  }

  private apply(op: Op, events: WatchEvent[], gets: (KeyValue | undefined)[]): void {
    switch (op.type) {
      case 'put': {
        if (events.length === 0) this.revision++; // every write of one txn shares its revision
        const prev = this.kvs.get(op.key);
        const kv: KeyValue = { key: op.key, value: op.value, createRevision: prev ? prev.createRevision : this.revision, modRevision: this.revision, version: prev ? prev.version + 1 : 1 };
        if (op.lease !== undefined) kv.lease = op.lease;
        this.kvs.set(op.key, kv);
        events.push({ type: 'put', key: op.key, value: op.value, revision: this.revision, createRevision: kv.createRevision, version: kv.version });
        return;
      }
      case 'delete':
        this.deleteKey(op.key, events);
        return;
      case 'deletePrefix':
        for (const key of [...this.kvs.keys()].filter((k) => k.startsWith(op.prefix)).sort()) this.deleteKey(key, events);
        return;
      case 'get': {
        const kv = this.kvs.get(op.key);
        gets.push(kv ? { ...kv } : undefined);
        return;
      }
    }
  }

  private deleteKey(key: string, events: WatchEvent[]): void {
    const prev = this.kvs.get(key);
    if (!prev) return;
    if (events.length === 0) this.revision++;
    this.kvs.delete(key);
    events.push({ type: 'delete', key, value: prev.value, revision: this.revision, createRevision: 0, version: 0 });
  }

  private catchUp(w: FakeWatcher, from: number): void {
    if (from < this.compacted) {
      const kvs = [...this.kvs.values()].filter((kv) => kv.key.startsWith(w.prefix)).sort((a, b) => (a.key < b.key ? -1 : 1));
      w.queue.pushResync(this.revision, kvs.map((kv) => ({ ...kv })));
      return;
    }
    const events = this.history.filter((e) => e.revision >= from && e.key.startsWith(w.prefix));
    if (events.length > 0) w.queue.pushEvents(events);
  }

  private expireLeases(): void {
    if (this.closed) return;
    const now = this.now();
    for (const [id, lease] of this.leases) if (lease.expiresAt <= now) this.expire(id);
  }

  private expire(id: string): void {
    const lease = this.leases.get(id);
    if (!lease) return;
    this.leases.delete(id);
    this.write((events) => {
      for (const kv of [...this.kvs.values()].filter((x) => x.lease === id)) this.deleteKey(kv.key, events);
    });
    for (const h of lease.handles) h.markLost();
  }
}
