/**
 * The record table: every A/AAAA/SRV record Marina DNS serves, as Mesos-DNS
 * keeps them (name → set of values; an SRV value is `target:port`), but
 * reference-counted per owner (a task, the agents, the masters...) so one
 * task's change touches only its own names. Changed names are remembered
 * until the zone compiler drains them.
 */

export type RType = 'A' | 'AAAA' | 'SRV';

/** One record. name: lower case, trailing dot (`web.marathon.mesos.`); value: IP, or `target.:port` for SRV. */
export interface RR {
  name: string;
  type: RType;
  value: string;
}

export interface NameRecords {
  A: Map<string, number>;
  AAAA: Map<string, number>;
  SRV: Map<string, number>;
}

export class RecordTable {
  readonly names = new Map<string, NameRecords>();
  private readonly owners = new Map<string, readonly RR[]>();
  private dirty = new Set<string>();

  get ownerCount(): number {
    return this.owners.size;
  }

  /** Replace what owner contributes (an empty list removes it). */
  set(owner: string, rrs: readonly RR[]): void {
    const old = this.owners.get(owner);
    if (old) for (const r of old) this.dec(r);
    if (rrs.length > 0) this.owners.set(owner, rrs);
    else this.owners.delete(owner);
    for (const r of rrs) this.inc(r);
  }

  owned(owner: string): readonly RR[] | undefined {
    return this.owners.get(owner);
  }

  /** Owners currently contributing, with their records. */
  entries(): IterableIterator<[string, readonly RR[]]> {
    return this.owners.entries();
  }

  /** Names changed since the last drain. */
  drainDirty(): Set<string> {
    const d = this.dirty;
    this.dirty = new Set();
    return d;
  }

  /** Count of distinct (name, type, value) records. */
  recordCount(): number {
    let n = 0;
    for (const r of this.names.values()) n += r.A.size + r.AAAA.size + r.SRV.size;
    return n;
  }

  private inc(r: RR): void {
    let rec = this.names.get(r.name);
    if (!rec) {
      rec = { A: new Map(), AAAA: new Map(), SRV: new Map() };
      this.names.set(r.name, rec);
    }
    const m = rec[r.type];
    const c = m.get(r.value) ?? 0;
    m.set(r.value, c + 1);
    if (c === 0) this.dirty.add(r.name);
  }

  private dec(r: RR): void {
    const rec = this.names.get(r.name);
    const m = rec?.[r.type];
    const c = m?.get(r.value);
    if (!rec || !m || c === undefined) return;
    if (c > 1) {
      m.set(r.value, c - 1);
      return;
    }
    m.delete(r.value);
    this.dirty.add(r.name);
    if (rec.A.size + rec.AAAA.size + rec.SRV.size === 0) this.names.delete(r.name);
  }
}

/** Split an SRV value `target.:port` into its parts. */
export function splitSrv(value: string): { target: string; port: number } {
  const i = value.lastIndexOf(':');
  return { target: value.slice(0, i), port: Number(value.slice(i + 1)) };
}
