/**
 * The agent's policy loop: watch handlers only call `changed()` with the
 * commit times of the changes (a policy's version, a task's start); syncs are
 * coalesced (one runs at a time, the next takes every change that arrived
 * meanwhile). A change of tasks only is patched into the applied table
 * (incremental.ts), so is a change of policies only (incremental-policies.ts:
 * the chains of the apps they select); anything else renders the desired
 * table from the agent's cluster view at that moment. A full sync (repair
 * against the kernel) runs at start and every `resyncMs`. After a sync that
 * changed the table (and after each resync) the counters are read back (terse
 * listing, no set elements) and the host status is reported, off the sync
 * path and at most every `reportMs`; the counters are also reported every
 * `countersMs`.
 */
import { errorMessage } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import type { PolicyHostStatus } from '../../../lib/model/policy';
import type { Histogram } from '../../../lib/metrics';
import type { HostExec } from '../exec';
import { PolicyTableApplier, type SyncResult } from './apply';
import { ensureBridgeNetfilter } from './bridge';
import type { Policy } from '../../../lib/model/policy';
import { desiredTable, type PolicyInputs } from './desired';
import { patchTasks, type TaskChange } from './incremental';
import { changedPolicies, patchPolicies } from './incremental-policies';
import { policyHostStatus } from './status';

export interface PolicySource extends PolicyInputs {
  /** Store revision of the view the inputs come from. */
  revision: number;
}

export interface PolicySyncerOptions {
  exec: HostExec;
  source: () => PolicySource;
  log: Logger;
  /** Full repair period (default 30 s). */
  resyncMs?: number;
  /** Where the status goes (Agents.ReportPolicyStatus); errors are logged, the next sync reports again. */
  report?: (s: PolicyHostStatus) => Promise<void>;
  /** marina_policy_programming_duration_seconds: from a change's commit time to its programming. */
  histogram?: Pick<Histogram, 'observe'>;
  /** After each sync that succeeded: the revision its table was made from, and when it landed. */
  onProgrammed?: (revision: number, at: number) => void;
  /** Least time between two status reports (default 2 s); a report follows every sync that changed the table. */
  reportMs?: number;
  /** Period of counter reports without syncs (default 10 s). */
  countersMs?: number;
  now?: () => number;
}

export class PolicySyncer {
  readonly applier: PolicyTableApplier;
  private timer: NodeJS.Timeout | undefined;
  private countersTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private fullNext = true;
  private pendingTimes: number[] = [];
  /** Task changes since the last sync, while apps did not change (undefined: render in full). */
  private pendingTasks: TaskChange[] | undefined = [];
  /** The policies the applied table was made from (what a policy patch compares with). */
  private appliedPolicies: Map<string, Policy> | undefined;
  private stopped = false;
  /** Syncs applied, syncs failed, and the last sync's outcome (tests, benchmarks, metrics). */
  syncs = 0;
  failures = 0;
  last: (SyncResult & { seconds: number }) | undefined;
  lastStatus: PolicyHostStatus | undefined;
  private lastError: string | undefined;
  private warnedBrnf = false;
  private brnfSet = false;
  private retryMs = 0;
  private reportTimer: NodeJS.Timeout | undefined;
  private reporting: Promise<void> | undefined;
  private lastReportAt = 0;
  /** The cluster revision the kernel's table was last made from (-1: none yet). */
  programmedRevision = -1;
  private readonly waiters = new Set<{ revision: number; done: (ok: boolean) => void }>();

