/**
 * Stored groups on the fake store, from Marathon's own examples
 * (docs/docs/application-groups.md, api/v2/examples/group.json, Marathon
 * 1.9's GroupValidationTest): group-level dependencies (absolute and
 * relative) order the plan; empty groups are stored and listed; enforceRole
 * is kept for top-level groups only; pods in a group are created with it;
 * DELETE takes every run spec and stored group below; GET shows the target
 * right after a change while the tasks follow the steps; a group reads back as
 * it was at a version; every change gives group_change_success, a locked
 * one group_change_failed.
 */
import { isMarinaError } from '../../../../../lib/errors';
import { startFakeCore, type FakeCore } from '../../../testing/fake-core';
import { captureEvents, type EventCapture } from '../../../testing/event-capture';
import { deploymentOf } from '../../../deploy/deployments/record';
import { groupRecords } from '../../../deploy/groups';
import { createGroup, deleteGroup, getGroup, getGroupAt, getGroupVersions, updateGroup } from './ops';

type Obj = Record<string, unknown>;
type Group = { id: string; apps: Array<{ id: string; instances: number; cmd?: string }>; pods: Array<{ id: string }>; groups: Group[]; dependencies: string[]; enforceRole: boolean; version?: string };

let f: FakeCore;
let events: EventCapture;
let seen: EventCapture['seen'];
beforeEach(async () => {
  f = await startFakeCore({ reconcileInterval: 3600 });
  await f.register('a1', '198.18.0.11');
  events = captureEvents(f.core.ctx.view);
  seen = events.seen;
});
afterEach(async () => {
  events.stop();
  await f.stop();
});

const view = () => f.core.ctx.view;
const get = async (id: string, embed?: string) => (await getGroup(f.core, id, embed)) as unknown as Group;
const app = (id: string, extra: Obj = {}) => ({ id, cmd: 'serve', instances: 1, ...extra });
const errorsOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  return isMarinaError(e) ? { code: e.code, message: e.message, details: e.details } : e;
};

// docs/docs/application-groups.md: the service group depends on the database group, in each of its three spellings
test.each(['/product/database', '../database', 'specific/../../database'])('application-groups.md: group dependency %s orders database before service', async (dep) => {
  const product = {
    id: '/product',
    groups: [
      { id: '/product/database', apps: [app('/product/database/mongo'), app('/product/database/mysql')] },
      { id: '/product/service', dependencies: [dep], apps: [app('/product/service/rails-app'), app('/product/service/play-app')] },
    ],
  };
  const dry = (await updateGroup(f.core, '/product', product, false, true)) as { steps: Array<{ actions: Array<{ action: string; app: string }> }> };
  expect(dry.steps.map((s) => s.actions.map((a) => `${a.action} ${a.app}`).sort())).toEqual([
    ['StartApplication /product/database/mongo', 'StartApplication /product/database/mysql', 'StartApplication /product/service/play-app', 'StartApplication /product/service/rails-app'],
    ['ScaleApplication /product/database/mongo', 'ScaleApplication /product/database/mysql'],
    ['ScaleApplication /product/service/play-app', 'ScaleApplication /product/service/rails-app'],
  ]);
  await createGroup(f.core, product, false);
  const g = await get('/product');
  expect(g.groups.map((x) => [x.id, x.dependencies, x.apps.length])).toEqual([
    ['/product/database', [], 2],
    ['/product/service', ['/product/database'], 2],
  ]);
  expect(g.dependencies).toEqual([]);
  // a later PUT of the service group without `dependencies` keeps them, and they still order its new apps
  await updateGroup(f.core, '/product/service', { apps: [app('rails-app'), app('play-app'), app('new-app')] }, true, false);
  expect((await get('/product/service')).dependencies).toEqual(['/product/database']);
  expect(view().apps.get('/product/service/new-app')!.dependencies).toEqual(['/product/database']);
});

