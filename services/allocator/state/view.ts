/**
 * The allocator's watch-fed view of everything under the prefix: a mirror
 * of the store (the kube-apiserver watch cache idea). It picks allocation
 * candidates without store reads, serves snapshots and resumable change
 * streams to Watch clients from a ring of recent batches, and lets a writer
 * wait until its own transaction is visible (read-your-writes).
 */
import type { KeyValue, Store, Watch, WatchEvent, WatchItem } from '../../../lib/store/contract';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';
import type { Policy } from '../../../lib/model/policy';
import { logger } from '../../../lib/log';
import { parseObjectKey, type ObjectKind } from './keys';
import { TaskLoads } from './view-loads';

export interface Entry {
  value: string;
  modRevision: number;
  createRevision: number;
  lease?: string;
  /** JSON.parse(value), filled on first use (allocation owners). */
  parsed?: unknown;
}

/**
 * Index directory of a key: `alloc/<kind>/<first segment>/` for allocation
 * keys, `versions/<appId>/` for an app's stored versions (deploy/versions.ts).
 */
export function allocDir(key: string): string | undefined {
  if (key.startsWith('deployments/')) return 'deployments/';
  if (key.startsWith('versions/') || key.startsWith('policyversions/') || key.startsWith('policystatus/')) return key.slice(0, key.lastIndexOf('/') + 1);
  if (!key.startsWith('alloc/')) return undefined;
  if (key.startsWith('alloc/bridges/')) return 'alloc/bridges/';
  const a = key.indexOf('/', 6);
  const b = a < 0 ? -1 : key.indexOf('/', a + 1);
  return b < 0 ? (a < 0 ? undefined : key.slice(0, a + 1)) : key.slice(0, b + 1);
}

/** One object change as streamed to watchers; valueJson is the stored JSON. */
export interface ViewChange {
  kind: ObjectKind;
  op: 'put' | 'delete';
  id: string;
  valueJson: string;
  revision: number;
  /** For task changes: the agent the task is (was) on, for per-agent filters. */
  agentId?: string;
}

export interface ViewBatch {
  revision: number;
  changes: ViewChange[];
}

/** What a batch holds in memory, roughly: its values plus a little per change. */
function batchBytes(b: ViewBatch): number {
  let n = 0;
  for (const c of b.changes) n += c.valueJson.length + c.id.length + 64;
  return n;
}

export type ViewListener = (ev: { type: 'batch'; batch: ViewBatch } | { type: 'resync' }) => void;

export class StateView {
  revision = 0;
  readonly kv = new Map<string, Entry>();
  readonly apps = new Map<string, AppDefinition>();
  readonly tasks = new Map<string, Task>();
  readonly tasksByApp = new Map<string, Set<string>>();
  readonly agents = new Map<string, Agent>();
  /** Wanted-running tasks per agent and per app per agent (placement loads). */
  readonly loads = new TaskLoads();
  readonly networks = new Map<string, VirtualNetwork>();
  readonly policies = new Map<string, Policy>();
  /** Allocation keys by directory (allocDir): blocks of a network, ports of an agent... */
  readonly dirs = new Map<string, Set<string>>();
  /** Revision from which `history` is complete (changes at >= historyStart are held). */
  historyStart = 1;
  private readonly history: ViewBatch[] = [];
  private historyEvents = 0;
  private historyBytes = 0;
  private readonly listeners = new Set<ViewListener>();
  private waiters: Array<{ revision: number; resolve: () => void }> = [];
  private watch?: Watch;
  private loadedAt = 0;
  private backfillFrom = 0;
  private backfilling = true;
  private backfill: ViewBatch[] = [];
  private backfillEvents = 0;
  private backfillBytes = 0;
  private resolveReady!: () => void;
  private readonly readyP = new Promise<void>((r) => (this.resolveReady = r));
  private readonly log = logger('allocator-view');

  constructor(
    private readonly store: Store,
    private readonly prefix: string,
    private readonly maxHistoryEvents = 100_000,
    /** Bytes of values the history may hold (a few big objects must not pin gigabytes). */
    private readonly maxHistoryBytes = 64 * 1024 * 1024,
    /** How far back the backfill starts: the store streams every event since then. */
    private readonly maxBackfillRevisions = 10_000,
  ) {}

  /**
   * Load the prefix at revision L and follow it. The store watch starts up to
   * maxBackfillRevisions revisions before L (or at the compacted revision: the
   * store then resyncs): those older changes only fill the history (the state
   * at L already has them), so a watcher that was on another replica, or on
   * this one before a restart, resumes by revision instead of resyncing. The
   * backfill keeps only the newest maxHistoryEvents / maxHistoryBytes of it,
   * as the history does. `ready` resolves once that backfill has been read
   * (a write after L — the replica marker — proves it complete).
   */
  async start(): Promise<void> {
    const res = await this.store.range(this.prefix + '/');
    this.load(res.kvs, res.revision);
    this.loadedAt = res.revision;
    const from = Math.max(1, res.revision + 1 - Math.min(this.maxHistoryEvents, this.maxBackfillRevisions));
    this.backfillFrom = from;
    this.watch = await this.store.watch(this.prefix + '/', (item) => this.onItem(item), {
      fromRevision: from,
      onError: (err) => this.log.warn({ err: err.message }, 'store watch error; resuming'),
    });
  }

