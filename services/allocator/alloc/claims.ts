/**
 * Claims: the keys one planned transaction will create (each under an
 * `absent` compare) plus the other writes it makes. While a plan is in
 * flight its keys are reserved in-process so concurrent plans in this
 * replica pick other candidates; other replicas are kept out by the compares.
 */
import type { StateView } from '../state/view';

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

/**
 * Keys planned by one operation (shared by its chunks), with the planned
 * blocks indexed by directory so picking an address does not scan every
 * planned key (quadratic in the batch size otherwise).
 */
export class Planned extends Map<string, string> {
  private readonly blockDirs = new Map<string, Set<string>>();

  override set(key: string, value: string): this {
    super.set(key, value);
    const d = blockDir(key);
    if (d) {
      let set = this.blockDirs.get(d);
      if (!set) this.blockDirs.set(d, (set = new Set()));
      set.add(key);
    }
    return this;
  }

  override delete(key: string): boolean {
    const d = blockDir(key);
    if (d) this.blockDirs.get(d)?.delete(key);
    return super.delete(key);
  }

  /** Planned block keys under `alloc/blocks/<network>/`. */
  blocksIn(dir: string): Iterable<string> {
    return this.blockDirs.get(dir) ?? [];
  }
}

function blockDir(key: string): string | undefined {
  if (!key.startsWith('alloc/blocks/')) return undefined;
  const i = key.indexOf('/', 13);
  return i < 0 ? undefined : key.slice(0, i + 1);
}

export class Claims {
  /** key → JSON value, created only if absent. */
  readonly creates = new Map<string, string>();
  /** key → JSON value, written with a modRevision compare (0 = must be absent too). */
  readonly updates = new Map<string, { value: string; modRevision: number }>();
  readonly deletes = new Map<string, number>();
  /** key → modRevision it must still have (0 = absent), without writing it. */
  readonly checks = new Map<string, number>();

  /**
   * @param planned keys created by every plan of one operation (shared by
   * its chunks, so chunk n+1 does not pick what chunk n planned).
   */
  constructor(
    readonly view: StateView,
    readonly reserved: Reservations,
    readonly planned: Planned = new Planned(),
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
    return this.creates.size + this.updates.size + this.deletes.size + this.checks.size;
  }

  /** Merge another plan in (batches of instances). */
  merge(other: Claims): void {
    for (const [k, v] of other.creates) this.creates.set(k, v);
    for (const [k, v] of other.updates) this.updates.set(k, v);
    for (const [k, v] of other.deletes) this.deletes.set(k, v);
    for (const [k, v] of other.checks) this.checks.set(k, v);
  }
}
