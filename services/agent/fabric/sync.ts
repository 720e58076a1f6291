/**
 * The fabric syncer: watch handlers call update(view); a coalescing loop
 * renders and applies at most once per minIntervalMs, and a periodic
 * re-check (flannel's routeCheck) re-applies so vanished entries return.
 */
import { logger } from '../../../lib/log';
import type { HostExec } from '../exec';
import { applyFabric } from './apply';
import { renderFabric, type FabricView } from './fabric';
import './vxlan/vxlan';
import './host-gw/host-gw';

export class FabricSyncer {
  private view?: FabricView;
  private running = false;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private readonly log = logger('agent-fabric');
  private idle: Array<() => void> = [];
  syncs = 0;

  constructor(private readonly exec: HostExec, private readonly opts: { recheckMs?: number } = {}) {}

  start(): void {
    this.timer = setInterval(() => this.run(), this.opts.recheckMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  update(view: FabricView): void {
    this.view = view;
    this.run();
  }

  /** Request a sync; calls while one runs coalesce into one more. */
  run(): void {
    if (!this.view) return;
    if (this.running) {
      this.dirty = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  /** Resolves when no sync is running or pending. */
  settled(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((r) => this.idle.push(r));
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      try {
        const changes = await applyFabric(this.exec, renderFabric(this.view!));
        this.syncs++;
        if (changes > 0) this.log.info({ changes }, 'fabric synced');
      } catch (err) {
        this.log.error({ err }, 'fabric sync failed; retrying at the next change or re-check');
      }
    } while (this.dirty);
    this.running = false;
    for (const r of this.idle.splice(0)) r();
  }
}
