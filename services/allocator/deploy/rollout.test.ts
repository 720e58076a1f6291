import type { AppDefinition } from '../../../lib/model/app';
import type { Task } from '../../../lib/model/cluster';
import { rolloutBounds, rolloutStep, type StoredApp } from './rollout';

const app = (instances: number, m: number, o: number): AppDefinition =>
  ({ id: '/a', instances, upgradeStrategy: { minimumHealthCapacity: m, maximumOverCapacity: o }, versionInfo: { lastConfigChangeAt: 'v2', lastScalingAt: 'v2' } }) as StoredApp;

let seq = 0;
const task = (version: string, serving: boolean): Task =>
  ({ id: `t${seq++}`, appVersion: version, state: serving ? 'TASK_RUNNING' : 'TASK_STAGING', ready: serving, desired: 'run', stagedAt: String(seq).padStart(4, '0') }) as Task;

/** Simulate a rollout: launched tasks become serving one step later; returns the max wanted and min serving seen. */
function simulate(a: AppDefinition, steps = 50): { maxLive: number; minServing: number; done: boolean } {
  let live = Array.from({ length: a.instances }, () => task('v1', true));
  let maxLive = live.length;
  let minServing = live.length;
  for (let i = 0; i < steps; i++) {
    // tasks launched last step are ready now
    live = live.map((t) => (t.appVersion === 'v2' && !t.ready ? { ...t, state: 'TASK_RUNNING', ready: true } : t));
    const s = rolloutStep(a, live);
    live = live.filter((t) => !s.stop.includes(t));
    minServing = Math.min(minServing, live.filter((t) => t.ready).length);
    live.push(...Array.from({ length: s.launch }, () => task('v2', false)));
    maxLive = Math.max(maxLive, live.length);
    if (live.every((t) => t.appVersion === 'v2' && t.ready) && live.length === a.instances) return { maxLive, minServing, done: true };
  }
  return { maxLive, minServing, done: false };
}

test.each([
  [4, 1, 1, 4, 8],
  [4, 0.5, 0, 2, 4],
  [4, 1, 0, 4, 5],
  [3, 0.5, 0.5, 2, 4],
  [5, 0, 0, 0, 5],
  [2, 1, 0.5, 2, 3],
])('instances %i, minimumHealthCapacity %f, maximumOverCapacity %f: serving >= %i, wanted <= %i, completes', (n, m, o, minServing, maxWanted) => {
  const a = app(n, m, o);
  expect(rolloutBounds(a)).toEqual({ minServing, maxWanted });
  const r = simulate(a);
  expect(r.done).toBe(true);
  expect(r.minServing).toBeGreaterThanOrEqual(minServing);
  expect(r.maxLive).toBeLessThanOrEqual(maxWanted);
});

test('defaults (1, 1): start every new instance, then stop old ones only once new ones serve', () => {
  const a = app(2, 1, 1);
  const old = [task('v1', true), task('v1', true)];
  expect(rolloutStep(a, old)).toEqual({ launch: 2, stop: [] });
  const starting = [...old, task('v2', false), task('v2', false)];
  expect(rolloutStep(a, starting)).toEqual({ launch: 0, stop: [] });
  const oneReady = [...old, task('v2', true), task('v2', false)];
  expect(rolloutStep(a, oneReady).stop).toEqual([old[0]]);
});

test('old tasks that do not serve are stopped at once', () => {
  const a = app(2, 1, 0);
  const broken = task('v1', false);
  const s = rolloutStep(a, [broken, task('v1', true)]);
  expect(s.stop).toEqual([broken]);
});
