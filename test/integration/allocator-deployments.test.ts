/**
 * Deployments as Marathon clients see them, over real HTTP against a real
 * allocator (embedded store; agents report over gRPC): an SSE reader follows
 * a create from api_post_event to deployment_success while the app names its
 * deployment; a change while one is in flight is a 409 naming it unless
 * forced (the forced change cancels it: deployment_failed); reverting an
 * in-flight rolling upgrade puts the old version back and keeps its tasks;
 * deployments survive an allocator restart.
 */
import { rmSync } from 'node:fs';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { followEvents, type StreamedEvent } from '../../lib/client/event-stream';
import { AllocatorHttpClient } from '../../lib/client/http-client';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(120_000);

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function follow(h: Harness) {
  const events: StreamedEvent[] = [];
  const stop = new AbortController();
  const done = followEvents(new AllocatorHttpClient(h.base, { token: h.token }), (e) => events.push(e), { signal: stop.signal });
  return { events, stop: async () => { stop.abort(); await done; } };
}

type Task = { id: string; slaveId: string; state: string; version: string };

let h: Harness;
let agents: GrpcAgentApi;
beforeEach(async () => {
  h = await startHarness({ reconcileInterval: 0.3 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  for (let i = 1; i <= 2; i++) await agents.registerAgent({ id: `dp-${i}`, hostname: `dp-${i}`, ip: `198.18.0.${70 + i}` });
});
/** Data dirs of harnesses restarted on a kept dir (their stop leaves the dir). */
const keptDirs: string[] = [];
afterEach(async () => {
  agents.close();
  await h.stop();
  for (const d of keptDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const tasksOf = async (id: string): Promise<Task[]> => (await h.req('GET', `/v2/apps${id}/tasks`)).body.tasks;
/** Every staged task of the app reports running and ready, as its agent would. */
async function runStaged(id: string): Promise<void> {
  for (const t of await tasksOf(id)) if (t.state === 'TASK_STAGING') await agents.reportTaskStatus(t.slaveId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
}
const deployments = async (): Promise<Array<{ id: string; affectedApps: string[] }>> => (await h.req('GET', '/v2/deployments')).body;

test('an SSE reader follows a create from api_post_event to deployment_success; the app names its deployment meanwhile', async () => {
  const f = follow(h);
  await until('attached', () => f.events.some((e) => e.eventType === 'event_stream_attached'));
  const created = await h.req('POST', '/v2/apps', { id: '/shop/web', cmd: 'sleep 100', instances: 2 });
  expect(created.status).toBe(201);
  const id = created.headers.get('marathon-deployment-id')!;
  expect(created.body.deployments).toEqual([{ id }]);
  expect((await h.req('GET', '/v2/apps/shop/web')).body.app.deployments).toEqual([{ id }]);
  expect((await deployments()).map((d) => d.id)).toEqual([id]);
  await runStaged('/shop/web');
  await until('deployment_success', () => f.events.some((e) => e.eventType === 'deployment_success'));
  await f.stop();
  expect(await deployments()).toEqual([]);
  expect((await h.req('GET', '/v2/apps/shop/web')).body.app.deployments).toEqual([]);

  const order = f.events.map((e) => e.eventType).filter((t) => t !== 'instance_changed_event');
  expect(order).toEqual([
    'event_stream_attached',
    'api_post_event',
    'deployment_info', // step 1: StartApplication
    'group_change_success', // the change of /shop was stored
    'status_update_event',
    'status_update_event',
    'deployment_step_success',
    'deployment_info', // step 2: ScaleApplication
    'status_update_event',
    'status_update_event',
    'deployment_step_success',
    'deployment_success',
  ]);
  const info = f.events.find((e) => e.eventType === 'deployment_info')!;
  expect(info).toMatchObject({ plan: { id, steps: [{ actions: [{ action: 'StartApplication', app: '/shop/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/shop/web' }] }], original: { id: '/', apps: [] }, target: { id: '/', apps: [{ id: '/shop/web' }] } }, currentStep: { actions: [{ action: 'StartApplication', app: '/shop/web' }] } });
  expect(f.events.find((e) => e.eventType === 'deployment_success')).toMatchObject({ id, plan: { id } });
  expect(f.events.find((e) => e.eventType === 'group_change_success')).toEqual({ groupId: '/shop', version: created.body.version, eventType: 'group_change_success', timestamp: expect.any(String) });
});

test('plan-format=light leaves original and target out of deployment events', async () => {
  const res = await fetch(`${h.base}/v2/events?plan-format=light&event_type=deployment_info`, { headers: { authorization: `Bearer ${h.token}`, accept: 'text/event-stream' } });
  const reader = res.body!.getReader();
  await reader.read(); // the attach comment
  expect((await h.req('POST', '/v2/apps', { id: '/light', cmd: 'sleep 100', instances: 1 })).status).toBe(201);
  let text = '';
  while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
  await reader.cancel();
  const event = JSON.parse(/data: (.*)\n/.exec(text)![1]!);
  expect(event.eventType).toBe('deployment_info');
  expect(Object.keys(event.plan).sort()).toEqual(['id', 'steps', 'version']);
});

test('a change while a deployment is in flight is a 409 naming it; ?force=true cancels it (deployment_failed) and applies the change', async () => {
  const f = follow(h);
  await until('attached', () => f.events.some((e) => e.eventType === 'event_stream_attached'));
  const first = (await h.req('POST', '/v2/apps', { id: '/shop/db', cmd: 'sleep 100', instances: 1 })).headers.get('marathon-deployment-id')!;
  for (const [method, path, body] of [['PUT', '/v2/apps/shop/db', { instances: 2 }], ['PUT', '/v2/apps/shop/db', { cmd: 'sleep 200' }], ['DELETE', '/v2/apps/shop/db', undefined], ['POST', '/v2/apps/shop/db/restart', undefined]] as const) {
    const locked = await h.req(method, path, body);
    expect([method, path, locked.status]).toEqual([method, path, 409]);
    expect(locked.body).toMatchObject({ message: "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.", deployments: [{ id: first }] });
  }
  const forced = await h.req('PUT', '/v2/apps/shop/db?force=true', { instances: 2 });
  expect(forced.status).toBe(200);
  expect(forced.headers.get('marathon-deployment-id')).toBe(forced.body.deploymentId);
  expect((await deployments()).map((d) => d.id)).toEqual([forced.body.deploymentId]);
  await until('deployment_failed', () => f.events.some((e) => e.eventType === 'deployment_failed'));
  await f.stop();
  expect(f.events.find((e) => e.eventType === 'deployment_failed')).toMatchObject({ id: first });
  expect((await h.req('DELETE', `/v2/deployments/${first}`)).status).toBe(404);
});

test('reverting an in-flight rolling upgrade restores the old version; its tasks stay, the new ones stop', async () => {
  expect((await h.req('POST', '/v2/apps', { id: '/shop/api', cmd: 'serve v1', instances: 2, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0.5 } })).status).toBe(201);
  await runStaged('/shop/api');
  await until('the create deployed', async () => (await deployments()).length === 0);
  const v1 = (await h.req('GET', '/v2/apps/shop/api')).body.app;
  const oldTasks = (await tasksOf('/shop/api')).map((t) => t.id).sort();

  const upgrade = await h.req('PUT', '/v2/apps/shop/api', { cmd: 'serve v2' });
  expect(upgrade.status).toBe(200);
  const list = await deployments();
  expect(list).toMatchObject([{ id: upgrade.body.deploymentId, affectedApps: ['/shop/api'], steps: [{ actions: [{ action: 'RestartApplication', app: '/shop/api' }] }] }]);
  const fresh = (await tasksOf('/shop/api')).filter((t) => !oldTasks.includes(t.id));
  expect(fresh).toHaveLength(1); // one v2 task beside the two v1 ones (maximumOverCapacity 0.5)

  const revert = await h.req('DELETE', `/v2/deployments/${upgrade.body.deploymentId}`);
  expect(revert.status).toBe(200);
  expect(Object.keys(revert.body).sort()).toEqual(['deploymentId', 'version']);
  const app = (await h.req('GET', '/v2/apps/shop/api')).body.app;
  expect(app.cmd).toBe('serve v1');
  expect(app.versionInfo.lastConfigChangeAt).toBe(v1.versionInfo.lastConfigChangeAt);
  // the v1 tasks serve the old version again: the revert is done at once; the v2 task is stopped
  await until('the revert deployed', async () => (await deployments()).length === 0);
  const stopping = await (async () => {
    const tasks = await h.req('GET', '/v1/tasks?app=/shop/api');
    return (tasks.body.tasks as Array<{ id: string; desired: string; agentId: string }>).filter((t) => t.desired === 'stop');
  })();
  expect(stopping.map((t) => t.id)).toEqual(fresh.map((t) => t.id));
  for (const t of stopping) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  expect((await tasksOf('/shop/api')).map((t) => t.id).sort()).toEqual(oldTasks);

  // force: only cancelled (202, no body); the app stays as the cancelled change left it
  const scale = await h.req('PUT', '/v2/apps/shop/api', { instances: 4 });
  const cancel = await fetch(`${h.base}/v2/deployments/${scale.body.deploymentId}?force=true`, { method: 'DELETE', headers: { authorization: `Bearer ${h.token}` } });
  expect([cancel.status, await cancel.text()]).toEqual([202, '']);
  expect(await deployments()).toEqual([]);
  expect((await h.req('GET', '/v2/apps/shop/api')).body.app.instances).toBe(4);
  expect((await h.req('DELETE', '/v2/deployments/no-such-plan')).body).toMatchObject({ message: 'DeploymentPlan no-such-plan does not exist' });
});

test('a deployment in flight survives an allocator restart (it lives in the store)', async () => {
  const created = await h.req('POST', '/v2/apps', { id: '/keep', cmd: 'sleep 100', instances: 1 });
  const id = created.headers.get('marathon-deployment-id');
  const dir = h.dataDir;
  keptDirs.push(dir);
  agents.close();
  await h.svc.stop();
  h = await startHarness({ reconcileInterval: 0.3 }, dir);
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  expect((await deployments()).map((d) => d.id)).toEqual([id]);
  expect((await h.req('GET', '/v2/apps/keep')).body.app.deployments).toEqual([{ id }]);
});
