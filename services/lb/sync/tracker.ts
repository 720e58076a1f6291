/**
 * Change tracking (kube-proxy servicechangetracker.go, reduced): the feed
 * handler keeps a mirror of the cluster and tells the runner something
 * changed; the sync derives the desired VipTable and diffs it against what
 * was last applied, so a backend writes only what changed.
 */
import { applyEvents, emptySnapshot, type ClusterEvent, type ClusterSnapshot, type FeedHandler } from '../../../lib/feed/feed';
import type { ProgrammingLatency } from '../../../lib/metrics/programming-latency';
import { buildVipTable, sameService, VipMemory, type BuildOptions, type VipService, type VipTable } from '../model/vip-table';

export interface TableDiff {
  added: VipService[];
  removed: VipService[];
  /** [previous, current] pairs whose backends or affinity changed. */
  changed: Array<[VipService, VipService]>;
}

/** Diff two tables by service key. */
export function diffTables(prev: VipTable, cur: VipTable): TableDiff {
  const diff: TableDiff = { added: [], removed: [], changed: [] };
  for (const [key, svc] of cur) {
    const old = prev.get(key);
    if (!old) diff.added.push(svc);
    else if (!sameService(old, svc)) diff.changed.push([old, svc]);
  }
  for (const [key, svc] of prev) if (!cur.has(key)) diff.removed.push(svc);
  return diff;
}

export function isEmptyDiff(d: TableDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** Mirror of the cluster fed by the ClusterFeed; onChange is the runner's run(). */
export class ClusterTracker implements FeedHandler {
  private mirror: ClusterSnapshot = emptySnapshot();
  private readonly memory = new VipMemory();
  /** True once the first full snapshot has arrived (nothing is written before). */
  synced = false;
  revision = 0;
  /** Notes live serving changes (the syncer observes them once programmed). */
  latency: ProgrammingLatency | undefined;

  constructor(private readonly onChange: () => void, private readonly opts: BuildOptions = {}) {}

  onSnapshot(snapshot: ClusterSnapshot): void {
    this.mirror = snapshot;
    this.revision = snapshot.revision;
    this.synced = true;
    this.onChange();
  }

  onEvents(revision: number, events: ClusterEvent[]): void {
    if (this.latency) {
      // Only tasks with VIPs change this host's VIP rules.
      for (const e of events) if (e.kind === 'task' && e.op === 'put') this.latency.noteTask(this.mirror.tasks.get(e.id), e.value, revision, (e.value.vips?.length ?? 0) > 0);
    }
    applyEvents(this.mirror, revision, events);
    this.revision = revision;
    // networks and policies do not shape the VIP table
    if (events.some((e) => e.kind !== 'network' && e.kind !== 'policy')) this.onChange();
  }

  /** The table the kernel should hold now. */
  desired(): VipTable {
    return buildVipTable(this.mirror, this.opts, this.memory);
  }

  /** Read-only view of the mirror (edge proxy uses apps and tasks). */
  view(): ClusterSnapshot {
    return this.mirror;
  }
}
