/**
 * The store contract: a revisioned key-value store with etcd's semantics.
 * Two implementations (etcd, embedded) pass one contract suite
 * (lib/store/testing/contract-suite.ts, run against the fake in the unit project and etcd + embedded in test/integration/store-contract.test.ts). Only the allocator writes to the store.
 *
 * Revisions: every write transaction bumps the store revision by one; each
 * key records the revision that created it (createRevision, 0 = absent), the
 * revision of its last change (modRevision) and how many times it changed
 * since creation (version).
 */

export interface KeyValue {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /** Lease id the key is attached to, or undefined. */
  lease?: string;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** Store revision at which the range was read. */
  revision: number;
}

export type CompareTarget = 'value' | 'version' | 'createRevision' | 'modRevision';
export type CompareOp = '==' | '!=' | '<' | '>';

/** One guard of a transaction; an absent key has version/createRevision/modRevision 0 and no value. */
export interface Compare {
  key: string;
  target: CompareTarget;
  op: CompareOp;
  value: string | number;
}

export type Op =
  | { type: 'put'; key: string; value: string; lease?: string }
  | { type: 'delete'; key: string }
  | { type: 'deletePrefix'; prefix: string }
  | { type: 'get'; key: string };

export interface TxnRequest {
  compares: Compare[];
  success: Op[];
  failure?: Op[];
}

export interface TxnResult {
  succeeded: boolean;
  /** Store revision after the transaction (unchanged when nothing was written). */
  revision: number;
  /** Results of `get` ops in the branch that ran, in order. */
  gets: (KeyValue | undefined)[];
}

export interface WatchEvent {
  type: 'put' | 'delete';
  key: string;
  /** New value for put; for delete, the previous value when known. */
  value: string | undefined;
  /** modRevision of the change. */
  revision: number;
  createRevision: number;
  version: number;
}

/**
 * What a watch yields. `events` batches carry every change of one or more
 * revisions, in revision order; `revision` is the last revision delivered
 * (the watch resumes after it). `resync` means the requested history was
 * compacted: the consumer must re-read the prefix at `revision` and go on
 * from there (the watch continues from revision + 1 by itself).
 */
export type WatchItem =
  | { type: 'events'; revision: number; events: WatchEvent[] }
  | { type: 'resync'; revision: number; kvs: KeyValue[] };

export interface Watch {
  /** Last revision delivered to the handler (0 before the first). */
  readonly lastRevision: number;
  cancel(): Promise<void>;
}

export type WatchHandler = (item: WatchItem) => void | Promise<void>;

export interface WatchOptions {
  /** First revision to deliver. Defaults to the current revision + 1 (only new changes). */
  fromRevision?: number;
  /** Called on transport errors the watch recovers from (for logs/metrics). */
  onError?: (err: Error) => void;
}

export interface Lease {
  readonly id: string;
  readonly ttlSeconds: number;
  /** Keep the lease alive in the background until revoked or released. */
  keepAlive(): void;
  /** Stop refreshing (the lease then expires after its TTL). */
  release(): void;
  /** Revoke now: every key attached is deleted. */
  revoke(): Promise<void>;
  /** Resolves when the lease is lost (expired or revoked). */
  readonly lost: Promise<void>;
}

export interface Store {
  readonly kind: 'etcd' | 'embedded' | 'fake';
  get(key: string): Promise<KeyValue | undefined>;
  /** Keys starting with prefix, in key order. */
  range(prefix: string, opts?: { limit?: number }): Promise<RangeResult>;
  put(key: string, value: string, opts?: { lease?: string }): Promise<number>;
  delete(key: string): Promise<number>;
  txn(req: TxnRequest): Promise<TxnResult>;
  watch(prefix: string, handler: WatchHandler, opts?: WatchOptions): Promise<Watch>;
  grantLease(ttlSeconds: number): Promise<Lease>;
  /**
   * Refresh a lease by id once (another process may hold the Lease object:
   * the allocator refreshes agents' leases on their keep-alive calls).
   * Rejects with MARINA_ERR_LEASE_NOT_FOUND when it has expired or was revoked.
   */
  refreshLease(id: string): Promise<void>;
  /** Revoke a lease by id, deleting its keys; succeeds if it is already gone. */
  revokeLease(id: string): Promise<void>;
  /** Discard history before revision (watches from earlier revisions then resync). */
  compact(revision: number): Promise<void>;
  currentRevision(): Promise<number>;
  close(): Promise<void>;
}

/** Helper: a compare that holds only if key does not exist. */
export function absent(key: string): Compare {
  return { key, target: 'createRevision', op: '==', value: 0 };
}

/** Helper: a compare that holds only if key is unchanged since modRevision. */
export function unchangedSince(key: string, modRevision: number): Compare {
  return { key, target: 'modRevision', op: '==', value: modRevision };
}
