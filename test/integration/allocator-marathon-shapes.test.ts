/**
 * Every /v2 object Marina returns, walked against Marathon's RAML types
 * (test/fixtures/marathon-v2/raml-fields.ts): no unknown field, every
 * required field present, types right. Also: each `embed` form on the list
 * and single-app endpoints, Marina's own task fields only with
 * embed=apps.marina (and on /v1/tasks), an empty JSON body on DELETE and on
 * body-less POSTs. Real allocator (in-process, embedded store) over HTTP,
 * agents registered over gRPC.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';
import { checkShape } from '../fixtures/marathon-v2/raml-fields';

let h: Harness;
let agents: GrpcAgentApi;

beforeAll(async () => {
  h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
  agents = await registerAgents(h, 2);
  const web = { id: '/shapes/web', cmd: 'sleep 1000', instances: 2, cpus: 0.1, mem: 32, portDefinitions: [{ port: 0, name: 'http', labels: { VIP_0: '/shapes/web:80' } }], healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0 }] };
  const bridge = { id: '/shapes/br', cmd: 'sleep 1000', networks: [{ mode: 'container/bridge' }], container: { type: 'DOCKER', docker: { image: 'busybox' }, portMappings: [{ containerPort: 80, hostPort: 0, name: 'http' }] } };
  for (const app of [web, bridge]) expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  // one task runs (startedAt, health results), one fails (lastTaskFailure)
  const tasks = (await h.req('GET', '/v1/tasks?app=/shapes/web')).body.tasks;
  await agents.reportTaskStatus(tasks[0].agentId, {
    taskId: tasks[0].id, state: 'TASK_RUNNING', ready: true,
    healthCheckResults: [{ alive: true, consecutiveFailures: 0, firstSuccess: new Date().toISOString(), lastSuccess: new Date().toISOString(), instanceId: tasks[0].id }],
  });
  await agents.reportTaskStatus(tasks[1].agentId, { taskId: tasks[1].id, state: 'TASK_FAILED', ready: false, message: 'exited with 1' });
});

afterAll(async () => {
  agents.close();
  await h.stop();
});

function expectShape(body: unknown, type: string): void {
  expect(checkShape(body, type)).toEqual([]);
}

const ALL_EMBEDS = ['tasks', 'counts', 'deployments', 'readiness', 'lastTaskFailure', 'taskStats'];

test('apps: the list, the single app and the create answer carry exactly Marathon\'s fields with its defaults', async () => {
  const list = await h.req('GET', '/v2/apps');
  expectShape(list.body, 'AppList');
  const web = list.body.apps.find((a: { id: string }) => a.id === '/shapes/web');
  // always written, even when empty
  expect(web).toMatchObject({ env: {}, labels: {}, constraints: [], fetch: [], dependencies: [], executor: '', secrets: {}, killSelection: 'YOUNGEST_FIRST', unreachableStrategy: { inactiveAfterSeconds: 0, expungeAfterSeconds: 0 }, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 } });
  // one task failed: the create's deployment is still in flight, and the app names it
  expect(web.deployments).toEqual([{ id: expect.any(String) }]);
  expect(web.versionInfo.lastConfigChangeAt).toBe(web.version);
  expect(web.tasks).toBeUndefined(); // the list embeds tasks only when asked
  const one = await h.req('GET', '/v2/apps/shapes/br');
  expectShape(one.body, 'AppResponse');
  expect(one.body.app.portDefinitions).toEqual([]);
  expect(one.body.app.container.portMappings[0]).toMatchObject({ containerPort: 80, hostPort: 0, name: 'http', protocol: 'tcp' });
  expect(one.body.app.tasks).toHaveLength(1); // the single app embeds its tasks by default
  const created = await h.req('POST', '/v2/apps', { id: '/shapes/new', cmd: 'sleep 1', instances: 0 });
  expectShape(created.body, 'ListedApp');
});

test.each([false, true])('every embed works on the list and on the single app (app. prefix: %s)', async (appPrefix) => {
  const prefix = appPrefix ? 'app.' : 'apps.';
  for (const e of ALL_EMBEDS) {
    const list = await h.req('GET', `/v2/apps?embed=${prefix}${e}`);
    const single = await h.req('GET', `/v2/apps/shapes/web?embed=${prefix}${e}`);
    expectShape(list.body, 'AppList');
    expectShape(single.body, 'AppResponse');
    const fromList = list.body.apps.find((a: { id: string }) => a.id === '/shapes/web');
    for (const app of [fromList, single.body.app]) {
      if (e === 'tasks') expect(app.tasks.length).toBeGreaterThan(0);
      if (e === 'counts') expect(app.tasksRunning).toBe(1);
      if (e === 'deployments') expect(app.deployments).toEqual([{ id: expect.any(String) }]);
      if (e === 'readiness') expect(app.readinessCheckResults).toEqual([]);
      if (e === 'lastTaskFailure') expect(app.lastTaskFailure).toMatchObject({ appId: '/shapes/web', state: 'TASK_FAILED', message: 'exited with 1' });
      if (e === 'taskStats') expect(app.taskStats.totalSummary.stats.counts.running).toBe(1);
    }
  }
  // repeated and comma-separated forms
  const many = await h.req('GET', `/v2/apps?embed=${prefix}tasks&embed=${prefix}taskStats,${prefix}readiness`);
  expectShape(many.body, 'AppList');
  expect(many.body.apps.find((a: { id: string }) => a.id === '/shapes/web')).toHaveProperty('taskStats');
});

test('tasks: Marathon\'s task shape everywhere on /v2; Marina\'s fields only with embed=apps.marina and on /v1/tasks', async () => {
  expectShape((await h.req('GET', '/v2/tasks')).body, 'TaskList');
  const appTasks = await h.req('GET', '/v2/apps/shapes/web/tasks');
  expectShape(appTasks.body, 'TaskList');
  const running = appTasks.body.tasks.find((t: { state: string }) => t.state === 'TASK_RUNNING');
  expect(typeof running.startedAt).toBe('string');
  expect(running.healthCheckResults[0].alive).toBe(true);
  const [staged] = (await h.req('GET', '/v2/apps/shapes/br/tasks')).body.tasks;
  expect(staged.state).toBe('TASK_STAGING');
  expect(staged).not.toHaveProperty('startedAt');
  for (const t of appTasks.body.tasks) expect([t.agentId, t.ready, t.desired]).toEqual([undefined, undefined, undefined]);

  const marina = (await h.req('GET', '/v2/apps/shapes/web?embed=apps.marina')).body.app.tasks;
  expect(marina.find((t: { id: string }) => t.id === running.id)).toMatchObject({ agentId: running.slaveId, ready: true, desired: 'run' });
  const v1 = (await h.req('GET', '/v1/tasks?app=/shapes/web')).body.tasks;
  expect(v1.find((t: { id: string }) => t.id === running.id)).toMatchObject({ agentId: running.slaveId, ready: true, desired: 'run' });
  expect((await h.req('GET', '/v1/tasks?app=/nope')).status).toBe(404);
});

test('info, leader and versions carry Marathon\'s keys', async () => {
  const info = await h.req('GET', '/v2/info');
  expectShape(info.body, 'MarathonInfo');
  expect(info.body.leader).toBe(h.svc.httpAddress);
  expect(info.body.elected).toBe(true);
  expect(info.body.http_config.http_port).toBe(Number(h.svc.httpAddress.split(':')[1]));
  expect(info.body.zookeeper_config.zk).toMatch(/^embedded:\/\//);
  expect(info.body.event_subscriber).toBeNull();
  const leader = await h.req('GET', '/v2/leader');
  expectShape(leader.body, 'Leader');
  const versions = await h.req('GET', '/v2/apps/shapes/web/versions');
  expectShape(versions.body, 'VersionList');
  const version = await h.req('GET', `/v2/apps/shapes/web/versions/${versions.body.versions[0]}`);
  expectShape(version.body, 'App');
});

test('an empty body with Content-Type: application/json is accepted on DELETE and body-less POSTs', async () => {
  const empty = async (method: string, path: string): Promise<{ status: number; body: any }> => {
    const res = await fetch(h.base + path, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` }, body: '' });
    return { status: res.status, body: await res.json() };
  };
  expect((await h.req('POST', '/v2/apps', { id: '/shapes/gone', cmd: 'sleep 1', instances: 1 })).status).toBe(201);
  // the create's deployment is in flight (its task never runs): changes override it
  const restart = await empty('POST', '/v2/apps/shapes/gone/restart?force=true');
  expect(restart.status).toBe(200);
  expect(typeof restart.body.deploymentId).toBe('string');
  const del = await empty('DELETE', '/v2/apps/shapes/gone?force=true');
  expect(del.status).toBe(200);
  expect(typeof del.body.deploymentId).toBe('string');
  expect((await h.req('GET', '/v2/apps/shapes/gone')).status).toBe(404);
  // an empty body where one is needed is still a clear 422
  const noBody = await empty('POST', '/v2/apps');
  expect(noBody.status).toBe(422);
});

test('pods: the definition and its status carry Marathon\'s fields', async () => {
  const pod = {
    id: '/shapes/pod',
    scaling: { kind: 'fixed', instances: 1 },
    containers: [{ name: 'web', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 }, endpoints: [{ name: 'http', hostPort: 0, protocol: ['tcp'] }] }],
  };
  const created = await h.req('POST', '/v2/pods', pod);
  expect(created.status).toBe(201);
  expectShape(created.body, 'Pod');
  expectShape((await h.req('GET', '/v2/pods/shapes/pod')).body, 'Pod');
  for (const p of (await h.req('GET', '/v2/pods')).body) expectShape(p, 'Pod');
  const status = (await h.req('GET', '/v2/pods/shapes/pod::status')).body;
  expectShape(status, 'PodStatus');
  expect(status.instances[0]).toMatchObject({ status: 'STAGING', containers: [{ name: 'web', status: 'STAGING', endpoints: [{ name: 'http' }] }] });
  expect(status.instances[0].containers[0].endpoints[0].allocatedHostPort).toBeGreaterThanOrEqual(31000);
  for (const s of (await h.req('GET', '/v2/pods/::status')).body) expectShape(s, 'PodStatus');
});

test('the walk itself fails on an unknown field, a missing required one and a wrong type', () => {
  const task = { id: 'a.1', appId: '/a', host: 'h', state: 'TASK_RUNNING' };
  expect(checkShape({ tasks: [task] }, 'TaskList')).toEqual([]);
  expect(checkShape({ tasks: [{ ...task, agentId: 'x' }] }, 'TaskList')).toEqual(["/tasks/0/agentId: not a field of Marathon's EnrichedTask"]);
  expect(checkShape({ tasks: [{ ...task, host: undefined }] }, 'TaskList')).toEqual(['/tasks/0/host: required field of EnrichedTask missing']);
  expect(checkShape({ tasks: [{ ...task, ports: ['80'] }] }, 'TaskList')).toEqual(['/tasks/0/ports/0: expected an integer, got "80"']);
});

test('deployments: the list, a change\'s result, the lock and a revert carry Marathon\'s shapes', async () => {
  const list = await h.req('GET', '/v2/deployments');
  expect(list.status).toBe(200);
  expectShape(list.body, 'DeploymentStepInfo[]');
  const web = list.body.find((d: { affectedApps: string[] }) => d.affectedApps.includes('/shapes/web'));
  expect(web).toMatchObject({ affectedPods: [], currentStep: 2, totalSteps: 2, currentActions: [{ action: 'ScaleApplication', app: '/shapes/web', readinessCheckResults: [] }] });
  expect(web.steps).toEqual([{ actions: [{ action: 'StartApplication', app: '/shapes/web' }] }, { actions: [{ action: 'ScaleApplication', app: '/shapes/web' }] }]);
  const locked = await h.req('PUT', '/v2/apps/shapes/web', { instances: 3 });
  expect(locked.status).toBe(409);
  expectShape(locked.body, 'AppLocked');
  expect(locked.body.deployments).toEqual([{ id: web.id }]);
  const created = await h.req('POST', '/v2/apps', { id: '/shapes/dep', cmd: 'sleep 1000', instances: 1 });
  const id = created.headers.get('marathon-deployment-id');
  expect(created.body.deployments).toEqual([{ id }]);
  const scaled = await h.req('PUT', '/v2/apps/shapes/dep?force=true', { instances: 2 });
  expectShape(scaled.body, 'DeploymentResult');
  expect(scaled.headers.get('marathon-deployment-id')).toBe(scaled.body.deploymentId);
  expect((await h.req('DELETE', `/v2/deployments/${id}`)).body).toEqual({ message: `DeploymentPlan ${id} does not exist`, code: 'MARINA_ERR_NOT_FOUND' });
  const revert = await h.req('DELETE', `/v2/deployments/${scaled.body.deploymentId}`);
  expect(revert.status).toBe(200);
  expectShape(revert.body, 'DeploymentResult');
  expect((await h.req('GET', '/v2/apps/shapes/dep')).body.app.instances).toBe(1);
  const cancel = await fetch(`${h.base}/v2/deployments/${revert.body.deploymentId}?force=true`, { method: 'DELETE', headers: { authorization: `Bearer ${h.token}` } });
  expect(cancel.status).toBe(202);
  expect(await cancel.text()).toBe('');
});

test('groups: the root and a subtree are Marathon\'s GroupInfo, with every embed; versions; unknown 404', async () => {
  const root = await h.req('GET', '/v2/groups');
  expect(root.status).toBe(200);
  expectShape(root.body, 'GroupInfo');
  expect(root.body.id).toBe('/');
  const shapes = root.body.groups.find((g: { id: string }) => g.id === '/shapes');
  expect(shapes.apps.map((a: { id: string }) => a.id)).toContain('/shapes/web');
  const embedded = await h.req('GET', '/v2/groups/shapes?embed=group.apps&embed=group.apps.tasks,group.apps.counts,group.apps.deployments,group.apps.taskStats,group.apps.lastTaskFailure,group.apps.readiness');
  expectShape(embedded.body, 'GroupInfo');
  expect(embedded.body.groups).toBeUndefined();
  const web = embedded.body.apps.find((a: { id: string }) => a.id === '/shapes/web');
  expect(web.tasks.length).toBeGreaterThan(0);
  expect(web.tasksRunning).toBe(1);
  const versions = await h.req('GET', '/v2/groups/shapes/versions');
  expectShape(versions.body, 'string[]');
  expect(versions.body.length).toBeGreaterThan(0);
  expect((await h.req('GET', '/v2/groups/nope')).body).toMatchObject({ message: "Group '/nope' does not exist" });
  // stored groups (an empty one, one with enforceRole and a pod), and a group at a version, are GroupInfo too
  const pod = { id: 'p', containers: [{ name: 'c1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 } }] };
  expect((await h.req('POST', '/v2/groups', { id: '/shapes-g', enforceRole: true, dependencies: ['/shapes'], groups: [{ id: 'empty' }], pods: [pod] })).status).toBe(201);
  const stored = await h.req('GET', '/v2/groups/shapes-g');
  expectShape(stored.body, 'GroupInfo');
  expect(Object.keys(stored.body).sort()).toEqual(['apps', 'dependencies', 'enforceRole', 'groups', 'id', 'pods', 'version']);
  expect([stored.body.enforceRole, stored.body.dependencies, stored.body.groups[0].id, stored.body.pods[0].id]).toEqual([true, ['/shapes'], '/shapes-g/empty', '/shapes-g/p']);
  const at = await h.req('GET', `/v2/groups/shapes-g/versions/${stored.body.version}`);
  expectShape(at.body, 'Group');
});
