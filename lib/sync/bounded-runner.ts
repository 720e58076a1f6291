/**
 * BoundedRunner (kube-proxy bounded_frequency_runner.go): run() asks for a
 * sync; syncs never run closer than minMs apart (a burst of changes costs one
 * apply), at least every maxMs (periodic resync), and retryAfter(ms) schedules
 * an earlier attempt after a failure. Never two syncs at once. The clock is
 * injected so tests need not sleep.
 */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface RunnerOptions {
  /** Minimum interval between two syncs. */
  minMs: number;
  /** Maximum interval: a sync runs at least this often (0 = never on its own). */
  maxMs: number;
  clock?: Clock;
}

export class BoundedRunner {
  private readonly clock: Clock;
  private lastRun = -Infinity;
  private timer: unknown;
  private timerAt = Infinity;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;

  constructor(private readonly fn: () => Promise<void>, private readonly opts: RunnerOptions) {
    this.clock = opts.clock ?? realClock;
  }

  /** Start the periodic loop (first sync as soon as run() is called or maxMs passes). */
  start(): void {
    this.stopped = false;
    if (this.opts.maxMs > 0) this.schedule(this.opts.maxMs);
  }

  /** Request a sync: now if minMs has passed, else at lastRun + minMs. */
  run(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pending = true;
      return;
    }
    const wait = Math.max(0, this.lastRun + this.opts.minMs - this.clock.now());
    this.schedule(wait);
  }

  /** After a failure: try again in ms (sooner than maxMs). */
  retryAfter(ms: number): void {
    if (!this.stopped) this.schedule(Math.max(ms, 0));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Resolves when the sync in progress (if any) is done. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    const at = this.clock.now() + ms;
    if (this.timer !== undefined && this.timerAt <= at) return; // an earlier run is already due
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), ms);
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopped) return;
    this.lastRun = this.clock.now();
    this.running = this.fn()
      .catch(() => undefined) // the sync function reports and calls retryAfter itself
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.pending) {
          this.pending = false;
          this.run();
        } else if (this.opts.maxMs > 0) this.schedule(this.opts.maxMs);
      });
  }
}
