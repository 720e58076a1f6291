import { BoundedRunner } from './bounded-runner';
import { ManualClock } from './testing/manual-clock';

describe('BoundedRunner', () => {
  it('coalesces a burst into one sync and respects minMs', async () => {
    const clock = new ManualClock(1);
    let runs = 0;
    const r = new BoundedRunner(async () => void runs++, { minMs: 100, maxMs: 0, clock });
    r.start();
    for (let i = 0; i < 50; i++) r.run();
    await clock.advance(0);
    expect(runs).toBe(1);
    for (let i = 0; i < 50; i++) r.run();
    await clock.advance(50);
    expect(runs).toBe(1);
    await clock.advance(60);
    expect(runs).toBe(2);
  });

  it('runs periodically every maxMs and retryAfter schedules an early attempt', async () => {
    const clock = new ManualClock(1);
    let runs = 0;
    const r = new BoundedRunner(async () => void runs++, { minMs: 10, maxMs: 1000, clock });
    r.start();
    await clock.advance(999);
    expect(runs).toBe(0);
    await clock.advance(1);
    expect(runs).toBe(1);
    r.retryAfter(200);
    await clock.advance(200);
    expect(runs).toBe(2);
    r.stop();
    await clock.advance(5000);
    expect(runs).toBe(2);
  });

  it('never runs two syncs at once and reruns once after a request during a sync', async () => {
    const clock = new ManualClock(1);
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const r = new BoundedRunner(
      () => {
        runs++;
        active++;
        maxActive = Math.max(maxActive, active);
        return new Promise<void>((res) => (release = () => (active--, res())));
      },
      { minMs: 0, maxMs: 0, clock },
    );
    r.run();
    await clock.advance(0);
    r.run();
    r.run();
    await clock.advance(10);
    expect(runs).toBe(1);
    release();
    await new Promise((res) => setImmediate(res));
    await clock.advance(0);
    expect(runs).toBe(2);
    release();
    expect(maxActive).toBe(1);
  });
});
