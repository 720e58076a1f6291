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

test('a create that cannot place every instance (a fixed host port, 3 instances, 2 agents) stores the app and what fits; the rest waits, no port twice', async () => {
  await f.core.deployer.create(parseAppDefinition({ id: '/fixed', cmd: 'x', instances: 3, requirePorts: true, portDefinitions: [{ port: 31009 }] }));
  expect(f.core.ctx.view.apps.get('/fixed')?.instances).toBe(3);
  expect(liveTasks(f.core.ctx.view, '/fixed').map((t) => t.agentId).sort()).toEqual(['a1', 'a2']);
  expect([...(await portOwners()).keys()].sort()).toEqual(['a1/31009', 'a2/31009']);
});

test('a create no agent could ever take is refused with nothing stored: a fixed host port outside every range (422), an unmeetable constraint (409)', async () => {
  const outside = await f.core.deployer.create(parseAppDefinition({ id: '/out', cmd: 'x', requirePorts: true, portDefinitions: [{ port: 32000 }] })).catch((e: Error) => e);
  expect(isMarinaError(outside, 'MARINA_ERR_INVALID')).toBe(true);
  const never = await f.core.deployer.create(parseAppDefinition({ id: '/never', cmd: 'x', constraints: [['hostname', 'LIKE', 'nowhere']] })).catch((e: Error) => e);
  expect(isMarinaError(never, 'MARINA_ERR_NO_AGENT')).toBe(true);
  expect([f.core.ctx.view.apps.has('/out'), f.core.ctx.view.apps.has('/never')]).toEqual([false, false]);
  expect((await portOwners()).size).toBe(0);
});