  /** Resolves when the backfilled history is complete (see start). */
  ready(): Promise<void> {
    return this.readyP;
  }

  async stop(): Promise<void> {
    await this.watch?.cancel();
    for (const w of this.waiters) w.resolve();
    this.waiters = [];
  }

  /** Resolve once the view has applied revision (or after timeoutMs). */
  waitFor(revision: number, timeoutMs = 5_000): Promise<boolean> {
    if (this.revision >= revision) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      const waiter = {
        revision,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.revision >= revision);
        },
      };
      this.waiters.push(waiter);
    });
  }

  subscribe(listener: ViewListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Batches with changes at revision >= from, or undefined when that history is gone. */
  changesSince(from: number): ViewBatch[] | undefined {
    if (from < this.historyStart || from > this.revision + 1) return undefined;
    const out: ViewBatch[] = [];
    for (const b of this.history) {
      if (b.revision < from) continue;
      const changes = b.changes.filter((c) => c.revision >= from);
      if (changes.length > 0) out.push({ revision: b.revision, changes });
    }
    return out;
  }

  /** Every app, task, agent, network and policy as put changes (a snapshot; deployments are not streamed). */
  snapshotChanges(): ViewChange[] {
    const out: ViewChange[] = [];
    for (const [key, e] of this.kv) {
      const o = parseObjectKey(key);
      if (!o || o.kind === 'deployment') continue;
      const agentId = o.kind === 'task' ? this.tasks.get(o.id)?.agentId : undefined;
      out.push({ kind: o.kind, op: 'put', id: o.id, valueJson: e.value, revision: e.modRevision, agentId });
    }
    return out;
  }

  tasksOf(appId: string): Task[] {
    const ids = this.tasksByApp.get(appId);
    if (!ids) return [];
    const out: Task[] = [];
    for (const id of ids) {
      const t = this.tasks.get(id);
      if (t) out.push(t);
    }
    return out;
  }

  entry(key: string): Entry | undefined {
    return this.kv.get(key);
  }

  /** The parsed JSON value of a key (cached). */
  value<T>(key: string): T | undefined {
    const e = this.kv.get(key);
    if (!e) return undefined;
    if (e.parsed === undefined) {
      try {
        e.parsed = JSON.parse(e.value);
      } catch {
        e.parsed = null;
      }
    }
    return (e.parsed ?? undefined) as T | undefined;
  }

  /** Allocation keys in one index directory (see allocDir). */
  dir(dir: string): Set<string> {
    return this.dirs.get(dir) ?? new Set();
  }

  /** Keys (relative) under a relative prefix; a scan, for listings and GC. */
  keysUnder(prefix: string): string[] {
    const out: string[] = [];
    for (const k of this.kv.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }

  private rel(key: string): string {
    return key.slice(this.prefix.length + 1);
  }

  private load(kvs: KeyValue[], revision: number): void {
    this.kv.clear();
    this.apps.clear();
    this.tasks.clear();
    this.tasksByApp.clear();
    this.loads.clear();
    this.agents.clear();
    this.networks.clear();
    this.policies.clear();
    this.dirs.clear();
    for (const kv of kvs) {
      this.applyPut(this.rel(kv.key), { value: kv.value, modRevision: kv.modRevision, createRevision: kv.createRevision, lease: kv.lease });
    }
    this.revision = revision;
    this.history.length = 0;
    this.historyEvents = 0;
    this.historyBytes = 0;
    this.historyStart = revision + 1;
    this.wake();
  }

  private onItem(item: WatchItem): void {
    if (item.type === 'resync') {
      this.log.warn({ revision: item.revision }, 'store history compacted; view reloaded');
      this.load(item.kvs, item.revision);
      this.finishBackfill(false);
      for (const l of this.listeners) l({ type: 'resync' });
      return;
    }
    const old = this.backfilling ? item.events.filter((e) => e.revision <= this.loadedAt) : [];
    if (old.length > 0) this.keepBackfill({ revision: old[old.length - 1].revision, changes: old.map((e) => this.describe(e)).filter((c): c is ViewChange => c !== undefined) });
    const fresh = old.length > 0 ? item.events.filter((e) => e.revision > this.loadedAt) : item.events;
    if (fresh.length === 0) return;
    if (this.backfilling) this.finishBackfill(true);
    const changes: ViewChange[] = [];
    for (const ev of fresh) {
      const key = this.rel(ev.key);
      const obj = parseObjectKey(key);
      // a deleted task's agent is known only before the delete; a put's after it (parsed once)
      let agentId = obj?.kind === 'task' ? this.tasks.get(obj.id)?.agentId : undefined;
      if (ev.type === 'put') {
        const prev = this.kv.get(key);
        this.applyPut(key, { value: ev.value ?? '', modRevision: ev.revision, createRevision: ev.createRevision, lease: prev?.lease });
        if (obj?.kind === 'task') agentId = this.tasks.get(obj.id)?.agentId;
      } else {
        this.applyDelete(key);
      }
      if (obj) changes.push({ kind: obj.kind, op: ev.type, id: obj.id, valueJson: ev.type === 'put' ? (ev.value ?? '') : '', revision: ev.revision, agentId });
    }
    this.revision = Math.max(this.revision, item.revision);
    if (changes.length > 0) this.record({ revision: item.revision, changes });
    this.wake();
  }

  /** The object change an event is, if it concerns an app, task, agent, network or policy. */
  private describe(ev: WatchEvent): ViewChange | undefined {
    const obj = parseObjectKey(this.rel(ev.key));
    if (!obj) return undefined;
    let agentId: string | undefined;
    if (obj.kind === 'task') {
      if (ev.type === 'delete') agentId = this.tasks.get(obj.id)?.agentId;
      else {
        try {
          agentId = (JSON.parse(ev.value ?? '{}') as Task).agentId;
        } catch {
          agentId = undefined;
        }
      }
    }
    return { kind: obj.kind, op: ev.type, id: obj.id, valueJson: ev.type === 'put' ? (ev.value ?? '') : '', revision: ev.revision, agentId };
  }

  /** Hold one backfilled batch, dropping the oldest past the history bounds. */
  private keepBackfill(batch: ViewBatch): void {
    if (batch.changes.length === 0) return;
    this.backfill.push(batch);
    this.backfillEvents += batch.changes.length;
    this.backfillBytes += batchBytes(batch);
    while (this.backfill.length > 0 && (this.backfillEvents > this.maxHistoryEvents || this.backfillBytes > this.maxHistoryBytes)) {
      const dropped = this.backfill.shift()!;
      this.backfillEvents -= dropped.changes.length;
      this.backfillBytes -= batchBytes(dropped);
      this.backfillFrom = dropped.revision + 1;
    }
  }

  private finishBackfill(complete: boolean): void {
    if (!this.backfilling) return;
    this.backfilling = false;
    if (complete) {
      this.history.unshift(...this.backfill);
      this.historyEvents += this.backfillEvents;
      this.historyBytes += this.backfillBytes;
      this.historyStart = this.backfillFrom;
      this.trimHistory();
    }
    this.backfill = [];
    this.backfillEvents = 0;
    this.backfillBytes = 0;
    this.resolveReady();
  }

  private record(batch: ViewBatch): void {
    this.history.push(batch);
    this.historyEvents += batch.changes.length;
    this.historyBytes += batchBytes(batch);
    this.trimHistory();
    for (const l of this.listeners) l({ type: 'batch', batch });
  }

  private trimHistory(): void {
    while ((this.historyEvents > this.maxHistoryEvents || this.historyBytes > this.maxHistoryBytes) && this.history.length > 1) {
      const old = this.history.shift()!;
      this.historyEvents -= old.changes.length;
      this.historyBytes -= batchBytes(old);
      this.historyStart = old.revision + 1;
    }
  }

  private wake(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((w) => w.revision <= this.revision);
    this.waiters = this.waiters.filter((w) => w.revision > this.revision);
    for (const w of ready) w.resolve();
  }

  private applyPut(key: string, e: Entry): void {
    this.kv.set(key, e);
    const d = allocDir(key);
    if (d) {
      const set = this.dirs.get(d) ?? new Set<string>();
      set.add(key);
      this.dirs.set(d, set);
    }
    const o = parseObjectKey(key);
    if (!o) return;
    try {
      const value = JSON.parse(e.value) as unknown;
      if (o.kind === 'app') this.apps.set(o.id, value as AppDefinition);
      else if (o.kind === 'agent') this.agents.set(o.id, value as Agent);
      else if (o.kind === 'network') this.networks.set(o.id, value as VirtualNetwork);
      else if (o.kind === 'policy') this.policies.set(o.id, value as Policy);
      else if (o.kind === 'task') {
        this.loads.remove(this.tasks.get(o.id));
        this.loads.add(value as Task);
        this.tasks.set(o.id, value as Task);
        const set = this.tasksByApp.get(o.appId!) ?? new Set<string>();
        set.add(o.id);
        this.tasksByApp.set(o.appId!, set);
      }
    } catch (err) {
      this.log.error({ key, err }, 'undecodable value in store; ignored');
    }
  }

  private applyDelete(key: string): void {
    this.kv.delete(key);
    const d = allocDir(key);
    if (d) {
      const set = this.dirs.get(d);
      set?.delete(key);
      if (set && set.size === 0) this.dirs.delete(d);
    }
    const o = parseObjectKey(key);
    if (!o) return;
    if (o.kind === 'app') this.apps.delete(o.id);
    else if (o.kind === 'agent') this.agents.delete(o.id);
    else if (o.kind === 'network') this.networks.delete(o.id);
    else if (o.kind === 'policy') this.policies.delete(o.id);
    else if (o.kind === 'task') {
      this.loads.remove(this.tasks.get(o.id));
      this.tasks.delete(o.id);
      const set = this.tasksByApp.get(o.appId!);
      set?.delete(o.id);
      if (set && set.size === 0) this.tasksByApp.delete(o.appId!);
    }
  }
}
