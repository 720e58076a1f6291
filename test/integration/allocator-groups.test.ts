/**
 * /v2/groups as Marathon clients ship several apps at once, over real HTTP
 * against a real allocator (embedded store; agents report over gRPC): a
 * group of three dependent apps deploys in dependency order (each app's
 * tasks launch only once what it depends on runs and is ready) as one
 * deployment; the tree reads back with its embeds; a dry run shows the
 * plan and changes nothing; POST of an existing group is a 409; scaleBy;
 * GET shows the target right after a change (Marathon's root group) while
 * the tasks follow the steps: a config change restarts level by level;
 * DELETE stops the tasks of every app of the group, dependents first, one
 * step after the other; empty groups,
 * enforceRole, pods in a group, the group at a version, and the
 * group_change_success / group_change_failed events on /v2/events.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { followEvents, type StreamedEvent } from '../../lib/client/event-stream';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(120_000);

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Task = { id: string; slaveId: string; state: string; stagedAt: string; version: string };

let h: Harness;
let agents: GrpcAgentApi;
let beat: NodeJS.Timeout;
beforeAll(async () => {
  h = await startHarness({ reconcileInterval: 0.2 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  for (let i = 1; i <= 2; i++) await agents.registerAgent({ id: `gr-${i}`, hostname: `gr-${i}`, ip: `198.18.0.${80 + i}` });
  // the agents stay alive however long a test runs (else their tasks are reclaimed as lost)
  beat = setInterval(() => {
    for (let i = 1; i <= 2; i++) agents.keepAlive(`gr-${i}`).catch(() => undefined);
  }, 1000);
});
afterAll(async () => {
  clearInterval(beat);
  agents.close();
  await h.stop();
});

const tasksOf = async (id: string): Promise<Task[]> => ((await h.req('GET', `/v2/apps${id}/tasks`)).body.tasks ?? []) as Task[];
const exists = async (path: string) => (await h.req('GET', path)).status === 200;
async function runAll(id: string): Promise<void> {
  for (const t of await tasksOf(id)) if (t.state !== 'TASK_RUNNING') await agents.reportTaskStatus(t.slaveId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
}
/** Marina's own task objects (/v1/tasks): what each task is asked to do and which config it runs. */
type RawTask = { id: string; appId: string; agentId: string; state: string; desired: string; appVersion?: string };
// (all of them: a deleted app's tasks outlive it until its stop step)
const rawTasksOf = async (id: string): Promise<RawTask[]> => (((await h.req('GET', '/v1/tasks')).body.tasks ?? []) as RawTask[]).filter((t) => t.appId === id);
/** As the agents would: the tasks asked to stop end (/v2/tasks still lists a deleted app's while they stop). */
async function endKilled(id: string): Promise<void> {
  for (const t of await rawTasksOf(id)) if (t.desired === 'stop' && t.state !== 'TASK_KILLED') await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
}
/** Tasks asked to run. */
const running = async (id: string) => (await rawTasksOf(id)).filter((t) => t.desired === 'run').length;
const stateOf = async () => (((await h.req('GET', '/v2/tasks')).body.tasks ?? []) as Array<Task & { appId: string }>).map((t) => `${t.appId} ${t.state}`).sort();

const shop = {
  id: '/shop',
  apps: [
    { id: 'web', cmd: 'serve web', instances: 2, dependencies: ['api'] },
    { id: 'api', cmd: 'serve api', instances: 2, dependencies: ['db'] },
    { id: 'db', cmd: 'serve db', instances: 1 },
  ],
};

