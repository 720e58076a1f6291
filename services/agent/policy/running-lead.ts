/**
 * The issue's own measure of task programming: from a new task *running* (its
 * `startedAt`, set by its host's agent) to this host's table holding its
 * addresses. Marina assigns addresses at placement, so the table usually holds
 * them before the task runs: that observes 0. Complements
 * marina_policy_programming_duration_seconds, which starts earlier (placement).
 * (Histogram-shaped: prom-client's Histogram in the agent, a list in tests.)
 */

interface Pending {
  /** The revision whose sync brings the task's addresses in. */
  revision: number;
  programmedAt?: number;
  startedAt?: number;
}

/** Tasks followed at most (a burst beyond it is not observed rather than held in memory). */
const MAX_PENDING = 100_000;

export class RunningToProgrammed {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly histogram: { observe(seconds: number): void }) {}

  /** A task's addresses first appeared at `revision`. */
  appeared(taskId: string, revision: number): void {
    if (this.pending.size < MAX_PENDING) this.pending.set(taskId, { revision });
  }

  /** The task reports running (first time only matters). */
  running(taskId: string, startedAt: number): void {
    const p = this.pending.get(taskId);
    if (!p || p.startedAt !== undefined || !Number.isFinite(startedAt)) return;
    p.startedAt = startedAt;
    if (p.programmedAt !== undefined) this.observe(taskId, p);
  }

  /** A sync made from `revision` finished at `at`. */
  programmed(revision: number, at: number): void {
    for (const [id, p] of this.pending) {
      if (p.programmedAt !== undefined || p.revision > revision) continue;
      p.programmedAt = at;
      if (p.startedAt !== undefined) this.observe(id, p);
    }
  }

  /** The task ended (or left the view) before both were seen. */
  forget(taskId: string): void {
    this.pending.delete(taskId);
  }

  /** A resync snapshot: start over. */
  clear(): void {
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }

  private observe(taskId: string, p: Pending): void {
    this.histogram.observe(Math.max(0, (p.programmedAt! - p.startedAt!) / 1000));
    this.pending.delete(taskId);
  }
}
