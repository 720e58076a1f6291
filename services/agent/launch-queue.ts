/**
 * The launch queue: at most `concurrency` task launches at once, the rest
 * wait in order. A launch queued before stop() starts nothing (its skip
 * callback runs instead); drained() resolves once every started launch is
 * done, so nothing is left half-wired when the agent stops.
 */
export class LaunchQueue {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;
  /** Launches completed (successfully or not) since start. */
  completed = 0;

  constructor(private readonly concurrency: number) {}

  /** Run launch when a slot is free; after stop() only skip runs. Errors go to onError. */
  add(launch: () => Promise<void>, skip: () => void, onError: (err: unknown) => void): void {
    const go = async () => {
      if (this.stopped) {
        skip();
        this.next();
        return;
      }
      this.active++;
      try {
        await launch();
        this.completed++;
      } finally {
        this.active--;
        this.next();
      }
    };
    const tracked = () => {
      const p = go().catch(onError);
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    };
    if (this.active < this.concurrency) tracked();
    else this.waiting.push(tracked);
  }

  /** Start nothing new; what is queued drains through skip. */
  stop(): void {
    this.stopped = true;
  }

  /** Resolves when no launch is running or queued. */
  async drained(): Promise<void> {
    while (this.inflight.size > 0) await Promise.all([...this.inflight]);
  }

  private next(): void {
    this.waiting.shift()?.();
  }
}
