/**
 * /v2/groups as Marathon clients ship several apps at once, over real HTTP
 * against a real allocator (embedded store; agents report over gRPC): a
 * group of three dependent apps deploys in dependency order (each app's
 * tasks launch only once what it depends on runs and is ready) as one
 * deployment; the tree reads back with its embeds; a dry run shows the
 * plan and changes nothing; POST of an existing group is a 409; scaleBy;
 * DELETE stops every app of the group.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(120_000);

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Task = { id: string; slaveId: string; state: string; stagedAt: string };

let h: Harness;
let agents: GrpcAgentApi;
beforeAll(async () => {
  h = await startHarness({ reconcileInterval: 0.2 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  for (let i = 1; i <= 2; i++) await agents.registerAgent({ id: `gr-${i}`, hostname: `gr-${i}`, ip: `198.18.0.${80 + i}` });
});
afterAll(async () => {
  agents.close();
  await h.stop();
});

const tasksOf = async (id: string): Promise<Task[]> => ((await h.req('GET', `/v2/apps${id}/tasks`)).body.tasks ?? []) as Task[];
async function runAll(id: string): Promise<void> {
  for (const t of await tasksOf(id)) if (t.state !== 'TASK_RUNNING') await agents.reportTaskStatus(t.slaveId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
}

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

test('the tree reads back with embeds; versions; scaleBy; DELETE stops every app', async () => {
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
  expect(await instances()).toEqual([3, 2, 3]);
  const locked = await h.req('DELETE', '/v2/groups/shop');
  expect([locked.status, locked.body.deployments]).toEqual([409, [{ id: scaled.body.deploymentId }]]);
  const del = await h.req('DELETE', '/v2/groups/shop?force=true');
  expect(del.status).toBe(200);
  expect((await h.req('GET', '/v2/groups/shop')).status).toBe(404);
  const [stop] = (await h.req('GET', '/v2/deployments')).body;
  // dependents stop before what they depend on
  expect(stop.steps).toEqual([
    { actions: [{ action: 'StopApplication', app: '/shop/web' }] },
    { actions: [{ action: 'StopApplication', app: '/shop/api' }] },
    { actions: [{ action: 'StopApplication', app: '/shop/db' }] },
  ]);
});
