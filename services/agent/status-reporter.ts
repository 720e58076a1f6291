/**
 * Task status reports that always arrive (issue 13, item 3): a report is
 * retried with capped, jittered exponential backoff until the allocator
 * acknowledges it, however long the allocator is away. Only the latest
 * state of a task matters: a newer report supersedes a pending older one
 * (the allocator applies a repeated state as a no-op, so a resend is
 * harmless). A report the allocator refuses for good (task gone, invalid)
 * is dropped. Terminal reports are also written to <data-dir>/reports/,
 * since their task record is gone by then, so an agent restart still
 * delivers them. retryNow() cuts the waits short when the allocator is
 * back (keep-alive answered again, re-registration).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentApi, TaskStatusReport } from '../../lib/client/agent-api';
import { errorMessage, isMarinaError } from '../../lib/errors';
import type { Logger } from '../../lib/log';
import { isTerminal } from '../../lib/model/cluster';
import { shortHash } from './names';

export interface StatusReporterOptions {
  api: AgentApi;
  agentId(): string;
  log: Logger;
  /** Where terminal reports wait across restarts (none: memory only). */
  dir?: string;
  /** First retry delay (default 200 ms), doubled per failure up to maxBackoffMs (default 10 s). */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Jitter source in [0, 1) (tests). */
  random?: () => number;
}

interface Pending {
  report: TaskStatusReport;
  /** Bumped by every submit: an ack only clears the report that was sent. */
  seq: number;
  failures: number;
  wake?: () => void;
}

/** Delay before retry number `failures` (1-based): min·2^(n-1) capped at max, the upper half jittered. */
export function backoffMs(failures: number, minMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, minMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(base / 2 + (base / 2) * random());
}

export class StatusReporter {
  private readonly pending = new Map<string, Pending>();
  /** Tasks whose send loop is running, and the loops. */
  private readonly sending = new Set<string>();
  private readonly loops = new Set<Promise<void>>();
  private seq = 0;
  private stopped = false;
  /** Reports the allocator acknowledged. */
  acked = 0;
  /** Attempts that failed and were retried. */
  failures = 0;
  /** Reports refused for good (task gone or report invalid). */
  dropped = 0;

  constructor(private readonly opts: StatusReporterOptions) {
    if (opts.dir) mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  }

  /** Reports not yet acknowledged. */
  get size(): number {
    return this.pending.size;
  }

  has(taskId: string): boolean {
    return this.pending.has(taskId);
  }

  /** Send report until acknowledged; replaces any pending report of the same task. */
  submit(report: TaskStatusReport): void {
    const prev = this.pending.get(report.taskId);
    this.pending.set(report.taskId, { report, seq: ++this.seq, failures: prev?.failures ?? 0 });
    if (isTerminal(report.state)) this.persist(report);
    if (!this.sending.has(report.taskId)) {
      const loop = this.drive(report.taskId);
      this.loops.add(loop);
      void loop.finally(() => this.loops.delete(loop));
    }
    else prev?.wake?.(); // a newer state goes out now, not after the old one's backoff
  }

  /** The allocator answers again: retry every waiting report now. */
  retryNow(): void {
    for (const p of this.pending.values()) p.wake?.();
  }

  /** Submit the terminal reports an earlier run left unacknowledged; returns their task ids. */
  resume(): string[] {
    if (!this.opts.dir) return [];
    const ids: string[] = [];
    for (const name of readdirSync(this.opts.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const report = JSON.parse(readFileSync(join(this.opts.dir, name), 'utf8')) as TaskStatusReport;
        ids.push(report.taskId);
        this.submit(report);
      } catch {
        rmSync(join(this.opts.dir, name), { force: true });
      }
    }
    return ids;
  }

  /** Stop sending; terminal reports stay on disk for the next run. */
  stop(): void {
    this.stopped = true;
    this.retryNow();
  }

  /** Resolves when no send is in flight (after stop(): once the last call returned). */
  async idle(): Promise<void> {
    while (this.loops.size > 0) await Promise.all([...this.loops]);
  }

  private async drive(taskId: string): Promise<void> {
    this.sending.add(taskId);
    try {
      for (let p = this.pending.get(taskId); p && !this.stopped; p = this.pending.get(taskId)) {
        try {
          await this.opts.api.reportTaskStatus(this.opts.agentId(), p.report);
          this.acked++;
          this.settle(taskId, p);
          const newer = this.pending.get(taskId);
          if (newer) newer.failures = 0; // the allocator answers: a newer report starts its backoff afresh
        } catch (err) {
          if (isMarinaError(err, 'MARINA_ERR_NOT_FOUND') || isMarinaError(err, 'MARINA_ERR_INVALID')) {
            this.dropped++;
            this.opts.log.warn({ taskId, state: p.report.state, err: errorMessage(err) }, 'task status refused; not retried');
            this.settle(taskId, p);
            continue;
          }
          const cur = this.pending.get(taskId) ?? p;
          cur.failures++;
          this.failures++;
          const wait = backoffMs(cur.failures, this.opts.minBackoffMs ?? 200, this.opts.maxBackoffMs ?? 10_000, this.opts.random ?? Math.random);
          // first failure at warn, the retries quieter (hundreds of tasks may be waiting)
          this.opts.log[cur.failures === 1 ? 'warn' : 'debug']({ taskId, state: p.report.state, retryInMs: wait, err: errorMessage(err) }, 'failed to report task status; retrying');
          await this.sleep(cur, wait);
        }
      }
    } finally {
      this.sending.delete(taskId);
    }
  }

  /** The report p went out (or was refused): forget it unless a newer one came meanwhile. */
  private settle(taskId: string, p: Pending): void {
    const cur = this.pending.get(taskId);
    if (cur?.seq !== p.seq) return;
    this.pending.delete(taskId);
    if (isTerminal(p.report.state)) this.unpersist(taskId);
  }

  private sleep(p: Pending, ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        p.wake = undefined;
        resolve();
      }
      p.wake = done;
    });
  }

  private file(taskId: string): string {
    return join(this.opts.dir!, `${shortHash(taskId, 16)}.json`);
  }

  private persist(report: TaskStatusReport): void {
    if (!this.opts.dir) return;
    const file = this.file(report.taskId);
    // Persisting is a restart safety net: a failure (the data dir removed under a stopping agent)
    // must not break the kill path; the report is still retried from memory.
    try {
      mkdirSync(this.opts.dir, { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify(report), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    } catch (err) {
      this.opts.log.warn({ taskId: report.taskId, err: errorMessage(err) }, 'cannot persist a terminal task status; it is retried from memory only');
    }
  }

  private unpersist(taskId: string): void {
    if (this.opts.dir) rmSync(this.file(taskId), { force: true });
  }
}