test('three dependent apps deploy in dependency order as one deployment', async () => {
  const dry = await h.req('PUT', '/v2/groups/shop?dryRun=true', shop);
  expect(dry.status).toBe(200);
  expect(dry.body.steps.slice(1)).toEqual([
    { actions: [{ action: 'ScaleApplication', app: '/shop/db' }] },
    { actions: [{ action: 'ScaleApplication', app: '/shop/api' }] },
    { actions: [{ action: 'ScaleApplication', app: '/shop/web' }] },
  ]);
  expect((await h.req('GET', '/v2/groups/shop')).status).toBe(404); // the dry run changed nothing

  const created = await h.req('POST', '/v2/groups', shop);
  expect(created.status).toBe(201);
  expect(Object.keys(created.body).sort()).toEqual(['deploymentId', 'version']);
  expect(created.headers.get('marathon-deployment-id')).toBe(created.body.deploymentId);
  const [d] = (await h.req('GET', '/v2/deployments')).body;
  expect(d).toMatchObject({ id: created.body.deploymentId, affectedApps: ['/shop/web', '/shop/api', '/shop/db'], totalSteps: 4 });

  // every app is defined at once (Marathon's root group), each with the deployment
  const listed = ((await h.req('GET', '/v2/apps?embed=apps.deployments')).body.apps as Array<{ id: string; instances: number; deployments: Array<{ id: string }> }>).filter((a) => a.id.startsWith('/shop/'));
  expect(listed.map((a) => [a.id, a.instances, a.deployments])).toEqual(
    ['/shop/api', '/shop/db', '/shop/web'].map((id) => [id, id === '/shop/db' ? 1 : 2, [{ id: created.body.deploymentId }]]),
  );
  // only db launches; api waits for it (the queue says why), web for api
  expect((await tasksOf('/shop/db')).length).toBe(1);
  expect((await tasksOf('/shop/api')).length).toBe(0);
  const queue = (await h.req('GET', '/v2/queue')).body.queue as Array<{ app: { id: string }; processedOffersSummary: { rejectSummaryLastOffers: Array<{ reason: string }> } }>;
  expect(JSON.stringify(queue.find((q) => q.app.id === '/shop/api'))).toContain('waiting for its dependency /shop/db');
  await runAll('/shop/db');
  await until('api launched', async () => (await tasksOf('/shop/api')).length === 2);
  expect((await tasksOf('/shop/web')).length).toBe(0);
  await runAll('/shop/api');
  await until('web launched', async () => (await tasksOf('/shop/web')).length === 2);
  await runAll('/shop/web');
  await until('the group deployed', async () => (await h.req('GET', '/v2/deployments')).body.length === 0);
  const staged = async (id: string) => (await tasksOf(id)).map((t) => t.stagedAt).sort();
  expect((await staged('/shop/db'))[0]! < (await staged('/shop/api'))[0]!).toBe(true);
  expect((await staged('/shop/api'))[1]! < (await staged('/shop/web'))[0]!).toBe(true);

  const dup = await h.req('POST', '/v2/groups', shop);
  expect([dup.status, dup.body.message]).toEqual([409, 'Group /shop is already created. Use PUT to change this group.']);
});

