/**
 * The Marathon services over gRPC (issue 9, item 7) against a real
 * allocator with auth and TLS on: each operation answers what its /v2
 * twin answers (same objects, same errors), through typed messages. Apps
 * (create, get, list, update with field_mask, scale, restart, versions,
 * tasks, delete), pods, groups (get, dry run, versions), deployments,
 * queue, and env masking for a viewer.
 */
import * as grpc from '@grpc/grpc-js';
import { makeClient, unary } from '../../lib/client/grpc-call';
import type { ServiceName } from '../../lib/client/grpc-proto';
import { isMarinaError } from '../../lib/errors';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';

jest.setTimeout(60_000);

let h: Harness;
let agents: GrpcAgentApi;
const clients: grpc.Client[] = [];

beforeAll(async () => {
  h = await startHarness({ tls: 'on' });
});

afterAll(async () => {
  for (const c of clients) c.close();
  agents?.close();
  await h?.stop();
});

function client(name: ServiceName, token = h.token): grpc.Client {
  const c = makeClient(name, h.svc.grpcAddress, {}, { ...h.credentials, token });
  clients.push(c);
  return c;
}

const call = <T = any>(name: ServiceName, method: string, req: unknown, token?: string) => unary(client(name, token), method, req) as Promise<T>;

/** A gRPC App: tasks, deployments and readinessCheckResults only when not empty (lib/client/proto-json.ts). */
function v2(app: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(app).filter(([k, v]) => !(['tasks', 'deployments', 'readinessCheckResults'].includes(k) && Array.isArray(v) && v.length === 0)));
}

describe('apps', () => {
  test('posted before any agent: a deployment, queued as on /v2, placed once an agent joins', async () => {
    const created = await call('Apps', 'create', { app: { id: '/g/web', cmd: 'sleep 1000', instances: 2, portDefinitions: [{ port: 0, name: 'http' }], env: { DB_PASSWORD: 'x', MODE: 'a' } } });
    expect(created).toMatchObject({ deploymentId: expect.any(String), version: expect.any(String), app: { id: '/g/web', instances: 2, deployments: [{ id: created.deploymentId }] } });
    const queue = await call('Queue', 'list', {});
    expect(queue.queue).toEqual((await h.req('GET', '/v2/queue')).body.queue.map((q: Record<string, any>) => ({ ...q, app: v2(q.app), delay: expect.any(Object) })));
    expect(queue.queue[0]).toMatchObject({ app: { id: '/g/web' }, count: 2 });
    agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
    await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11' });
    for (let i = 0; i < 100 && h.svc.core.ctx.view.tasksOf('/g/web').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(h.svc.core.ctx.view.tasksOf('/g/web')).toHaveLength(2);
  });

  test('get and list are /v2 get and list; env masked for a viewer as on /v2', async () => {
    const { app } = await call('Apps', 'get', { id: '/g/web' });
    expect(app).toEqual(v2((await h.req('GET', '/v2/apps/g/web')).body.app));
    const { apps } = await call('Apps', 'list', { id: '/g', embed: ['apps.tasks'] });
    expect(apps).toEqual((await h.req('GET', '/v2/apps?id=/g&embed=apps.tasks')).body.apps.map(v2));
    const viewer = (await h.svc.auth.tokens.create({ role: 'viewer' })).token;
    expect((await call('Apps', 'get', { id: '/g/web' }, viewer)).app.env).toEqual({ DB_PASSWORD: '****', MODE: 'a' });
  });

  test('update takes set fields only, and empty lists named in field_mask; scale, restart, versions, tasks', async () => {
    const updated = await call('Apps', 'update', { id: '/g/web', app: { labels: { team: 'b' }, healthChecks: [] }, force: true });
    expect(updated).toEqual({ deploymentId: expect.any(String), version: expect.any(String) }); // PUT's DeploymentResult
    const get = async () => (await call('Apps', 'get', { id: '/g/web' })).app;
    expect(await get()).toMatchObject({ labels: { team: 'b' }, cmd: 'sleep 1000', portDefinitions: [expect.objectContaining({ name: 'http' })] });
    await call('Apps', 'update', { id: '/g/web', app: {}, fieldMask: { paths: ['port_definitions'] }, force: true });
    expect((await get()).portDefinitions).toEqual([]);
    const scaled = await call('Apps', 'scale', { id: '/g/web', instances: 1, force: true });
    expect(scaled).toEqual({ deploymentId: expect.any(String), version: expect.any(String) });
    const restarted = await call('Apps', 'restart', { id: '/g/web', force: true });
    expect(restarted.deploymentId).toEqual(expect.any(String));
    const { versions } = await call('Apps', 'listVersions', { id: '/g/web' });
    expect(versions).toEqual((await h.req('GET', '/v2/apps/g/web/versions')).body.versions);
    const { app: old } = await call('Apps', 'getVersion', { id: '/g/web', version: versions[versions.length - 1] });
    expect(old).toEqual((await h.req('GET', `/v2/apps/g/web/versions/${versions[versions.length - 1]}`)).body);
    const { tasks } = await call('Apps', 'listTasks', { id: '/g/web' });
    expect(tasks).toEqual((await h.req('GET', '/v2/apps/g/web/tasks')).body.tasks);
    expect((await call('Tasks', 'list', {})).tasks).toEqual((await h.req('GET', '/v2/tasks')).body.tasks);
  });

  test("errors: a 422's field paths, Marathon's 404 message, a deployer outside its prefixes", async () => {
    const bad = await call('Apps', 'create', { app: { id: '/g/bad', cmd: 'x', instances: -1 } }).catch((e: unknown) => e);
    expect(isMarinaError(bad, 'MARINA_ERR_INVALID')).toBe(true);
    expect((bad as { details: Array<{ path: string }> }).details.map((d) => d.path)).toContain('/instances');
    const missing = await call('Apps', 'get', { id: '/nope' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'MARINA_ERR_NOT_FOUND', message: expect.stringContaining("App '/nope' does not exist") });
    const deployer = (await h.svc.auth.tokens.create({ role: 'deployer', prefixes: ['/team'] })).token;
    const outside = await call('Apps', 'scale', { id: '/g/web', instances: 3 }, deployer).catch((e: unknown) => e);
    expect(outside).toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    // a group write names the group and every absolute id below it
    const sneaky = { id: '/team', apps: [{ id: 'ok', cmd: 'true', instances: 0 }, { id: '/g/web', cmd: 'true', instances: 0 }] };
    expect(await call('Groups', 'update', { id: '/team', group: sneaky }, deployer).catch((e: unknown) => e)).toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringContaining('/g/web') });
  });
});

