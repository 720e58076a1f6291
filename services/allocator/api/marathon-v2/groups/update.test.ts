/**
 * Group changes on the fake store: a tree of apps with dependencies is one
 * deployment whose steps follow the dependencies; every definition is the
 * target at once, while each app launches only once what it depends on runs
 * and is ready and its tasks stop or roll only when its step comes; a PUT
 * that leaves an app out stops it; a rollback or a restart mid-way keeps
 * the tasks whose step has not come; scaleBy scales every app; bad trees
 * are 422s naming the field.
 */
import { isMarinaError } from '../../../../../lib/errors';
import { startFakeCore, type FakeCore } from '../../../testing/fake-core';
import { applyChanges, previewRecord } from '../../../deploy/deployments/apply';
import { deploymentsOf } from '../../../deploy/deployments/record';
import { liveTasks } from '../../../deploy/tasks';
import { isOld } from '../../../deploy/rollout';
import { collectGarbage } from '../../../lifecycle/gc';
import { groupChanges } from './update';
import { revertDeployment } from '../../../deploy/deployments/revert';

let f: FakeCore;
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
});
afterEach(() => f.stop());

const view = () => f.core.ctx.view;
const tree = {
  id: '/shop',
  apps: [
    { id: 'web', cmd: 'serve', instances: 1, dependencies: ['api'] },
    { id: 'api', cmd: 'serve', instances: 1, dependencies: ['/shop/db'] },
    { id: '/shop/db', cmd: 'serve', instances: 1 },
  ],
};
async function runAll(appId: string): Promise<void> {
  for (const t of liveTasks(view(), appId)) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
}
/** As agents and the leader would, a few rounds: tasks to stop end, every app converges and runs, the tracker makes the next step. */
async function settle(): Promise<void> {
  for (let round = 0; round < 10 && deploymentsOf(view()).length > 0; round++) {
    for (const t of [...view().tasks.values()]) {
      if (t.desired === 'stop') await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
    }
    for (const id of [...view().apps.keys()]) {
      await f.core.deployer.converge(id);
      await runAll(id);
    }
    await f.core.deployments.pass();
  }
}

test('dependencies order the plan and the launches: db, then api, then web', async () => {
  const g = groupChanges(f.core.ctx, undefined, tree);
  expect(previewRecord(g.changes).steps).toEqual([
    { actions: [{ action: 'StartApplication', app: '/shop/web' }, { action: 'StartApplication', app: '/shop/api' }, { action: 'StartApplication', app: '/shop/db' }] },
    { actions: [{ action: 'ScaleApplication', app: '/shop/db' }] },
    { actions: [{ action: 'ScaleApplication', app: '/shop/api' }] },
    { actions: [{ action: 'ScaleApplication', app: '/shop/web' }] },
  ]);
  const res = await applyChanges(f.core, g.changes, { force: false });
  expect(deploymentsOf(view()).map((d) => d.id)).toEqual([res.deploymentId]);
  const counts = () => ['/shop/db', '/shop/api', '/shop/web'].map((id) => liveTasks(view(), id).length);
  expect(counts()).toEqual([1, 0, 0]);
  await runAll('/shop/db');
  await f.core.deployer.converge('/shop/api');
  await f.core.deployer.converge('/shop/web');
  expect(counts()).toEqual([1, 1, 0]);
  await runAll('/shop/api');
  await f.core.deployer.converge('/shop/web');
  expect(counts()).toEqual([1, 1, 1]);
  await runAll('/shop/web');
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);
});