test('the tree reads back with embeds; versions; scaleBy; restarts and DELETE go level by level', async () => {
  const root = (await h.req('GET', '/v2/groups')).body;
  expect(root.groups.map((g: { id: string }) => g.id)).toEqual(['/shop']);
  const group = (await h.req('GET', '/v2/groups/shop?embed=group.apps&embed=group.apps.counts')).body;
  expect(group.apps.map((a: { id: string; tasksRunning: number; dependencies: string[] }) => [a.id, a.tasksRunning, a.dependencies])).toEqual([
    ['/shop/api', 2, ['/shop/db']],
    ['/shop/db', 1, []],
    ['/shop/web', 2, ['/shop/api']],
  ]);
  expect((await h.req('GET', '/v2/groups/shop/versions')).body.length).toBeGreaterThan(0);

  const scaled = await h.req('PUT', '/v2/groups/shop', { scaleBy: 1.5 });
  expect(scaled.status).toBe(200);
  const instances = async () => ((await h.req('GET', '/v2/groups/shop')).body.apps as Array<{ id: string; instances: number }>).map((a) => a.instances);
  // the target at once (Marathon's root group); the instances step by step: db (what the others depend on) first, then api, then web
  expect(await instances()).toEqual([3, 2, 3]);
  expect([await running('/shop/db'), await running('/shop/api'), await running('/shop/web')]).toEqual([2, 2, 2]);
  await until('scaled', async () => {
    for (const id of ['/shop/db', '/shop/api', '/shop/web']) await runAll(id);
    return (await h.req('GET', '/v2/deployments')).body.length === 0;
  });
  expect(await instances()).toEqual([3, 2, 3]);
  // a config change of every app: restarted level by level (db, then api, then web)
  const v2 = { ...shop, apps: shop.apps.map((a) => ({ ...a, cmd: `${a.cmd} v2`, instances: 1 })) };
  const restart = await h.req('PUT', '/v2/groups/shop', v2);
  expect(restart.status).toBe(200);
  const defs = async () => Promise.all(['/shop/db', '/shop/api', '/shop/web'].map(async (id) => (await h.req('GET', `/v2/apps${id}`)).body.app as { cmd: string; versionInfo: { lastConfigChangeAt: string } }));
  // every definition is the target at once; the tasks of the new config launch level by level
  expect((await defs()).map((a) => a.cmd)).toEqual(['serve db v2', 'serve api v2', 'serve web v2']);
  const cmds = async () =>
    Promise.all(
      (await defs()).map(async (a, i) => {
        const id = ['/shop/db', '/shop/api', '/shop/web'][i]!;
        const fresh = (await rawTasksOf(id)).some((t) => t.desired === 'run' && t.appVersion === a.versionInfo.lastConfigChangeAt);
        return fresh ? a.cmd : a.cmd.replace(/ v2$/, '');
      }),
    );
  expect(await cmds()).toEqual(['serve db v2', 'serve api', 'serve web']);
  const locked = await h.req('DELETE', '/v2/groups/shop');
  expect([locked.status, locked.body.deployments]).toEqual([409, [{ id: restart.body.deploymentId }]]);
  await until('db restarted, then api', async () => {
    await Promise.all(['/shop/db', '/shop/api', '/shop/web'].map(async (id) => (await runAll(id), await endKilled(id))));
    return (await cmds())[1] === 'serve api v2';
  });
  expect((await cmds())[2]).toBe('serve web');
  await until('the restart done', async () => {
    await Promise.all(['/shop/db', '/shop/api', '/shop/web'].map(async (id) => (await runAll(id), await endKilled(id))));
    return (await h.req('GET', '/v2/deployments')).body.length === 0;
  });
  expect(await cmds()).toEqual(['serve db v2', 'serve api v2', 'serve web v2']);

  const del = await h.req('DELETE', '/v2/groups/shop');
  expect(del.status).toBe(200);
  const [stop] = (await h.req('GET', '/v2/deployments')).body;
  // dependents stop before what they depend on, one step after the other
  expect(stop.steps).toEqual([
    { actions: [{ action: 'StopApplication', app: '/shop/web' }] },
    { actions: [{ action: 'StopApplication', app: '/shop/api' }] },
    { actions: [{ action: 'StopApplication', app: '/shop/db' }] },
  ]);
  // the apps and the group are gone at once (Marathon's root group); their tasks stop step by step
  expect([await exists('/v2/apps/shop/web'), await exists('/v2/apps/shop/api'), await exists('/v2/apps/shop/db')]).toEqual([false, false, false]);
  expect((await h.req('GET', '/v2/groups/shop')).status).toBe(404);
  expect(((await h.req('GET', '/v2/apps')).body.apps as Array<{ id: string }>).filter((a) => a.id.startsWith('/shop/'))).toEqual([]);
  expect((await stateOf()).filter((x) => x.startsWith('/shop/web')).length).toBeGreaterThan(0);
  expect([await running('/shop/web'), await running('/shop/api'), await running('/shop/db')]).toEqual([0, 1, 1]);
  await endKilled('/shop/web');
  await until('api stopped after web', async () => (await running('/shop/api')) === 0);
  expect(await running('/shop/db')).toBe(1);
  await endKilled('/shop/api');
  await until('db stopped after api', async () => (await running('/shop/db')) === 0);
  await endKilled('/shop/db');
  await until('the stop deployment done', async () => (await h.req('GET', '/v2/deployments')).body.length === 0);
});