describe('pods, groups, deployments', () => {
  test('pods: create, get, list, status as /v2', async () => {
    const pod = { id: '/g/pod', scaling: { kind: 'fixed', instances: 1 }, containers: [{ name: 'c1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 16 } }], networks: [{ mode: 'host' }] };
    const created = await call('Pods', 'create', { pod });
    expect(created).toMatchObject({ deploymentId: expect.any(String), pod: { id: '/g/pod' } });
    expect((await call('Pods', 'get', { id: '/g/pod' })).pod).toEqual((await h.req('GET', '/v2/pods/g/pod')).body);
    expect((await call('Pods', 'list', {})).pods).toEqual((await h.req('GET', '/v2/pods')).body);
    const { status } = await call('Pods', 'status', { id: '/g/pod' });
    const httpStatus = (await h.req('GET', '/v2/pods/g/pod::status')).body;
    const noClock = (s: Record<string, any>) => JSON.parse(JSON.stringify(s).replace(/"lastUpdated":"[^"]*"/g, '"lastUpdated":""'));
    expect(noClock(status)).toEqual(noClock(httpStatus));
  });

  test('groups: the tree, a dry run, versions; deployments as /v2', async () => {
    // pods (PodStatus) carry the time they were read: the two reads compare without them
    const { group } = await call('Groups', 'get', { id: '/g', embed: ['group.apps', 'group.groups'] });
    const tree = (g: Record<string, any>): Record<string, any> => ({ pods: [], ...g, apps: g.apps.map(v2), groups: g.groups.map(tree) });
    expect(group).toEqual(tree((await h.req('GET', '/v2/groups/g?embed=group.apps&embed=group.groups')).body));
    expect(group.enforceRole).toBe(false);
    const versions = (await h.req('GET', '/v2/groups/g/versions')).body as string[];
    const { group: then } = await call('Groups', 'getVersion', { id: '/g', version: versions[versions.length - 1] });
    expect(tree(then)).toEqual(tree((await h.req('GET', `/v2/groups/g/versions/${versions[versions.length - 1]}`)).body));
    // a group with enforceRole, an empty sub-group and a pod, written over gRPC, reads back as /v2 has it
    const pod = { id: 'sidecar', containers: [{ name: 'c1', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 32 } }] };
    const made = await call('Groups', 'create', { group: { id: '/gp', enforceRole: true, groups: [{ id: 'empty' }], pods: [pod] } });
    expect(made.deployment.deploymentId).toEqual(expect.any(String));
    const gp = (await h.req('GET', '/v2/groups/gp')).body;
    expect([gp.enforceRole, gp.groups.map((x: { id: string }) => x.id), gp.pods.map((x: { id: string }) => x.id)]).toEqual([true, ['/gp/empty'], ['/gp/sidecar']]);
    await expect(call('Groups', 'update', { id: '/gp', group: { groups: [{ id: 'empty', enforceRole: true }] } })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID' });
    expect((await call('Groups', 'delete', { id: '/gp', force: true })).deployment.deploymentId).toEqual(expect.any(String));
    await expect(call('Groups', 'getVersion', { id: '/g', version: '1999-01-01T00:00:00.000Z' })).rejects.toMatchObject({ code: 'MARINA_ERR_NOT_FOUND', message: expect.stringContaining("Group '/g' does not exist in version 1999-01-01T00:00:00.000Z") });
    const dry = await call('Groups', 'update', { id: '/g', group: { id: '/g', scaleBy: 2 }, dryRun: true });
    expect(dry.steps.length).toBeGreaterThan(0);
    expect(dry.steps).toEqual((await h.req('PUT', '/v2/groups/g?dryRun=true', { id: '/g', scaleBy: 2 })).body.steps);
    expect((await call('Groups', 'listVersions', { id: '/g' })).versions).toEqual((await h.req('GET', '/v2/groups/g/versions')).body);
    expect((await call('Deployments', 'list', {})).deployments).toEqual((await h.req('GET', '/v2/deployments')).body);
  });

  test('info and leader: /v2/info and /v2/leader as typed messages (the proto field names are /v2/info\'s keys)', async () => {
    const info = await call('Info', 'get', {});
    const v2info = (await h.req('GET', '/v2/info')).body;
    const camel = (o: unknown): unknown =>
      typeof o === 'object' && o !== null && !Array.isArray(o) ? Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null).map(([k, v]) => [k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()), camel(v)])) : o;
    expect(info).toMatchObject(camel(v2info) as object);
    expect(await call('Leader', 'get', {})).toEqual((await h.req('GET', '/v2/leader')).body);
  });

  test('events: filtered by type, light plans, the SSE data as typed members', async () => {
    const c = client('Events') as unknown as { stream(r: unknown): grpc.ClientReadableStream<Record<string, any>> };
    const stream = c.stream({ eventTypes: ['status_update_event', 'deployment_info'], light: true });
    const seen: Array<Record<string, any>> = [];
    stream.on('data', (m) => seen.push(m));
    stream.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 200));
    await call('Apps', 'create', { app: { id: '/g/ev', cmd: 'sleep 1000', instances: 1, portDefinitions: [] } });
    for (let i = 0; i < 100 && !seen.some((m) => m.eventType === 'status_update_event'); i++) await new Promise((r) => setTimeout(r, 50));
    stream.cancel();
    expect(new Set(seen.map((m) => m.eventType))).toEqual(new Set(['status_update_event', 'deployment_info']));
    const info = seen.find((m) => m.eventType === 'deployment_info')!.deploymentInfo;
    expect(info).toMatchObject({ eventType: 'deployment_info', plan: { id: expect.any(String), steps: expect.any(Array) }, currentStep: { actions: expect.any(Array) } });
    expect(info.plan.original).toBeUndefined();
    expect(seen.find((m) => m.eventType === 'status_update_event')!.statusUpdateEvent).toMatchObject({ appId: '/g/ev', taskStatus: 'TASK_STAGING', slaveId: 'agent-1' });
    await call('Apps', 'delete', { id: '/g/ev', force: true });
  });

  test('delete: the app goes, /v2 agrees', async () => {
    const res = await call('Apps', 'delete', { id: '/g/web', force: true });
    expect(res.deploymentId).toEqual(expect.any(String));
    await call('Pods', 'delete', { id: '/g/pod', force: true });
    for (let i = 0; i < 100 && (await h.req('GET', '/v2/apps/g/web')).status !== 404; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await h.req('GET', '/v2/apps/g/web')).status).toBe(404);
  });
});

describe('leader', () => {
  // last: the only replica steps down and sits out campaigns for a while
  test('Abdicate steps the leader down, as DELETE /v2/leader', async () => {
    expect(await call('Leader', 'abdicate', {})).toEqual({ message: 'Leadership abdicated' });
    expect((await h.req('GET', '/v2/info')).body.elected).toBe(false);
  });
});