test('a PUT leaving an app out stops it, dependents first, level by level; scaleBy scales every app; a second change while deploying is locked', async () => {
  await applyChanges(f.core, groupChanges(f.core.ctx, undefined, tree).changes, { force: false });
  const locked = await applyChanges(f.core, groupChanges(f.core.ctx, '/shop', { scaleBy: 2 }).changes, { force: false }).catch((e: unknown) => e);
  expect(isMarinaError(locked, 'MARINA_ERR_APP_LOCKED')).toBe(true);
  const scaled = groupChanges(f.core.ctx, '/shop', { scaleBy: 2 });
  expect(scaled.changes.map((c) => [c.kind, c.after!.instances])).toEqual([['scale', 2], ['scale', 2], ['scale', 2]]);
  await settle();
  const shrink = groupChanges(f.core.ctx, '/shop', { apps: [{ id: 'db', cmd: 'serve', instances: 1 }] });
  // db is unchanged (no change at all); api and web are left out: stopped
  expect(shrink.changes.map((c) => `${c.kind} ${(c.after ?? c.before)!.id}`).sort()).toEqual(['stop /shop/api', 'stop /shop/web']);
  expect(liveTasks(view(), '/shop/web')).toHaveLength(1);
  const d = await applyChanges(f.core, shrink.changes, { force: false });
  expect(deploymentsOf(view()).find((x) => x.id === d.deploymentId)!.steps).toEqual([
    { actions: [{ action: 'StopApplication', app: '/shop/web' }] },
    { actions: [{ action: 'StopApplication', app: '/shop/api' }] },
  ]);
  // the target at once (Marathon's root group): both apps are gone from the definitions
  expect([...view().apps.keys()].sort()).toEqual(['/shop/db']);
  // step 1 only: web's tasks stop; api's keep running until web's last task is gone
  const asked = (id: string) => view().tasksOf(id).filter((t) => t.desired === 'run').length;
  expect([asked('/shop/web'), asked('/shop/api')]).toEqual([0, 1]);
  await f.core.deployments.pass();
  await collectGarbage(f.core.ctx, false); // the orphan collector leaves api's tasks to their step
  expect([asked('/shop/web'), asked('/shop/api')]).toEqual([0, 1]);
  for (const t of view().tasksOf('/shop/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await f.core.deployments.pass();
  expect(asked('/shop/api')).toBe(0);
  for (const t of view().tasksOf('/shop/api')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await f.core.deployments.pass();
  expect(deploymentsOf(view())).toEqual([]);
});

test('restarts go level by level: what others depend on is restarted (and done) before its dependents', async () => {
  await applyChanges(f.core, groupChanges(f.core.ctx, undefined, tree).changes, { force: false });
  await settle();
  expect(deploymentsOf(view())).toEqual([]);
  const v2 = { ...tree, apps: tree.apps.map((a) => ({ ...a, cmd: 'serve v2' })) };
  const d = await applyChanges(f.core, groupChanges(f.core.ctx, '/shop', v2).changes, { force: false });
  // every definition is the target at once; the tasks are replaced level by level
  expect(['/shop/db', '/shop/api', '/shop/web'].map((id) => view().apps.get(id)!.cmd)).toEqual(['serve v2', 'serve v2', 'serve v2']);
  const cmds = () => ['/shop/db', '/shop/api', '/shop/web'].map((id) => (liveTasks(view(), id).some((t) => !isOld(view().apps.get(id)!, t)) ? 'serve v2' : 'serve'));
  expect(cmds()).toEqual(['serve v2', 'serve', 'serve']);
  expect(deploymentsOf(view())[0]!.steps.map((s) => s.actions.map((a) => `${a.action} ${a.app}`))).toEqual([['RestartApplication /shop/db'], ['RestartApplication /shop/api'], ['RestartApplication /shop/web']]);
  // db's new task runs: step 2 (api) is made, web still waits
  for (const id of ['/shop/db']) {
    await f.core.deployer.converge(id);
    await runAll(id);
  }
  await f.core.deployments.pass();
  expect(cmds()).toEqual(['serve v2', 'serve v2', 'serve']);
  await settle();
  expect(cmds()).toEqual(['serve v2', 'serve v2', 'serve v2']);
  expect(deploymentsOf(view()).map((x) => x.id)).not.toContain(d.deploymentId);
});

test('levels are the longest dependency path through every app, changed or not (Marathon\'s runSpecsGroupedByLongestPath)', async () => {
  await applyChanges(f.core, groupChanges(f.core.ctx, undefined, tree).changes, { force: false });
  await settle();
  // db and web change, api (between them) does not: still two steps, db first
  const body = { ...tree, apps: tree.apps.map((a) => (a.id === 'api' ? a : { ...a, cmd: 'serve v2' })) };
  const g = groupChanges(f.core.ctx, '/shop', body);
  expect(previewRecord(g.changes, view().apps.values()).steps).toEqual([
    { actions: [{ action: 'RestartApplication', app: '/shop/db' }] },
    { actions: [{ action: 'RestartApplication', app: '/shop/web' }] },
  ]);
  // without the unchanged apps the two would share a step
  expect(previewRecord(g.changes).steps).toHaveLength(1);
});

test('bad trees: an app outside its group, a dependency cycle, an unknown field', () => {
  const err = (body: unknown) => {
    try {
      const g = groupChanges(f.core.ctx, undefined, body);
      previewRecord(g.changes);
    } catch (e) {
      return isMarinaError(e) ? e.details : e;
    }
    return undefined;
  };
  expect(err({ id: '/g', apps: [{ id: '/other/x', cmd: 'x' }] })).toEqual([{ path: '/apps(0)/id', errors: ['identifier /other/x is not child of /g. Hint: use relative paths.'] }]);
  expect(err({ id: '/g', apps: [{ id: 'a', cmd: 'x', dependencies: ['b'] }, { id: 'b', cmd: 'x', dependencies: ['a'] }] })).toEqual([{ path: '/', errors: [expect.stringContaining('cyclic dependencies')] }]);
  expect(err({ id: '/g', colour: 'red' })).toEqual([{ path: '/colour', errors: ['unknown field'] }]);
  expect(err({ id: '/g', apps: [{ id: 'a', cmd: 'x', instances: -1 }] })).toEqual([{ path: '/apps(0)/instances', errors: [expect.any(String)] }]);
});

test('PUT {version} puts every app of the group back as it was at that version; an unknown version is a 404', async () => {
  await applyChanges(f.core, groupChanges(f.core.ctx, undefined, tree).changes, { force: false });
  const v1 = view().apps.get('/shop/db')!.version!;
  await new Promise((r) => setTimeout(r, 5));
  await applyChanges(f.core, groupChanges(f.core.ctx, '/shop', { scaleBy: 3 }).changes, { force: true });
  await settle();
  expect(view().apps.get('/shop/web')!.instances).toBe(3);
  const back = groupChanges(f.core.ctx, '/shop', { version: v1 });
  expect(back.changes.map((c) => [c.kind, c.after!.id, c.after!.instances])).toEqual([['scale', '/shop/api', 1], ['scale', '/shop/db', 1], ['scale', '/shop/web', 1]]);
  await applyChanges(f.core, back.changes, { force: true });
  await settle();
  expect(view().apps.get('/shop/web')!.instances).toBe(1);
  expect(() => groupChanges(f.core.ctx, '/shop', { version: '1999-01-01T00:00:00.000Z' })).toThrow("Group '/shop' does not exist in version 1999-01-01T00:00:00.000Z");
});

const ids = ['/shop/db', '/shop/api', '/shop/web'];
const taskIds = (id: string) => liveTasks(view(), id).map((t) => t.id).sort();
/** The tree deployed and settled: each app's task ids. */
async function deployedTasks(): Promise<Record<string, string[]>> {
  await applyChanges(f.core, groupChanges(f.core.ctx, undefined, tree).changes, { force: false });
  await settle();
  return Object.fromEntries(ids.map((id) => [id, taskIds(id)]));
}

test('a rollback mid-way (DELETE /v2/deployments/{id}) puts every definition back at once; the apps whose step never came keep their tasks', async () => {
  const before = await deployedTasks();
  const v2 = { ...tree, apps: tree.apps.map((a) => ({ ...a, cmd: 'serve v2' })) };
  const d = await applyChanges(f.core, groupChanges(f.core.ctx, '/shop', v2).changes, { force: false });
  expect(ids.map((id) => view().apps.get(id)!.cmd)).toEqual(['serve v2', 'serve v2', 'serve v2']);
  const back = await revertDeployment(f.core, d.deploymentId, false);
  expect(ids.map((id) => view().apps.get(id)!.cmd)).toEqual(['serve', 'serve', 'serve']);
  expect(deploymentsOf(view()).map((x) => x.id)).toEqual([back!.deploymentId]);
  await settle();
  expect(deploymentsOf(view())).toEqual([]);
  // api and web never ran v2 and are back at their own config version: the same tasks
  expect([taskIds('/shop/api'), taskIds('/shop/web')]).toEqual([before['/shop/api'], before['/shop/web']]);
  expect(liveTasks(view(), '/shop/db').every((t) => !isOld(view().apps.get('/shop/db')!, t))).toBe(true);
});

test('a rollback of a group delete mid-way brings the apps back with their config versions: the tasks still running stay', async () => {
  const before = await deployedTasks();
  const d = await applyChanges(f.core, [...view().apps.values()].map((a) => ({ kind: 'stop' as const, before: a, after: null })), { force: false });
  expect([...view().apps.keys()]).toEqual([]);
  // web's step: its task stops; db and api still run theirs
  expect([taskIds('/shop/db'), taskIds('/shop/api')]).toEqual([before['/shop/db'], before['/shop/api']]);
  await revertDeployment(f.core, d.deploymentId, false);
  expect([...view().apps.keys()].sort()).toEqual(['/shop/api', '/shop/db', '/shop/web']);
  await settle();
  expect(deploymentsOf(view())).toEqual([]);
  expect([taskIds('/shop/db'), taskIds('/shop/api')]).toEqual([before['/shop/db'], before['/shop/api']]);
  expect(taskIds('/shop/web')).toHaveLength(1);
});

test('a restart mid-way: the new allocator keeps the held tasks until their step, then makes it', async () => {
  const before = await deployedTasks();
  await applyChanges(f.core, [...view().apps.values()].map((a) => ({ kind: 'stop' as const, before: a, after: null })), { force: false });
  await f.core.stop();
  f = await startFakeCore({ reconcileInterval: 3600 }, f.store);
  await f.core.deployments.pass();
  await collectGarbage(f.core.ctx, false);
  expect([taskIds('/shop/db'), taskIds('/shop/api'), taskIds('/shop/web')]).toEqual([before['/shop/db'], before['/shop/api'], []]);
  await settle();
  expect(deploymentsOf(view())).toEqual([]);
  expect(view().tasks.size).toBe(0);
});
