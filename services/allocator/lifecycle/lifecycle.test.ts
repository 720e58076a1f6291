/**
 * Lifecycle on the fake store with a manual lease clock: status reports,
 * release exactly once, the reconciler's grace period, and lost agents'
 * tasks marked, replaced and released (idempotent when a pass is repeated).
 */
import { parseAppDefinition } from '../../../lib/validation';
import { isMarinaError } from '../../../lib/errors';
import { FakeStore } from '../../../lib/store/testing/fake-store';
import { startFakeCore, type FakeCore } from '../testing/fake-core';
import { liveTasks } from '../deploy/tasks';
import { reclaimLostTasks } from './lost';

let now = 1_900_000_000_000;
let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 }, new FakeStore({ now: () => now, sweep: false }));
  await f.register('a1', '198.18.0.11');
  await f.register('a2', '198.18.0.12');
  await f.core.deployer.create(parseAppDefinition({ id: '/web', cmd: 'serve', instances: 4, portDefinitions: [{ port: 0 }] }));
});
afterEach(() => f.stop());

const tasksOn = (agentId: string) => f.core.ctx.view.tasksOf('/web').filter((t) => t.agentId === agentId);
const settle = async () => f.core.ctx.view.waitFor(await f.store.currentRevision());

describe('status reports', () => {
  test('RUNNING and ready is recorded; a report for a task of another agent is refused and changes nothing', async () => {
    const [t] = tasksOn('a1');
    await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_RUNNING', ready: true });
    expect(f.core.ctx.view.tasks.get(t!.id)).toMatchObject({ state: 'TASK_RUNNING', ready: true });
    let err: unknown;
    await f.core.lifecycle.report('a2', { taskId: t!.id, state: 'TASK_KILLED', ready: false }).catch((e) => (err = e));
    expect(isMarinaError(err, 'MARINA_ERR_NOT_FOUND')).toBe(true);
    expect(f.core.ctx.view.tasks.get(t!.id)).toMatchObject({ state: 'TASK_RUNNING' });
  });

  test('an unknown state names the field', async () => {
    const [t] = tasksOn('a1');
    await expect(f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_BOGUS' as never, ready: false })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID' });
  });

  test('a terminal report releases the task and its allocations once; a repeat is a no-op (idempotent)', async () => {
    const [t] = tasksOn('a1');
    const ports = async () => (await f.store.range(`${f.core.ctx.settings.prefix}/alloc/ports/`)).kvs.length;
    expect(await ports()).toBe(4);
    await f.core.lifecycle.report('a1', { taskId: t!.id, state: 'TASK_FAILED', ready: false });
    expect(f.core.ctx.view.tasks.has(t!.id)).toBe(false);
    expect(await ports()).toBe(3);
    expect(await f.core.lifecycle.release(t!)).toBe(false);
  });
});

describe('lost agents', () => {
  async function expireA1() {
    now += 6_000;
    await f.core.agents.keepAlive('a2');
    now += 6_000;
    f.store.advance(0); // a1's lease (10 s) is past due; a2 was refreshed 6 s ago
    await settle();
    expect(f.core.ctx.view.agents.has('a1')).toBe(false);
    expect(f.core.ctx.view.agents.has('a2')).toBe(true);
  }

  test('the reconciler does not judge a missing agent before its grace period', async () => {
    const onA1 = tasksOn('a1').map((t) => t.id);
    await expireA1();
    expect(f.core.liveness.mayJudge()).toBe(false); // just elected: the grace period runs on the real clock
    await f.core.reconciler.run();
    for (const id of onA1) expect(f.core.ctx.view.tasks.get(id)).toMatchObject({ agentId: 'a1', desired: 'run' });
  });

  test('reclaim marks the dead agent\'s tasks lost, replaces them on live agents, releases them; a second pass does nothing more', async () => {
    const onA1 = tasksOn('a1').map((t) => t.id);
    expect(onA1.length).toBeGreaterThan(0);
    await expireA1();
    await reclaimLostTasks(f.core.ctx, f.core.deployer, f.core.lifecycle, new Set(['a1']));
    await settle();
    for (const id of onA1) expect(f.core.ctx.view.tasks.has(id)).toBe(false);
    const live = liveTasks(f.core.ctx.view, '/web');
    expect(live).toHaveLength(4);
    expect(live.every((t) => t.agentId === 'a2')).toBe(true);
    const txns = f.store.txns.length;
    await reclaimLostTasks(f.core.ctx, f.core.deployer, f.core.lifecycle, new Set(['a1']));
    expect(f.store.txns.length).toBe(txns);
  });

  test('a reclaim pass interrupted by a store failure resumes where it stopped', async () => {
    const onA1 = tasksOn('a1').map((t) => t.id);
    await expireA1();
    f.store.failNext('txn', new Error('etcdserver: request timed out'), 1);
    await reclaimLostTasks(f.core.ctx, f.core.deployer, f.core.lifecycle, new Set(['a1'])).catch(() => undefined);
    await reclaimLostTasks(f.core.ctx, f.core.deployer, f.core.lifecycle, new Set(['a1']));
    await settle();
    for (const id of onA1) expect(f.core.ctx.view.tasks.has(id)).toBe(false);
    expect(liveTasks(f.core.ctx.view, '/web')).toHaveLength(4);
  });

  test('an agent that re-registers under its id keeps its tasks and its bridge subnet', async () => {
    const before = f.core.ctx.view.agents.get('a1')!.bridgeCidr;
    const onA1 = tasksOn('a1').map((t) => t.id);
    await expireA1();
    await f.register('a1', '198.18.0.11');
    await settle();
    expect(f.core.ctx.view.agents.get('a1')!.bridgeCidr).toBe(before);
    await reclaimLostTasks(f.core.ctx, f.core.deployer, f.core.lifecycle, new Set(['a1']));
    expect(tasksOn('a1').map((t) => t.id).sort()).toEqual(onA1.sort());
  });
});