// api/v2/examples/group.json: /tools/log is an empty group, listed with its siblings
test('group.json: an empty group is stored and listed with apps [], groups [], pods []; POST of it again is a 409', async () => {
  await createGroup(f.core, { id: '/tools', apps: [app('oauth-server')], groups: [{ id: '/tools/log' }, { id: '/tools/docker', apps: [app('registry')] }] }, false);
  const tools = await get('/tools');
  expect(tools.groups.map((x) => x.id)).toEqual(['/tools/docker', '/tools/log']);
  expect(tools.groups[1]).toEqual({ id: '/tools/log', apps: [], pods: [], groups: [], dependencies: [], version: expect.any(String), enforceRole: false });
  const empty = await createGroup(f.core, { id: '/empty' }, false);
  expect(await get('/empty')).toEqual({ id: '/empty', apps: [], pods: [], groups: [], dependencies: [], version: empty.version, enforceRole: false });
  expect(await getGroupVersions(f.core, '/empty')).toEqual([empty.version]);
  expect(await getGroupAt(f.core, '/empty', empty.version)).toMatchObject({ id: '/empty', apps: [], groups: [] });
  expect((await get('/')).groups.map((x) => x.id)).toEqual(['/empty', '/tools']);
  expect(await errorsOf(createGroup(f.core, { id: '/empty' }, false))).toMatchObject({ code: 'MARINA_ERR_CONFLICT', message: 'Group /empty is already created. Use PUT to change this group.' });
  // its deployment has no steps: done at once
  expect(deploymentOf(view(), empty.deploymentId)!.steps).toEqual([]);
  await f.core.deployments.pass();
  expect(deploymentOf(view(), empty.deploymentId)).toBeUndefined();
});

test('enforceRole (Marathon 1.9+): kept for a top-level group, default false, a 422 below the top level', async () => {
  await createGroup(f.core, { id: '/dev', enforceRole: true }, false);
  await createGroup(f.core, { id: '/prod' }, false);
  expect([(await get('/dev')).enforceRole, (await get('/prod')).enforceRole, (await get('/')).enforceRole]).toEqual([true, false, false]);
  // a PUT that does not name it keeps it
  await updateGroup(f.core, '/dev', { apps: [app('web')] }, true, false);
  expect((await get('/dev')).enforceRole).toBe(true);
  expect(await errorsOf(updateGroup(f.core, '/prod', { enforceRole: true, groups: [{ id: 'second', enforceRole: true }] }, true, false))).toMatchObject({
    code: 'MARINA_ERR_INVALID',
    details: [{ path: '/groups(0)/enforceRole', errors: ['enforceRole can only be set for top-level groups, and /prod/second is not top-level'] }],
  });
  expect(await errorsOf(createGroup(f.core, { id: '/x', enforceRole: 'yes' }, false))).toMatchObject({ details: [{ path: '/enforceRole', errors: ['expected a boolean'] }] });
});

