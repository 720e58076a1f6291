/**
 * The fabric syncer (kube-proxy's change tracker + bounded runner, flannel's
 * routeCheck): watch handlers call update(view) on every feed event; the
 * desired fabric is rendered (pure, no exec) and compared with the last one
 * applied, so events that do not change it — a bridge or host task starting
 * here, an app update — cost no command at all. A change asks the runner for
 * a sync; syncs never run closer than minIntervalMs (a burst costs one
 * apply) and never two at once, and a periodic re-check re-reads the kernel
 * and re-applies so vanished entries return even when nothing changed.
 */
import { logger } from '../../../lib/log';
import { BoundedRunner, type Clock } from '../../../lib/sync/bounded-runner';
import type { HostExec } from '../exec';
import { applyFabric } from './apply';
import { renderFabric, type DesiredFabric, type FabricView } from './fabric';
import './vxlan/vxlan';
import './host-gw/host-gw';

export type ApplyFn = (exec: HostExec, want: DesiredFabric) => Promise<number>;

export interface FabricSyncerOptions {
  /** Periodic re-check (default 10 s). */
  recheckMs?: number;
  /** Minimum interval between two syncs (default 50 ms). */
  minIntervalMs?: number;
  /** Retry after a failed sync (default min(1 s, recheckMs)). */
  retryMs?: number;
  /** What a sync does (default: applyFabric, the kernel). */
  apply?: ApplyFn;
  clock?: Clock;
}

export class FabricSyncer {
  private want?: DesiredFabric;
  private wantKey?: string;
  /** Key of the desired fabric last applied successfully. */
  private appliedKey?: string;
  private readonly runner: BoundedRunner;
  private readonly apply: ApplyFn;
  private readonly log = logger('agent-fabric');
  /** Syncs applied (changes and re-checks). */
  syncs = 0;
  /** Syncs that failed or that the kernel refused in part (each is retried). */
  failures = 0;
  /** Feed events that left the desired fabric unchanged (no sync). */
  skipped = 0;

  constructor(private readonly exec: HostExec, private readonly opts: FabricSyncerOptions = {}) {
    this.apply = opts.apply ?? applyFabric;
    this.runner = new BoundedRunner(() => this.sync(), { minMs: opts.minIntervalMs ?? 50, maxMs: opts.recheckMs ?? 10_000, clock: opts.clock });
  }

  start(): void {
    this.runner.start();
  }

  stop(): void {
    this.runner.stop();
  }

  /** host-gw dual-stack networks already reported as IPv4-only across hosts. */
  private readonly warned6 = new Set<string>();

  /** The cluster view changed: sync only if the fabric it renders differs from the one applied or pending. */
  update(view: FabricView): void {
    this.warnHostGw6(view);
    const want = renderFabric(view);
    const key = JSON.stringify(want);
    if (key === this.wantKey) {
      this.skipped++;
      return;
    }
    this.want = want;
    this.wantKey = key;
    if (key === this.appliedKey) return; // back to what the kernel has (a pending sync finds nothing to do)
    this.runner.run();
  }

  /** host-gw carries IPv6 blocks only between hosts with an IPv6 underlay address (fabric/host-gw). */
  private warnHostGw6(view: FabricView): void {
    for (const n of view.networks) {
      if (n.driver !== 'host-gw' || !n.cidr6 || this.warned6.has(n.name)) continue;
      const without = [view.self, ...view.agents].filter((a) => !a.ip6).map((a) => a.id);
      if (without.length === 0) continue;
      this.warned6.add(n.name);
      this.log.warn({ network: n.name, hostsWithoutIp6: without }, 'host-gw network has cidr6 but hosts have no IPv6 underlay address (--ip6): its IPv6 addresses reach only tasks on the same host');
    }
  }

  /** Request a sync now (re-check). */
  run(): void {
    if (this.want) this.runner.run();
  }

  /** Resolves when no sync is running. */
  settled(): Promise<void> {
    return this.runner.idle();
  }

  /** True when the last desired fabric has been applied. */
  get inSync(): boolean {
    return this.wantKey !== undefined && this.wantKey === this.appliedKey;
  }

  private async sync(): Promise<void> {
    const want = this.want;
    const key = this.wantKey;
    if (!want) return;
    try {
      const changes = await this.apply(this.exec, want);
      this.appliedKey = key;
      this.syncs++;
      if (changes > 0) this.log.info({ changes }, 'fabric synced');
    } catch (err) {
      this.appliedKey = undefined;
      this.failures++;
      this.log.error({ err }, 'fabric sync failed; retrying');
      this.runner.retryAfter(this.opts.retryMs ?? Math.min(1000, this.opts.recheckMs ?? 10_000));
    }
  }
}