test('empty groups, enforceRole, pods in a group, the group at a version; group_change_success / group_change_failed on /v2/events', async () => {
  const events: StreamedEvent[] = [];
  const stop = new AbortController();
  const done = followEvents(new AllocatorHttpClient(h.base, { token: h.token }), (e) => events.push(e), { signal: stop.signal, types: ['group_change_success', 'group_change_failed'] });
  try {
    const empty = await h.req('POST', '/v2/groups', { id: '/empty' });
    expect(empty.status).toBe(201);
    const got = await h.req('GET', '/v2/groups/empty');
    expect(got.body).toEqual({ id: '/empty', apps: [], pods: [], groups: [], dependencies: [], version: empty.body.version, enforceRole: false });
    expect((await h.req('GET', '/v2/groups')).body.groups.map((g: { id: string }) => g.id)).toContain('/empty');
    await until('group_change_success', async () => events.some((e) => e.groupId === '/empty'));
    expect(events.find((e) => e.groupId === '/empty')).toEqual({ groupId: '/empty', version: empty.body.version, eventType: 'group_change_success', timestamp: expect.any(String) });

    expect((await h.req('POST', '/v2/groups', { id: '/dev', enforceRole: true })).status).toBe(201);
    expect((await h.req('GET', '/v2/groups/dev')).body.enforceRole).toBe(true);
    const nested = await h.req('PUT', '/v2/groups/dev', { groups: [{ id: 'inner', enforceRole: true }] });
    expect([nested.status, nested.body.details]).toEqual([422, [{ path: '/groups(0)/enforceRole', errors: ['enforceRole can only be set for top-level groups, and /dev/inner is not top-level'] }]]);

    const pod = { id: 'sidecar', containers: [{ name: 'c1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 } }] };
    const pg = await h.req('POST', '/v2/groups', { id: '/pg', apps: [{ id: 'web', cmd: 'serve', instances: 1 }], pods: [pod] });
    expect(pg.status).toBe(201);
    const pgGroup = (await h.req('GET', '/v2/groups/pg')).body;
    expect([pgGroup.apps.map((a: { id: string }) => a.id), pgGroup.pods.map((p: { id: string }) => p.id)]).toEqual([['/pg/web'], ['/pg/sidecar']]);
    expect((await h.req('GET', '/v2/pods/pg/sidecar')).status).toBe(200);

    // the group at a version: the app as it was then
    const v1 = ((await h.req('GET', '/v2/groups/pg/versions')).body as string[])[0]!;
    await new Promise((r) => setTimeout(r, 5));
    expect((await h.req('PUT', '/v2/groups/pg?force=true', { apps: [{ id: 'web', cmd: 'serve v2', instances: 1 }] })).status).toBe(200);
    const then = await h.req('GET', `/v2/groups/pg/versions/${v1}`);
    expect([then.status, then.body.id, then.body.apps.map((a: { cmd: string }) => a.cmd)]).toEqual([200, '/pg', ['serve']]);
    const unknown = await h.req('GET', '/v2/groups/pg/versions/1999-01-01T00:00:00.000Z');
    expect([unknown.status, unknown.body.message]).toEqual([404, "Group '/pg' does not exist in version 1999-01-01T00:00:00.000Z"]);

    // a locked change: 409 and group_change_failed with the reason
    const lockedPut = await h.req('PUT', '/v2/groups/pg', { apps: [{ id: 'web', cmd: 'serve v3', instances: 1 }] });
    expect(lockedPut.status).toBe(409);
    await until('group_change_failed', async () => events.some((e) => e.eventType === 'group_change_failed'));
    expect(events.find((e) => e.eventType === 'group_change_failed')).toEqual({ groupId: '/pg', version: expect.any(String), reason: lockedPut.body.message, eventType: 'group_change_failed', timestamp: expect.any(String) });

    // DELETE of a group with stored sub-groups and a pod: everything below goes
    expect((await h.req('POST', '/v2/groups', { id: '/deep', groups: [{ id: 'a', groups: [{ id: 'b' }] }] })).status).toBe(201);
    expect((await h.req('DELETE', '/v2/groups/deep')).status).toBe(200);
    expect((await h.req('GET', '/v2/groups/deep/a/b')).status).toBe(404);
    expect((await h.req('DELETE', '/v2/groups/pg?force=true')).status).toBe(200);
    await until('the pod gone', async () => {
      await endKilled('/pg/sidecar');
      await endKilled('/pg/web');
      return (await h.req('GET', '/v2/groups/pg')).status === 404;
    });
  } finally {
    stop.abort();
    await done;
  }
});
