/**
 * Network-programming latency (Kubernetes' SLI): from the moment a task's
 * serving state changed in the allocator (it became ready, or was told to
 * stop) to the moment a component has that change in effect (DNS answers,
 * VIP rules, policy sets). Measured from `Task.servingChangedAt`, the time
 * the allocator wrote into the same commit, against this host's clock: the
 * hosts' clocks must be in sync (NTP), a skew shows up as latency.
 *
 * Only changes seen live on the watch stream count; a snapshot (first sync,
 * resync after compaction) observes nothing. A component calls noteTask()
 * for every task put it receives and programmed() once a revision is in
 * effect; each change is observed once, by the first programmed() at or
 * after its revision.
 */
import { isServing, type Task } from '../model/cluster';
import { Histogram, type Registry } from '../metrics';

/** 1 ms … 30 s. */
export const PROGRAMMING_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Changes waiting for their revision to be programmed, at most (the oldest are dropped past it). */
const MAX_PENDING = 10_000;

export function programmingHistogram(name: string, help: string, registry: Registry): Histogram {
  return new Histogram({ name, help, buckets: PROGRAMMING_BUCKETS, registers: [registry] });
}

/** True when the put changed whether the task is served (a new serving task too). */
export function servingChanged(before: Task | undefined, after: Task): boolean {
  return (before !== undefined && isServing(before)) !== isServing(after);
}

export class ProgrammingLatency {
  private pending: Array<{ revision: number; at: number }> = [];

  constructor(readonly histogram: Histogram, private readonly now: () => number = Date.now) {}

  /**
   * A live task put at `revision`; `relevant` says whether this component
   * programs anything for it (the lb: only tasks with VIPs).
   */
  noteTask(before: Task | undefined, after: Task, revision: number, relevant = true): void {
    if (!relevant || !after.servingChangedAt || !servingChanged(before, after)) return;
    if (before?.servingChangedAt === after.servingChangedAt) return; // the same change, seen again
    const at = Date.parse(after.servingChangedAt);
    if (!Number.isFinite(at)) return;
    if (this.pending.length >= MAX_PENDING) this.pending.shift();
    this.pending.push({ revision, at });
  }

  /** Everything up to `revision` is in effect now. */
  programmed(revision: number): void {
    if (this.pending.length === 0) return;
    const now = this.now();
    const rest: typeof this.pending = [];
    for (const p of this.pending) {
      if (p.revision > revision) rest.push(p);
      else this.histogram.observe(Math.max(0, now - p.at) / 1000);
    }
    this.pending = rest;
  }

  /** Changes noted and not yet programmed. */
  get waiting(): number {
    return this.pending.length;
  }
}
