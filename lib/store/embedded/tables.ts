/**
 * Prepared statements over the embedded schema, and the write context of one
 * transaction: every write in it shares one new revision and is logged for
 * watchers. Callers hold the SQLite transaction (see EmbeddedStore.write).
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyValue, WatchEvent } from '../contract';

interface KvRow {
  key: string;
  value: string;
  create_rev: number;
  mod_rev: number;
  version: number;
  lease: string | null;
}

interface LogRow {
  rev: number;
  key: string;
  type: string;
  value: string | null;
  create_rev: number;
  version: number;
}

function toKv(row: KvRow): KeyValue {
  const kv: KeyValue = { key: row.key, value: row.value, createRevision: row.create_rev, modRevision: row.mod_rev, version: row.version };
  if (row.lease !== null) kv.lease = row.lease;
  return kv;
}

/** Upper bound for a prefix scan: every string starting with prefix sorts below it (plus an exact prefix check). */
function prefixUpper(prefix: string): string {
  return `${prefix}\u{10FFFF}\u{10FFFF}`;
}

export class Tables {
  private readonly s: Record<string, StatementSync>;

  constructor(readonly db: DatabaseSync) {
    const p = (sql: string) => db.prepare(sql);
    const inPrefix = 'key >= ?1 AND key < ?2 AND substr(key, 1, length(?1)) = ?1';
    this.s = {
      get: p('SELECT * FROM kv WHERE key = ?'),
      range: p(`SELECT * FROM kv WHERE ${inPrefix} ORDER BY key LIMIT ?3`),
      upsert: p('INSERT OR REPLACE INTO kv (key, value, create_rev, mod_rev, version, lease) VALUES (?, ?, ?, ?, ?, ?)'),
      del: p('DELETE FROM kv WHERE key = ?'),
      byLease: p('SELECT key FROM kv WHERE lease = ? ORDER BY key'),
      log: p('INSERT INTO log (rev, idx, key, type, value, create_rev, version) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      history: p(`SELECT * FROM log WHERE rev >= ?3 AND ${inPrefix} ORDER BY rev, idx`),
      compact: p('DELETE FROM log WHERE rev < ?'),
      meta: p('SELECT value FROM meta WHERE name = ?'),
      setMeta: p('UPDATE meta SET value = ? WHERE name = ?'),
      lease: p('SELECT * FROM leases WHERE id = ?'),
      addLease: p('INSERT INTO leases (id, ttl, expires_at) VALUES (?, ?, ?)'),
      touchLease: p('UPDATE leases SET expires_at = ? WHERE id = ?'),
      delLease: p('DELETE FROM leases WHERE id = ?'),
      expired: p('SELECT id FROM leases WHERE expires_at <= ? ORDER BY expires_at'),
    };
  }

  get(key: string): KeyValue | undefined {
    const row = this.s.get.get(key) as KvRow | undefined;
    return row ? toKv(row) : undefined;
  }

  range(prefix: string, limit?: number): KeyValue[] {
    return (this.s.range.all(prefix, prefixUpper(prefix), limit ?? -1) as unknown as KvRow[]).map(toKv);
  }

  keysOfLease(id: string): string[] {
    return (this.s.byLease.all(id) as unknown as { key: string }[]).map((r) => r.key);
  }

  /** Logged changes under prefix from revision fromRev on, in order. */
  history(prefix: string, fromRev: number): WatchEvent[] {
    const rows = this.s.history.all(prefix, prefixUpper(prefix), fromRev) as unknown as LogRow[];
    return rows.map((r) => ({
      type: r.type as 'put' | 'delete',
      key: r.key,
      value: r.value ?? undefined,
      revision: r.rev,
      createRevision: r.create_rev,
      version: r.version,
    }));
  }

  meta(name: 'revision' | 'compacted'): number {
    return (this.s.meta.get(name) as { value: number }).value;
  }

  setMeta(name: 'revision' | 'compacted', value: number): void {
    this.s.setMeta.run(value, name);
  }

  compactBelow(rev: number): void {
    this.s.compact.run(rev);
  }

  lease(id: string): { id: string; ttl: number; expires_at: number } | undefined {
    return this.s.lease.get(id) as { id: string; ttl: number; expires_at: number } | undefined;
  }

  addLease(id: string, ttl: number, expiresAt: number): void {
    this.s.addLease.run(id, ttl, expiresAt);
  }

  touchLease(id: string, expiresAt: number): void {
    this.s.touchLease.run(expiresAt, id);
  }

  deleteLease(id: string): void {
    this.s.delLease.run(id);
  }

  expiredLeases(now: number): string[] {
    return (this.s.expired.all(now) as unknown as { id: string }[]).map((r) => r.id);
  }

  /** Low-level writes used by WriteContext. */
  upsertRow(kv: KeyValue): void {
    this.s.upsert.run(kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version, kv.lease ?? null);
  }

  deleteRow(key: string): void {
    this.s.del.run(key);
  }

  logEvent(idx: number, e: WatchEvent): void {
    this.s.log.run(e.revision, idx, e.key, e.type, e.value ?? null, e.createRevision, e.version);
  }
}

/** The writes of one transaction: one revision for all of them, logged in order. */
export class WriteContext {
  readonly events: WatchEvent[] = [];

  constructor(
    private readonly t: Tables,
    /** The revision before this transaction. */
    readonly baseRevision: number,
  ) {}

  /** The revision this transaction writes at. */
  get revision(): number {
    return this.baseRevision + 1;
  }

  get wrote(): boolean {
    return this.events.length > 0;
  }

  put(key: string, value: string, lease?: string): void {
    const prev = this.t.get(key);
    const kv: KeyValue = {
      key,
      value,
      createRevision: prev ? prev.createRevision : this.revision,
      modRevision: this.revision,
      version: prev ? prev.version + 1 : 1,
    };
    if (lease !== undefined) kv.lease = lease;
    this.t.upsertRow(kv);
    this.record({ type: 'put', key, value, revision: this.revision, createRevision: kv.createRevision, version: kv.version });
  }

  /** Delete key if present (a tombstone event carries the previous value). */
  delete(key: string): void {
    const prev = this.t.get(key);
    if (!prev) return;
    this.t.deleteRow(key);
    this.record({ type: 'delete', key, value: prev.value, revision: this.revision, createRevision: 0, version: 0 });
  }

  deletePrefix(prefix: string): void {
    for (const kv of this.t.range(prefix)) this.delete(kv.key);
  }

  /** Persist the new revision if anything was written. Call last, inside the transaction. */
  finish(): number {
    if (!this.wrote) return this.baseRevision;
    this.t.setMeta('revision', this.revision);
    return this.revision;
  }

  private record(e: WatchEvent): void {
    this.t.logEvent(this.events.length, e);
    this.events.push(e);
  }
}
