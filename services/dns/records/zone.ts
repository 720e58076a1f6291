/**
 * The compiled zone: for every name, its answers already encoded on the
 * wire (owner = pointer to the question), so answering is a map lookup and
 * a copy. Compilation is incremental: only names the record table reports
 * as changed are re-encoded, plus SRV names whose targets changed (their
 * additional section carries the targets' A/AAAA). Empty non-terminals
 * (`_tcp.marathon.mesos` when `_web._tcp.marathon.mesos` exists) are kept as
 * nodes without records so they answer NODATA, not NXDOMAIN (RFC 8020).
 */
import { addressRR, nsRR, soaRR, srvRR, nameWire, PTR_QUESTION, type SoaFields } from '../wire/encode';
import { nameToKey } from '../wire/query';
import { splitSrv, type RecordTable } from './record-table';

export interface ZoneSettings {
  /** Authoritative zones, e.g. ['mesos', 'thisdcos.directory']. */
  zones: string[];
  ttl: number;
  /** SRV weight (Mesos-DNS SRVRecordDefaultWeight). */
  srvWeight: number;
  soa: Omit<SoaFields, 'serial'>;
}

export interface Apex {
  name: string;
  key: string;
  /** Wire length of the apex name (for the authority owner pointer). */
  keyLen: number;
  /** SOA/NS with owner = question pointer (answers at the apex). */
  soaAnswer: Buffer;
  nsAnswer: Buffer;
  /** SOA/NS for the authority section; owner bytes are patched per query. */
  soaAuthority: Buffer;
  nsAuthority: Buffer;
  /** The four above as one-element lists, built with them, so a query's sections need no new array. */
  soaAnswerList: Buffer[];
  nsAnswerList: Buffer[];
  soaAuthorityList: Buffer[];
  nsAuthorityList: Buffer[];
}

export interface ZoneNode {
  a: Buffer[];
  aaaa: Buffer[];
  srv: Buffer[];
  /** A/AAAA of the SRV targets (additional section). */
  srvExtra: Buffer[];
  apex: Apex;
  isApex: boolean;
  /** Has records of its own (not only an empty non-terminal). */
  own: boolean;
  /** Names below this one that have records. */
  below: number;
  targets: string[];
}

export class Zone {
  readonly nodes = new Map<string, ZoneNode>();
  readonly apexes: Apex[] = [];
  serial: number;
  private readonly deps = new Map<string, Set<string>>();

  constructor(
    readonly settings: ZoneSettings,
    private readonly table: RecordTable,
  ) {
    this.serial = Math.floor(Date.now() / 1000);
    for (const z of settings.zones) {
      const name = z.toLowerCase().replace(/\.$/, '');
      const key = nameToKey(name);
      const apex = { name, key, keyLen: key.length } as Apex;
      this.apexes.push(apex);
      this.nodes.set(key, { a: [], aaaa: [], srv: [], srvExtra: [], apex, isApex: true, own: false, below: 0, targets: [] });
    }
    this.apexes.sort((x, y) => y.keyLen - x.keyLen);
    this.encodeApexes();
  }

  /** The zone a wire key falls in (label-aligned suffix match), if any. */
  apexOf(key: string): Apex | undefined {
    for (const apex of this.apexes) {
      if (!key.endsWith(apex.key)) continue;
      const start = key.length - apex.keyLen;
      let off = 0;
      while (off < start) off += key.charCodeAt(off) + 1;
      if (off === start) return apex;
    }
    return undefined;
  }

  /** Re-encode the names changed in the table since the last call; returns how many. */
  sync(): number {
    const dirty = this.table.drainDirty();
    if (dirty.size === 0) return 0;
    const todo = new Set<string>(dirty);
    for (const name of dirty) for (const srvName of this.deps.get(name) ?? []) todo.add(srvName);
    for (const name of todo) this.compile(name);
    this.serial = Math.max(this.serial + 1, Math.floor(Date.now() / 1000));
    this.encodeApexes();
    return todo.size;
  }