test('pods in a group: created with it (ids relative to the group), listed as PodStatus, dropped when a PUT leaves them out', async () => {
  const pod = { id: 'sidecar', containers: [{ name: 'c1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 } }] };
  await createGroup(f.core, { id: '/pg', apps: [app('web')], pods: [pod] }, false);
  const g = await get('/pg');
  expect(g.apps.map((a) => a.id)).toEqual(['/pg/web']);
  expect(g.pods.map((p) => p.id)).toEqual(['/pg/sidecar']);
  expect((await get('/pg', 'group.apps')).pods).toBeUndefined();
  expect(await errorsOf(updateGroup(f.core, '/pg', { pods: [{ ...pod, containers: [] }] }, true, false))).toMatchObject({ code: 'MARINA_ERR_INVALID', details: [expect.objectContaining({ path: expect.stringMatching(/^\/pods\(0\)\/containers/) })] });
  // `apps` alone leaves the pods as they are; `pods: []` stops them
  await updateGroup(f.core, '/pg', { apps: [app('web', { instances: 2 })] }, true, false);
  expect((await get('/pg')).pods.map((p) => p.id)).toEqual(['/pg/sidecar']);
  await updateGroup(f.core, '/pg', { pods: [] }, true, false);
  expect(view().apps.has('/pg/sidecar')).toBe(false);
});

test('DELETE takes every run spec and every stored group below, in one deployment', async () => {
  await createGroup(f.core, { id: '/t', groups: [{ id: 'a', groups: [{ id: 'deep' }] }, { id: 'b', apps: [app('x')] }] }, false);
  expect([...groupRecords(view()).keys()].sort()).toEqual(['/t', '/t/a', '/t/a/deep', '/t/b']);
  const d = await deleteGroup(f.core, '/t', true);
  expect(deploymentOf(view(), d.deploymentId)!.steps).toEqual([{ actions: [{ action: 'StopApplication', app: '/t/b/x' }] }]);
  expect([...groupRecords(view()).keys()]).toEqual([]);
  expect(await errorsOf(get('/t/a'))).toMatchObject({ code: 'MARINA_ERR_NOT_FOUND', message: "Group '/t/a' does not exist" });
  // a PUT with `groups` drops the stored sub-groups it no longer names
  await createGroup(f.core, { id: '/u', groups: [{ id: 'keep' }, { id: 'drop' }] }, false);
  await updateGroup(f.core, '/u', { groups: [{ id: 'keep' }] }, true, false);
  expect((await get('/u')).groups.map((x) => x.id)).toEqual(['/u/keep']);
});

test('GET /v2/groups/{id}/versions/{version}: the group as it was then; an unknown version is a 404', async () => {
  await createGroup(f.core, { id: '/v', apps: [app('web')] }, false);
  const v1 = (await getGroupVersions(f.core, '/v'))[0]!;
  await new Promise((r) => setTimeout(r, 5));
  await updateGroup(f.core, '/v', { apps: [app('web', { cmd: 'serve v2' }), app('api')] }, true, false);
  const then = (await getGroupAt(f.core, '/v', v1)) as unknown as Group;
  expect(then.apps.map((a) => [a.id, a.cmd])).toEqual([['/v/web', 'serve']]);
  expect((await getGroupVersions(f.core, '/v')).length).toBeGreaterThanOrEqual(2);
  expect(await errorsOf(getGroupAt(f.core, '/v', '1999-01-01T00:00:00.000Z'))).toMatchObject({ code: 'MARINA_ERR_NOT_FOUND', message: "Group '/v' does not exist in version 1999-01-01T00:00:00.000Z" });
});

test('group_change_success follows every stored change (its group, its version); a locked change gives group_change_failed with the reason', async () => {
  const created = await createGroup(f.core, { id: '/shop', apps: [app('web', { instances: 2 })] }, false);
  await new Promise((r) => setImmediate(r));
  const success = seen.filter((e) => e.eventType === 'group_change_success');
  expect(success).toEqual([{ groupId: '/shop', version: created.version, eventType: 'group_change_success', timestamp: expect.any(String) }]);
  const locked = await errorsOf(updateGroup(f.core, '/shop', { scaleBy: 2 }, false, false));
  expect(locked).toMatchObject({ code: 'MARINA_ERR_APP_LOCKED' });
  await new Promise((r) => setTimeout(r, 20));
  expect(seen.filter((e) => e.eventType === 'group_change_failed')).toEqual([
    { groupId: '/shop', version: expect.any(String), reason: (locked as { message: string }).message, eventType: 'group_change_failed', timestamp: expect.any(String) },
  ]);
  // bad input fails before any change: no event
  await errorsOf(updateGroup(f.core, '/shop', { apps: 'x' }, false, false));
  await new Promise((r) => setTimeout(r, 20));
  expect(seen.filter((e) => e.eventType === 'group_change_failed')).toHaveLength(1);
});

test('GET shows the target right after a PUT or DELETE (Marathon replaces the root group at once); the tasks follow the steps', async () => {
  const shop = { id: '/s', apps: [app('web', { dependencies: ['/s/db'] }), app('db')] };
  await createGroup(f.core, shop, false);
  // web is defined at once, but launches only once db runs and is ready (its scale step)
  expect((await get('/s')).apps.map((a) => [a.id, a.instances])).toEqual([['/s/db', 1], ['/s/web', 1]]);
  const asked = (id: string) => view().tasksOf(id).filter((t) => t.desired === 'run');
  expect([asked('/s/db').length, asked('/s/web').length]).toEqual([1, 0]);
  for (const t of asked('/s/db')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  await f.core.deployments.pass();
  for (const t of asked('/s/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  await f.core.deployments.pass();
  expect([asked('/s/db').length, asked('/s/web').length]).toEqual([1, 1]);
  // scaleBy: both counts at once; db (level 0) scales first, web waits for db's step to be done
  await updateGroup(f.core, '/s', { scaleBy: 2 }, false, false);
  expect((await get('/s')).apps.map((a) => [a.id, a.instances])).toEqual([['/s/db', 2], ['/s/web', 2]]);
  expect([asked('/s/db').length, asked('/s/web').length]).toEqual([2, 1]);
  for (const t of asked('/s/db')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  await f.core.deployments.pass();
  expect([asked('/s/db').length, asked('/s/web').length]).toEqual([2, 2]);
  for (const t of asked('/s/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  await f.core.deployments.pass();
  // DELETE: the group and its apps are gone at once; db's tasks stop only after web's are gone
  const d = await deleteGroup(f.core, '/s', false);
  expect(await errorsOf(get('/s'))).toMatchObject({ code: 'MARINA_ERR_NOT_FOUND' });
  expect([view().apps.has('/s/db'), view().apps.has('/s/web')]).toEqual([false, false]);
  expect([asked('/s/db').length, asked('/s/web').length]).toEqual([2, 0]);
  for (const t of view().tasksOf('/s/web')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await f.core.deployments.pass();
  expect(asked('/s/db')).toHaveLength(0);
  for (const t of view().tasksOf('/s/db')) await f.core.lifecycle.report('a1', { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await f.core.deployments.pass();
  expect(deploymentOf(view(), d.deploymentId)).toBeUndefined();
});
