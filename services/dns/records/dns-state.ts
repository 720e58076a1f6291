/**
 * The served state: a record table, its compiled zone and the enumeration
 * index (/v1/enumerate). Sources change it in two ways only: `update` (an
 * incremental change, compiled before the function returns) and `replace`
 * (a full resync built aside and swapped in one assignment, so a query never
 * sees half of the old set and half of the new one).
 */
import { RecordTable, type RR } from './record-table';
import { Zone, type ZoneSettings } from './zone';

export interface TaskMeta {
  framework: string;
  name: string;
  id: string;
}

export class RecordView {
  readonly table = new RecordTable();
  readonly zone: Zone;
  /** Owner → the task it is, for enumeration. */
  readonly tasks = new Map<string, TaskMeta>();

  constructor(settings: ZoneSettings) {
    this.zone = new Zone(settings, this.table);
  }

  set(owner: string, rrs: readonly RR[], meta?: TaskMeta): void {
    this.table.set(owner, rrs);
    if (meta && rrs.length > 0) this.tasks.set(owner, meta);
    else this.tasks.delete(owner);
  }
}

export interface SyncInfo {
  revision: number;
  /** Names re-encoded by the last change. */
  names: number;
  /** Seconds the last change took to compile. */
  seconds: number;
  full: boolean;
}

export class DnsState {
  private current: RecordView;
  private synced = false;
  revision = 0;
  private readonly listeners: Array<(info: SyncInfo) => void> = [];

  constructor(private readonly settings: ZoneSettings) {
    this.current = new RecordView(settings);
  }

  get view(): RecordView {
    return this.current;
  }

  /** True once a source delivered its first full state (kube-proxy's isInitialized). */
  get ready(): boolean {
    return this.synced;
  }

  onSync(fn: (info: SyncInfo) => void): void {
    this.listeners.push(fn);
  }

  /** Apply an incremental change and compile the changed names. */
  update(revision: number, fn: (view: RecordView) => void): void {
    const t0 = process.hrtime.bigint();
    fn(this.current);
    const names = this.current.zone.sync();
    this.revision = revision;
    this.emit({ revision, names, seconds: Number(process.hrtime.bigint() - t0) / 1e9, full: false });
  }

  /** Build a whole new view and swap it in. */
  replace(revision: number, fn: (view: RecordView) => void): void {
    const t0 = process.hrtime.bigint();
    const next = new RecordView(this.settings);
    fn(next);
    const names = next.zone.sync();
    this.current = next;
    this.revision = revision;
    this.synced = true;
    this.emit({ revision, names, seconds: Number(process.hrtime.bigint() - t0) / 1e9, full: true });
  }

  private emit(info: SyncInfo): void {
    for (const l of this.listeners) l(info);
  }
}