  constructor(private readonly opts: PolicySyncerOptions) {
    this.applier = new PolicyTableApplier(opts.exec);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** First (full) sync, then a full repair every resyncMs. */
  start(): Promise<void> {
    this.timer = setInterval(() => this.resync(), this.opts.resyncMs ?? 30_000);
    this.timer.unref();
    // counters move without syncs: report them every countersMs too
    this.countersTimer = setInterval(() => {
      if (this.applier.current) this.scheduleReport();
    }, this.opts.countersMs ?? 10_000);
    this.countersTimer.unref();
    return this.resync();
  }

  /**
   * A change in the view; `commitTimes` (ms epoch) of live changes feed the programming histogram.
   * `tasks`: every task change it holds (`[]`: none), apps unchanged; policies may have changed too
   * (found by object identity). Tasks alone or policies alone are patched in; absent: anything
   * may have changed (an app's labels), which renders the desired table.
   */
  changed(commitTimes: number[] = [], tasks?: TaskChange[]): Promise<void> {
    this.pendingTimes.push(...commitTimes.filter((t) => Number.isFinite(t)).slice(0, 10_000));
    if (tasks && this.pendingTasks && this.pendingTasks.length < 10_000) this.pendingTasks.push(...tasks);
    else this.pendingTasks = undefined;
    return this.kick();
  }

  /** A full repair against the kernel's table. */
  resync(): Promise<void> {
    this.fullNext = true;
    return this.kick();
  }

  /**
   * Resolves true once a sync has programmed `revision` or a later one; false as soon as a
   * sync fails (the table cannot be programmed: the status report says why) or after timeoutMs.
   */
  programmed(revision: number, timeoutMs = 5000): Promise<boolean> {
    if (this.programmedRevision >= revision) return Promise.resolve(true);
    if (this.stopped || this.lastError !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const w = { revision, done: (ok: boolean) => { clearTimeout(timer); this.waiters.delete(w); resolve(ok); } };
      const timer = setTimeout(() => w.done(false), timeoutMs);
      timer.unref();
      this.waiters.add(w);
    });
  }

  private wake(ok: boolean): void {
    for (const w of [...this.waiters]) if (!ok || this.programmedRevision >= w.revision) w.done(ok);
  }

  /** Resolves when no sync runs or is due. */
  async settled(): Promise<void> {
    for (let i = 0; i < 1000 && this.running; i++) await this.running;
  }

