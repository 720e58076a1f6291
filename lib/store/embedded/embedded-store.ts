/**
 * The embedded store: Marina's default on one machine, durable to a SQLite
 * file in the data dir (kine-style, as k3s does by default). One process owns
 * the data dir; writes are serialised SQLite transactions, each one revision;
 * watches are in-process, with catch-up from the revision log.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { MarinaError } from '../../errors';
import { logger } from '../../log';
import type { KeyValue, Lease, RangeResult, Store, TxnRequest, TxnResult, Watch, WatchEvent, WatchHandler, WatchOptions } from '../contract';
import { LeaseHandle } from '../_lease-handle';
import { checkKey, checkTtl, checkTxn } from '../_validate';
import { WatchQueue } from '../_watch-queue';
import { acquireDirLock } from './lock';
import { DB_FILE, prepareDataDir, tightenModes } from './permissions';
import { openDatabase } from './schema';
import { Tables, WriteContext } from './tables';
import { applyTxn, checkLeaseLive } from './txn';

const log = logger('store-embedded');
/** How often expired leases are swept (etcd checks every 500 ms). */
const SWEEP_MS = 100;
/** Catch-up items carry at most about this many events. */
const CATCHUP_BATCH = 500;

interface Watcher {
  prefix: string;
  queue: WatchQueue;
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly watchers = new Set<Watcher>();
  private readonly leaseHandles = new Map<string, Set<LeaseHandle>>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly t: Tables,
    private readonly releaseLock: () => void,
    readonly dataDir: string,
  ) {
    this.sweeper = setInterval(() => this.sweepLeases(), SWEEP_MS);
    this.sweeper.unref();
  }

  /** Open (creating) the store in dataDir; fails with MARINA_ERR_STORE_LOCKED if another live process has it. */
  static async open(dataDir: string): Promise<EmbeddedStore> {
    if (typeof dataDir !== 'string' || dataDir.length === 0) {
      throw new MarinaError('MARINA_ERR_CONFIG', 'embedded store: dataDir is required');
    }
    prepareDataDir(dataDir);
    const release = acquireDirLock(dataDir);
    try {
      const db = openDatabase(join(dataDir, DB_FILE));
      tightenModes(dataDir); // the WAL and SHM files SQLite just created
      const store = new EmbeddedStore(db, new Tables(db), release, dataDir);
      log.info({ dataDir, revision: store.t.meta('revision') }, 'embedded store open');
      store.sweepLeases(); // leases keep their stored deadlines across restarts
      return store;
    } catch (err) {
      release();
      throw err;
    }
  }

  async get(key: string): Promise<KeyValue | undefined> {
    this.checkOpen();
    checkKey(key);
    return this.t.get(key);
  }

  async range(prefix: string, opts: { limit?: number } = {}): Promise<RangeResult> {
    this.checkOpen();
    return { kvs: this.t.range(prefix, opts.limit), revision: this.t.meta('revision') };
  }

  async put(key: string, value: string, opts: { lease?: string } = {}): Promise<number> {
    checkKey(key);
    const res = await this.txn({ compares: [], success: [{ type: 'put', key, value, lease: opts.lease }] });
    return res.revision;
  }

  async delete(key: string): Promise<number> {
    checkKey(key);
    return (await this.txn({ compares: [], success: [{ type: 'delete', key }] })).revision;
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    this.checkOpen();
    checkTxn(req);
    const now = Date.now();
    return this.write((w) => {
      const { succeeded, gets } = applyTxn(this.t, w, req, now);
      return { succeeded, gets };
    });
  }

  async watch(prefix: string, handler: WatchHandler, opts: WatchOptions = {}): Promise<Watch> {
    this.checkOpen();
    const current = this.t.meta('revision');
    const from = opts.fromRevision ?? current + 1;
    const queue = new WatchQueue(handler, from - 1, prefix);
    const watcher: Watcher = { prefix, queue };
    // Catch-up and subscription happen in one synchronous step: no write can fall between them.
    if (from < this.t.meta('compacted')) {
      queue.pushResync(current, this.t.range(prefix));
    } else {
      this.pushHistory(queue, prefix, from);
    }
    this.watchers.add(watcher);
    return {
      get lastRevision() {
        return queue.lastRevision;
      },
      cancel: async () => {
        this.watchers.delete(watcher);
        await queue.cancel();
      },
    };
  }

  async grantLease(ttlSeconds: number): Promise<Lease> {
    this.checkOpen();
    checkTtl(ttlSeconds);
    const id = BigInt(`0x${randomBytes(8).toString('hex')}`) & 0x7fffffffffffffffn;
    const leaseId = String(id === 0n ? 1n : id);
    this.inTransaction(() => this.t.addLease(leaseId, ttlSeconds, Date.now() + ttlSeconds * 1000));
    const handle = new LeaseHandle(leaseId, ttlSeconds, { refresh: (i) => this.refreshLease(i), revoke: (i) => this.revokeLease(i) });
    const set = this.leaseHandles.get(leaseId) ?? new Set();
    set.add(handle);
    this.leaseHandles.set(leaseId, set);
    return handle;
  }

  async refreshLease(id: string): Promise<void> {
    this.checkOpen();
    const now = Date.now();
    this.inTransaction(() => {
      checkLeaseLive(this.t, id, now);
      const lease = this.t.lease(id);
      this.t.touchLease(id, now + (lease?.ttl ?? 0) * 1000);
    });
  }

  async revokeLease(id: string): Promise<void> {
    this.checkOpen();
    this.expireLease(id);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    this.inTransaction(() => {
      const current = this.t.meta('revision');
      const compacted = this.t.meta('compacted');
      if (revision > current) throw new MarinaError('MARINA_ERR_INVALID', `cannot compact to revision ${revision}: current revision is ${current}`);
      if (revision <= compacted) throw new MarinaError('MARINA_ERR_COMPACTED', `revision ${revision} is already compacted (compacted up to ${compacted})`);
      this.t.compactBelow(revision);
      this.t.setMeta('compacted', revision);
    });
  }

  async currentRevision(): Promise<number> {
    this.checkOpen();
    return this.t.meta('revision');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweeper);
    await Promise.all([...this.watchers].map((w) => w.queue.cancel()));
    this.watchers.clear();
    for (const set of this.leaseHandles.values()) for (const h of set) h.release();
    this.leaseHandles.clear();
    this.db.close();
    this.releaseLock();
  }

  /** Run fn as one write transaction at a new revision, then notify watchers. */
  private write<T extends object>(fn: (w: WriteContext) => T): T & { revision: number } {
    let w: WriteContext | undefined;
    const out = this.inTransaction(() => {
      w = new WriteContext(this.t, this.t.meta('revision'));
      const res = fn(w);
      return { ...res, revision: w.finish() };
    });
    if (w?.wrote) this.notify(w.events);
    return out;
  }

  private inTransaction<T>(fn: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const out = fn();
      this.db.exec('COMMIT');
      return out;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private notify(events: WatchEvent[]): void {
    for (const w of this.watchers) {
      const mine = events.filter((e) => e.key.startsWith(w.prefix));
      if (mine.length > 0) w.queue.pushEvents(mine);
    }
  }

  private pushHistory(queue: WatchQueue, prefix: string, from: number): void {
    const events = this.t.history(prefix, from);
    let start = 0;
    for (let i = 1; i <= events.length; i++) {
      const boundary = i === events.length || events[i].revision !== events[i - 1].revision;
      if (boundary && (i - start >= CATCHUP_BATCH || i === events.length)) {
        queue.pushEvents(events.slice(start, i));
        start = i;
      }
    }
  }

  /** Delete a lease and its keys in one revision; no-op if it is already gone. */
  private expireLease(id: string): void {
    this.write((w) => {
      if (!this.t.lease(id)) return {};
      for (const key of this.t.keysOfLease(id)) w.delete(key);
      this.t.deleteLease(id);
      return {};
    });
    const handles = this.leaseHandles.get(id);
    this.leaseHandles.delete(id);
    for (const h of handles ?? []) h.markLost();
  }

  private sweepLeases(): void {
    if (this.closed) return;
    try {
      for (const id of this.t.expiredLeases(Date.now())) this.expireLease(id);
    } catch (err) {
      log.error({ err }, 'failed to expire leases');
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `embedded store ${this.dataDir} is closed`);
  }
}