  private encodeApexes(): void {
    const { ttl, soa } = this.settings;
    const fields: SoaFields = { ...soa, serial: this.serial };
    for (const apex of this.apexes) {
      apex.soaAnswer = soaRR(PTR_QUESTION, fields, ttl);
      apex.nsAnswer = nsRR(PTR_QUESTION, soa.mname, ttl);
      // RFC 2308 3: the negative-caching TTL is min(SOA TTL, SOA MINIMUM).
      apex.soaAuthority = soaRR(PTR_QUESTION, fields, Math.min(ttl, soa.minttl));
      apex.nsAuthority = nsRR(PTR_QUESTION, soa.mname, ttl);
      apex.soaAnswerList = [apex.soaAnswer];
      apex.nsAnswerList = [apex.nsAnswer];
      apex.soaAuthorityList = [apex.soaAuthority];
      apex.nsAuthorityList = [apex.nsAuthority];
    }
  }

  private compile(name: string): void {
    const key = nameToKey(name);
    const apex = this.apexOf(key);
    if (!apex) return;
    let node = this.nodes.get(key);
    if (node) this.dropDeps(name, node);
    const rec = this.table.names.get(name);
    if (!rec) {
      if (!node) return;
      node.a = node.aaaa = node.srv = node.srvExtra = [];
      if (node.own) {
        node.own = false;
        this.adjustAncestors(key, apex, -1);
      }
      if (!node.isApex && node.below === 0) this.nodes.delete(key);
      return;
    }
    if (!node) {
      node = { a: [], aaaa: [], srv: [], srvExtra: [], apex, isApex: false, own: false, below: 0, targets: [] };
      this.nodes.set(key, node);
    }
    const { ttl, srvWeight } = this.settings;
    node.a = [...rec.A.keys()].map((ip) => addressRR(PTR_QUESTION, ip, ttl));
    node.aaaa = [...rec.AAAA.keys()].map((ip) => addressRR(PTR_QUESTION, ip, ttl));
    node.srv = [];
    const targets = new Set<string>();
    for (const v of rec.SRV.keys()) {
      const { target, port } = splitSrv(v);
      node.srv.push(srvRR(PTR_QUESTION, target, port, srvWeight, ttl));
      targets.add(target);
    }
    node.targets = [...targets];
    node.srvExtra = this.extraFor(node.targets);
    for (const t of node.targets) {
      let set = this.deps.get(t);
      if (!set) this.deps.set(t, (set = new Set()));
      set.add(name);
    }
    if (!node.own) {
      node.own = true;
      this.adjustAncestors(key, apex, +1);
    }
  }

  private extraFor(targets: string[]): Buffer[] {
    const out: Buffer[] = [];
    const { ttl } = this.settings;
    for (const t of targets) {
      const rec = this.table.names.get(t);
      if (!rec) continue;
      const owner = nameWire(t);
      for (const ip of rec.A.keys()) out.push(addressRR(owner, ip, ttl));
      for (const ip of rec.AAAA.keys()) out.push(addressRR(owner, ip, ttl));
    }
    return out;
  }

  private dropDeps(name: string, node: ZoneNode): void {
    for (const t of node.targets) {
      const set = this.deps.get(t);
      if (!set) continue;
      set.delete(name);
      if (set.size === 0) this.deps.delete(t);
    }
    node.targets = [];
  }

  /** Count a name with records in every ancestor below the apex (empty non-terminals). */
  private adjustAncestors(key: string, apex: Apex, delta: number): void {
    let off = key.charCodeAt(0) + 1;
    while (off < key.length - apex.keyLen) {
      const anc = key.slice(off);
      let node = this.nodes.get(anc);
      if (!node) {
        if (delta < 0) return;
        node = { a: [], aaaa: [], srv: [], srvExtra: [], apex, isApex: false, own: false, below: 0, targets: [] };
        this.nodes.set(anc, node);
      }
      node.below += delta;
      if (node.below <= 0 && !node.own) this.nodes.delete(anc);
      off += key.charCodeAt(off) + 1;
    }
  }
}
