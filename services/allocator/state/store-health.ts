/**
 * Is the store answering? A probe (`currentRevision`, bounded by a timeout)
 * runs every second. The answer feeds three things: `/health` (degraded while
 * the store is away), writes (refused with 503 at once instead of hanging
 * while it is known to be away), and agent liveness: a store outage — or a
 * stall of this process long enough that agents' keep-alives could not be
 * relayed — is not evidence that agents died, so `healthySince` restarts
 * the lost-agent grace period (see lifecycle/agent-liveness.ts).
 */
import type { Store } from '../../../lib/store/contract';
import type { Logger } from '../../../lib/log';

export interface StoreHealthOptions {
  /** Milliseconds between probes. */
  intervalMs?: number;
  /** A probe slower than this counts as a failure. */
  timeoutMs?: number;
  now?: () => number;
}

export interface StoreHealthStatus {
  healthy: boolean;
  /** Epoch ms since the store has answered without a break (or since it broke, when unhealthy). */
  since: number;
  /** Last probe error while unhealthy. */
  error?: string;
}

export class StoreHealth {
  private healthy = true;
  private since: number;
  private error?: string;
  private timer?: NodeJS.Timeout;
  private lastTick: number;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    opts: StoreHealthOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 1_000;
    this.timeoutMs = opts.timeoutMs ?? 1_500;
    this.now = opts.now ?? Date.now;
    this.since = this.now();
    this.lastTick = this.since;
  }

  start(): void {
    const tick = async () => {
      await this.probe();
      if (!this.stopped) {
        this.timer = setTimeout(() => void tick(), this.intervalMs);
        this.timer.unref();
      }
    };
    this.timer = setTimeout(() => void tick(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  status(): StoreHealthStatus {
    return { healthy: this.healthy, since: this.since, ...(this.error ? { error: this.error } : {}) };
  }

  /** True while the store answers. */
  get isHealthy(): boolean {
    return this.healthy;
  }

  /** Epoch ms from which the store (and this process) have run without a break. */
  get healthySince(): number {
    return this.since;
  }

  /** Record a failure seen by a caller (a write that timed out) without waiting for the next probe. */
  reportFailure(err: Error): void {
    this.markDown(err.message);
  }

  /** One probe; exported for tests. */
  async probe(): Promise<void> {
    const started = this.now();
    // This process itself stalled (event loop blocked, VM paused): keep-alives were not relayed either.
    if (started - this.lastTick > 3 * this.intervalMs + this.timeoutMs) {
      this.log.warn({ stalledSeconds: (started - this.lastTick) / 1000 }, 'allocator was stalled; restarting the agent grace period');
      this.since = started;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.currentRevision(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      this.markUp();
    } catch (err) {
      this.markDown((err as Error).message);
    } finally {
      if (timer) clearTimeout(timer);
      this.lastTick = this.now();
    }
  }

  private markUp(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.since = this.now();
    this.error = undefined;
    this.log.info('store reachable again');
  }

  private markDown(error: string): void {
    this.error = error;
    if (!this.healthy) return;
    this.healthy = false;
    this.since = this.now();
    this.log.warn({ err: error }, 'store unreachable');
  }
}
