/**
 * The deployer and launcher on the fake store: instances are placed with
 * every allocation in the store, concurrent writers (another replica winning
 * a key, a slow store, a failing store) never cause a double allocation or an
 * overshoot of `instances`, and scale-down stops tasks before releasing them.
 */
import { parseAppDefinition } from '../../../lib/validation';
import { isMarinaError } from '../../../lib/errors';
import { startFakeCore, type FakeCore } from '../testing/fake-core';
import { liveTasks } from './tasks';
import { K } from '../state/keys';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore();
  await f.register('a1', '198.18.0.11', [{ begin: 31000, end: 31009 }]);
  await f.register('a2', '198.18.0.12', [{ begin: 31000, end: 31009 }]);
});
afterEach(() => f.stop());

const app = (over: Record<string, unknown> = {}) => parseAppDefinition({ id: '/web', cmd: 'serve', instances: 4, portDefinitions: [{ port: 0 }], ...over });

/** Every host port key in the store, by owner task; fails on a port held twice. */
async function portOwners(): Promise<Map<string, string>> {
  const prefix = `${f.core.ctx.settings.prefix}/alloc/ports/`;
  const owners = new Map<string, string>();
  for (const kv of (await f.store.range(prefix)).kvs) owners.set(kv.key.slice(prefix.length), (JSON.parse(kv.value) as { taskId: string }).taskId);
  return owners;
}

test('create places every instance with its host port in the store, spread over the agents', async () => {
  await f.core.deployer.create(app());
  const tasks = liveTasks(f.core.ctx.view, '/web');
  expect(tasks).toHaveLength(4);
  expect(new Set(tasks.map((t) => t.agentId))).toEqual(new Set(['a1', 'a2']));
  const owners = await portOwners();
  for (const t of tasks) expect(owners.get(`${t.agentId}/${t.ports[0]!.hostPort}`)).toBe(t.id);
  expect(owners.size).toBe(4);
});

test('another replica taking a planned port between plan and commit: the launch re-plans, no port is held twice', async () => {
  // just before the create's txn, "another replica" takes every port 31000-31004 on both agents
  f.store.beforeNextTxn(async () => {
    const ops = [];
    for (const a of ['a1', 'a2']) for (let p = 31000; p <= 31004; p++) ops.push({ type: 'put' as const, key: `${f.core.ctx.settings.prefix}/${K.port(a, p, 'tcp')}`, value: JSON.stringify({ kind: 'port', appId: '/other', taskId: `other.${a}.${p}` }) });
    await f.store.txn({ compares: [], success: ops });
  });
  await f.core.deployer.create(app());
  const tasks = liveTasks(f.core.ctx.view, '/web');
  expect(tasks).toHaveLength(4);
  for (const t of tasks) expect(t.ports[0]!.hostPort).toBeGreaterThanOrEqual(31005);
  const owners = await portOwners();
  expect(owners.size).toBe(10 + 4);
});

test('concurrent scale-ups never overshoot instances', async () => {
  await f.core.deployer.create(app({ instances: 1 }));
  f.store.delayTxns(5);
  await Promise.all([f.core.deployer.scale('/web', 6), f.core.deployer.scale('/web', 6), f.core.deployer.scale('/web', 6)]);
  expect(liveTasks(f.core.ctx.view, '/web')).toHaveLength(6);
  expect((await portOwners()).size).toBe(6);
});

test('a store failure during create leaves nothing behind and says the store is unavailable', async () => {
  f.store.failNext('txn');
  let err: unknown;
  await f.core.deployer.create(app()).catch((e) => (err = e));
  expect(isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE')).toBe(true);
  expect(f.core.ctx.view.apps.has('/web')).toBe(false);
  expect((await portOwners()).size).toBe(0);
  expect(f.core.ctx.reserved.has(K.app('/web'))).toBe(false);
  // and the same create then succeeds
  await f.core.deployer.create(app());
  expect(liveTasks(f.core.ctx.view, '/web')).toHaveLength(4);
});

test('scale-down marks the victims desired stop and not ready (drain), keeping their allocations until released', async () => {
  await f.core.deployer.create(app());
  await f.core.deployer.scale('/web', 1);
  const all = f.core.ctx.view.tasksOf('/web');
  const stopping = all.filter((t) => t.desired === 'stop');
  expect(stopping).toHaveLength(3);
  for (const t of stopping) expect(t.ready).toBe(false);
  expect((await portOwners()).size).toBe(4);
  for (const t of stopping) await f.core.lifecycle.report(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  expect(f.core.ctx.view.tasksOf('/web')).toHaveLength(1);
  expect((await portOwners()).size).toBe(1);
});

test('a create that cannot place every instance (a fixed host port, 3 instances, 2 agents) is refused whole: 409, nothing stored', async () => {
  const res = await f.core.deployer.create(parseAppDefinition({ id: '/fixed', cmd: 'x', instances: 3, requirePorts: true, portDefinitions: [{ port: 31009 }] })).catch((e: Error) => e);
  expect(isMarinaError(res, 'MARINA_ERR_PORT_EXHAUSTED')).toBe(true);
  expect((res as Error).message).toMatch(/host ports 31009 for app \/fixed are taken on every eligible agent/);
  expect(f.core.ctx.view.apps.has('/fixed')).toBe(false);
  expect(liveTasks(f.core.ctx.view, '/fixed')).toEqual([]);
  expect((await portOwners()).size).toBe(0);
});
