import { Registry } from 'prom-client';
import type { Task } from '../model/cluster';
import { ProgrammingLatency, programmingHistogram, servingChanged } from './programming-latency';

const task = (over: Partial<Task> = {}): Task => ({
  id: 't1', appId: '/web', appVersion: 'v', agentId: 'a', host: '198.18.2.1', networkMode: 'host', ports: [], ipAddresses: [], vips: [], env: {},
  state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '2026-01-01T00:00:00Z', version: 'v', ...over,
});

async function count(registry: Registry): Promise<{ count: number; sum: number }> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === 'marina_x_programming_duration_seconds')!;
  const v = (m as unknown as { values: Array<{ metricName: string; value: number }> }).values;
  return { count: v.find((x) => x.metricName.endsWith('_count'))!.value, sum: v.find((x) => x.metricName.endsWith('_sum'))!.value };
}

describe('ProgrammingLatency', () => {
  it('observes each serving change once, when its revision is programmed, from servingChangedAt', async () => {
    const registry = new Registry();
    let now = Date.parse('2026-01-01T00:00:01.000Z');
    const l = new ProgrammingLatency(programmingHistogram('marina_x_programming_duration_seconds', 'x', registry), () => now);
    const staged = task({ ready: false });
    const ready = task({ servingChangedAt: '2026-01-01T00:00:00.750Z' });
    l.noteTask(staged, ready, 10);
    l.noteTask(ready, ready, 10); // the same put again (a replayed batch: the mirror holds it already)
    l.noteTask(ready, { ...ready, healthCheckResults: [] }, 11); // no serving change
    const stopping = task({ desired: 'stop', ready: false, servingChangedAt: '2026-01-01T00:00:00.900Z' });
    l.noteTask(ready, stopping, 12);
    expect(l.waiting).toBe(2);
    l.programmed(11);
    expect(await count(registry)).toEqual({ count: 1, sum: 0.25 });
    now += 100;
    l.programmed(12);
    l.programmed(12);
    const c = await count(registry);
    expect(c.count).toBe(2);
    expect(c.sum).toBeCloseTo(0.25 + 0.2, 6);
  });

  it('ignores changes without a timestamp, not relevant to the component, or not changing whether the task is served', () => {
    const l = new ProgrammingLatency(programmingHistogram('marina_x_programming_duration_seconds', 'x', new Registry()));
    l.noteTask(undefined, task(), 1); // no servingChangedAt (an older allocator)
    l.noteTask(undefined, task({ servingChangedAt: 'garbage' }), 1);
    l.noteTask(undefined, task({ servingChangedAt: new Date().toISOString() }), 1, false);
    l.noteTask(undefined, task({ ready: false, servingChangedAt: new Date().toISOString() }), 1);
    expect(l.waiting).toBe(0);
    expect(servingChanged(undefined, task())).toBe(true);
    expect(servingChanged(task(), task({ state: 'TASK_KILLED' }))).toBe(true);
    expect(servingChanged(task({ ready: false }), task({ desired: 'stop' }))).toBe(false);
  });

  it('holds at most 10,000 changes waiting (the oldest go)', () => {
    const l = new ProgrammingLatency(programmingHistogram('marina_x_programming_duration_seconds', 'x', new Registry()));
    for (let i = 0; i < 10_050; i++) l.noteTask(undefined, task({ id: `t${i}`, servingChangedAt: new Date(i).toISOString() }), i);
    expect(l.waiting).toBe(10_000);
  });
});
