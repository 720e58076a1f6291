/**
 * The VIP syncer: tracker → desired table → backend.sync (one batch) →
 * conntrack flush, driven by a BoundedRunner. Nothing is written before the
 * first snapshot; a full rewrite runs on the first sync and every syncPeriodMs.
 */
import { errorMessage } from '../../lib/errors';
import { logger } from '../../lib/log';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, type Registry } from '../../lib/metrics';
import type { VipBackend, BackendOptions } from './backends/backend';
import { conntrackDeletes, flushConntrack } from './conntrack';
import type { VipTable } from './model/vip-table';
import { BoundedRunner, type Clock } from '../../lib/sync/bounded-runner';
import { ClusterTracker, diffTables } from './sync/tracker';
import { ProgrammingLatency, programmingHistogram } from '../../lib/metrics/programming-latency';

export interface SyncerOptions {
  minSyncMs: number;
  syncPeriodMs: number;
  localAgentId?: string;
  clock?: Clock;
}

export class VipSyncer {
  readonly tracker: ClusterTracker;
  readonly runner: BoundedRunner;
  applied: VipTable = new Map();
  lastFull = -Infinity;
  lastError: string | undefined;
  syncs = 0;
  private readonly log = logger('lb.sync');
  private readonly m;
  readonly latency: ProgrammingLatency;
  /** Whether an agent with localAgentId was registered at the last sync (warned on change). */
  private localAgentSeen: boolean | undefined;

  constructor(private readonly backend: VipBackend, private readonly bopts: BackendOptions, private readonly opts: SyncerOptions, registry: Registry) {
    this.runner = new BoundedRunner(() => this.sync(), { minMs: opts.minSyncMs, maxMs: opts.syncPeriodMs, clock: opts.clock });
    this.tracker = new ClusterTracker(() => this.runner.run(), { localAgentId: opts.localAgentId });
    this.m = {
      duration: new Histogram({ name: 'marina_lb_sync_duration_seconds', help: 'Time to program one VIP sync', labelNames: ['kind'], buckets: LATENCY_BUCKETS, registers: [registry] }),
      errors: new Counter({ name: 'marina_lb_sync_errors_total', help: 'Failed VIP syncs', registers: [registry] }),
      services: new Gauge({ name: 'marina_lb_vips', help: 'VIP services programmed', registers: [registry] }),
      backends: new Gauge({ name: 'marina_lb_vip_backends', help: 'Ready backends behind all VIPs', registers: [registry] }),
    };
    this.latency = new ProgrammingLatency(
      programmingHistogram('marina_lb_programming_duration_seconds', "Network-programming latency: a task's serving change committed (Task.servingChangedAt) to this host's VIP rules holding it", registry),
    );
    this.tracker.latency = this.latency;
  }

  /** Ready = the first snapshot arrived and was programmed. */
  get ready(): boolean {
    return this.syncs > 0 && this.lastError === undefined;
  }

  private async sync(): Promise<void> {
    if (!this.tracker.synced) return; // no partial state: wait for the snapshot
    const clock = this.opts.clock ?? { now: Date.now };
    const full = clock.now() - this.lastFull >= this.opts.syncPeriodMs || this.syncs === 0;
    const revision = this.tracker.revision;
    const desired = this.tracker.desired();
    this.checkLocalAgent();
    const started = process.hrtime.bigint();
    try {
      await this.backend.sync(this.applied, desired, full);
    } catch (err) {
      this.lastError = errorMessage(err);
      this.m.errors.inc();
      this.log.error({ err }, 'VIP sync failed; retrying');
      this.runner.retryAfter(1000);
      return;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.m.duration.observe({ kind: full ? 'full' : 'partial' }, seconds);
    if (this.backend.kernelNat) await flushConntrack(conntrackDeletes(diffTables(this.applied, desired)), this.bopts.netns);
    if (full) this.lastFull = clock.now();
    this.applied = desired;
    this.latency.programmed(revision);
    this.lastError = undefined;
    this.syncs++;
    this.m.services.set(desired.size);
    this.m.backends.set([...desired.values()].reduce((n, s) => n + s.backends.length, 0));
    if (full) this.log.info({ services: desired.size, seconds, revision: this.tracker.revision }, 'VIP full sync');
    else if (seconds > 1) this.log.warn({ services: desired.size, seconds, revision: this.tracker.revision }, 'slow VIP sync');
  }

  /**
   * Bridge tasks of this host are reached at their container address only
   * when the lb knows its host: say so when no agent has its --agent-id.
   */
  private checkLocalAgent(): void {
    const id = this.opts.localAgentId;
    if (id === undefined) return;
    const view = this.tracker.view();
    // Only once a bridge task exists (`marina up` starts the lb before its agent registers).
    if (![...view.tasks.values()].some((t) => t.networkMode === 'bridge')) return;
    const seen = view.agents.has(id);
    if (seen === this.localAgentSeen) return;
    this.localAgentSeen = seen;
    if (seen) this.log.info({ agentId: id }, "this host's agent is registered: its bridge tasks are reached at their container address");
    else this.log.warn({ agentId: id }, "no agent registered with this lb's --agent-id: bridge tasks of this host would be reached at their host port, which this host cannot (set --agent-id to the agent's --hostname; ignore on a host without an agent)");
  }
}
