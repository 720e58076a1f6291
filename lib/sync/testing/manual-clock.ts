import type { Clock } from '../bounded-runner';

/**
 * A Clock for tests: time moves only on advance(), which fires due timers in
 * order and lets the promise callbacks they start settle after each one
 * (`settleTicks` rounds of setImmediate), so runner tests need not sleep.
 */
export class ManualClock implements Clock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private next = 1;

  constructor(private readonly settleTicks = 5) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }

  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }

  /** Move time forward by ms, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
      for (let i = 0; i < this.settleTicks; i++) await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}