  private kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again && !this.stopped);
  }

  private async once(): Promise<void> {
    const full = this.fullNext;
    this.fullNext = false;
    const times = this.pendingTimes;
    this.pendingTimes = [];
    const taskChanges = this.pendingTasks;
    this.pendingTasks = [];
    const src = this.opts.source();
    const started = this.now();
    let changed = full;
    try {
      const res = (!full && taskChanges && (await this.patch(src, taskChanges))) || (await this.render(src, full));
      const done = this.now();
      this.syncs++;
      this.appliedPolicies = new Map(src.policies.map((p) => [p.id, p]));
      this.last = { ...res, seconds: (done - started) / 1000 };
      changed ||= res.kind !== 'none' || this.lastError !== undefined;
      this.lastError = undefined;
      this.retryMs = 0;
      this.programmedRevision = Math.max(this.programmedRevision, src.revision);
      this.wake(true);
      this.opts.onProgrammed?.(src.revision, done);
      for (const t of times) this.opts.histogram?.observe(Math.max(0, (done - t) / 1000));
      if (times.length > 0) this.opts.log.debug({ kind: res.kind, changes: times.length, waitedMs: started - Math.min(...times), syncMs: done - started, patched: !full && taskChanges !== undefined }, 'policy change programmed');
      if (res.kind === 'repair' || res.kind === 'full') this.opts.log.info({ kind: res.kind, bytes: res.batchBytes, seconds: this.last.seconds }, full ? 'policy table resynced' : 'policy table rewritten');
    } catch (err) {
      this.failures++;
      this.lastError = errorMessage(err);
      this.fullNext = true; // the next attempt repairs from the kernel's state
      this.pendingTimes.push(...times);
      this.pendingTasks = undefined; // the retry renders in full
      changed = true;
      this.opts.log.warn({ err: this.lastError }, 'policy sync failed; retrying with a full resync');
      this.wake(false);
      // retry after 1 s, doubling to 30 s while it keeps failing (no nft, no permission)
      this.retryMs = Math.min(30_000, this.retryMs === 0 ? 1000 : this.retryMs * 2);
      setTimeout(() => void this.kick(), this.retryMs).unref();
    }
    // reports follow what the table does: a sync that changed nothing (a health update) sends none
    if (changed) this.scheduleReport();
  }

  /**
   * Report off the sync path, at most every reportMs: reading the counters back
   * lists every rule (1 MB of JSON at 1,000 policies), which would otherwise be
   * most of a change's programming time.
   */
  private scheduleReport(): void {
    if (this.reportTimer || this.reporting || this.stopped) return;
    const wait = Math.max(0, this.lastReportAt + (this.opts.reportMs ?? 2000) - this.now());
    this.reportTimer = setTimeout(() => {
      this.reportTimer = undefined;
      this.lastReportAt = this.now();
      this.reporting = this.reportStatus(this.opts.source()).finally(() => {
        this.reporting = undefined;
      });
    }, wait);
    this.reportTimer.unref();
  }

  /** Report now (tests): waits for a scheduled or running report first. */
  async reportNow(): Promise<PolicyHostStatus | undefined> {
    if (this.reportTimer) clearTimeout(this.reportTimer);
    this.reportTimer = undefined;
    await this.reporting;
    this.lastReportAt = this.now();
    await this.reportStatus(this.opts.source());
    return this.lastStatus;
  }

  /**
   * The fast paths, tasks only or policies only; undefined when the change needs a full render
   * (both at once, more than elements for a task) or the kernel refused the patch.
   */
  private async patch(src: PolicySource, changes: TaskChange[]): Promise<SyncResult | undefined> {
    const applied = this.applier.current;
    const before = this.appliedPolicies;
    if (!applied || !before) return undefined;
    if (changedPolicies(before, src.policies).length > 0) {
      if (changes.length > 0) return undefined;
      const p = patchPolicies(applied, before, src);
      if (p.table.chains.size > 1 && !this.brnfSet) await this.bridgeNetfilter();
      return this.applier.applyPatch(p.table, p.diff);
    }
    const p = patchTasks(applied, { agentId: src.agentId, policies: src.policies, apps: new Map(src.apps.map((a) => [a.id, a])), tasks: src.tasks }, changes);
    return p ? this.applier.applyPatch(p.table, p.diff) : undefined;
  }

  private async render(src: PolicySource, full: boolean): Promise<SyncResult> {
    const desired = desiredTable(src);
    if (desired.chains.size > 1 && (full || !this.brnfSet)) await this.bridgeNetfilter();
    return this.applier.sync(desired, full);
  }

  private async bridgeNetfilter(): Promise<void> {
    const on = await ensureBridgeNetfilter(this.opts.exec).catch((err: unknown) => {
      this.opts.log.warn({ err: errorMessage(err) }, 'cannot set the br_netfilter sysctls');
      return false;
    });
    if (!on && !this.warnedBrnf) this.opts.log.warn('br_netfilter is not loaded (modprobe br_netfilter): policy does not filter traffic between tasks on one bridge');
    this.warnedBrnf = !on;
    this.brnfSet = true;
  }

  private async reportStatus(src: PolicySource): Promise<void> {
    const applied = this.applier.current;
    const kernel = applied ? await this.applier.read(true).catch(() => undefined) : undefined;
    const status = policyHostStatus({
      agentId: src.agentId,
      revision: src.revision,
      syncedAt: new Date(this.now()),
      policies: src.policies,
      applied: applied ?? desiredTable({ ...src, tasks: [] }),
      counters: kernel?.counters ?? [],
      ...(this.lastError !== undefined ? { error: this.lastError } : {}),
    });
    this.lastStatus = status;
    if (!this.opts.report) return;
    try {
      await this.opts.report(status);
    } catch (err) {
      this.opts.log.warn({ err: errorMessage(err) }, 'policy status report failed; the next sync reports again');
    }
  }

  /** Stop syncing; the table stays (tasks keep their protection across an agent restart). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake(false);
    if (this.timer) clearInterval(this.timer);
    if (this.countersTimer) clearInterval(this.countersTimer);
    if (this.reportTimer) clearTimeout(this.reportTimer);
    await this.settled();
    await this.reporting;
  }
}
