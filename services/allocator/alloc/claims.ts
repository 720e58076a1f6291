/**
 * Claims: the keys one planned transaction will create (each under an
 * `absent` compare) plus the other writes it makes. While a plan is in
 * flight its keys are reserved in-process so concurrent plans in this
 * replica pick other candidates; other replicas are kept out by the compares.
 */
import type { StateView } from '../view';

export interface Owner {
  kind: string;
  appId?: string;
  taskId?: string;
  agentId?: string;
  network?: string;
  name?: string;
  ip?: string;
}

export class Reservations {
  private readonly keys = new Set<string>();
  has(key: string): boolean {
    return this.keys.has(key);
  }
  addAll(keys: Iterable<string>): void {
    for (const k of keys) this.keys.add(k);
  }
  deleteAll(keys: Iterable<string>): void {
    for (const k of keys) this.keys.delete(k);
  }
}

export class Claims {
  /** key → JSON value, created only if absent. */
  readonly creates = new Map<string, string>();
  /** key → JSON value, written with a modRevision compare (0 = must be absent too). */
  readonly updates = new Map<string, { value: string; modRevision: number }>();
  readonly deletes = new Map<string, number>();

  /**
   * @param planned keys created by every plan of one operation (shared by
   * its chunks, so chunk n+1 does not pick what chunk n planned).
   */
  constructor(
    readonly view: StateView,
    readonly reserved: Reservations,
    readonly planned: Map<string, string> = new Map(),
  ) {}

  /** True when the key exists, is reserved in this process or claimed by this operation. */
  taken(key: string): boolean {
    return this.view.kv.has(key) || this.reserved.has(key) || this.planned.has(key);
  }

  create(key: string, owner: Owner | object): void {
    const value = JSON.stringify(owner);
    this.creates.set(key, value);
    this.planned.set(key, value);
  }

  /** Forget keys created since `before` (a failed try on one agent). */
  rollback(before: Set<string>): void {
    for (const k of [...this.creates.keys()]) {
      if (!before.has(k)) {
        this.creates.delete(k);
        this.planned.delete(k);
      }
    }
  }

  /** Number of ops (and compares) this plan needs. */
  get size(): number {
    return this.creates.size + this.updates.size + this.deletes.size;
  }

  /** Merge another plan in (batches of instances). */
  merge(other: Claims): void {
    for (const [k, v] of other.creates) this.creates.set(k, v);
    for (const [k, v] of other.updates) this.updates.set(k, v);
    for (const [k, v] of other.deletes) this.deletes.set(k, v);
  }
}
