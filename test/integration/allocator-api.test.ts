/**
 * The allocator's HTTP API over real HTTP with real JSON (embedded store):
 * Marathon status codes and shapes, scaling, kill, delete + release, the
 * task env, VIPs, exhaustion with nothing half-allocated, orphan GC.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

let h: Harness;
let agents: GrpcAgentApi;

beforeEach(async () => {
  h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11', attributes: { rack: 'r1' } });
  await agents.registerAgent({ id: 'agent-2', hostname: 'host-2', ip: '198.18.0.12', attributes: { rack: 'r2' } });
});

afterEach(async () => {
  agents.close();
  await h.stop();
});

const webApp = {
  id: '/product/web',
  cmd: 'python3 -m http.server $PORT0',
  instances: 2,
  cpus: 0.1,
  mem: 32,
  portDefinitions: [{ port: 0, protocol: 'tcp', name: 'http', labels: { VIP_0: '/product/web:80' } }],
  healthChecks: [{ protocol: 'HTTP', path: '/', portIndex: 0 }],
};

test('POST /v2/apps: 201, Location, Marathon body; duplicate 409; GET shapes', async () => {
  const res = await h.req('POST', '/v2/apps', webApp);
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toBe('/v2/apps/product/web');
  expect(res.body.id).toBe('/product/web');
  expect(res.body.deployments[0].id).toMatch(/^[0-9a-f-]{36}$/);
  expect(typeof res.body.version).toBe('string');
  const sp = res.body.portDefinitions[0].port;
  expect(sp).toBeGreaterThanOrEqual(10000);
  expect(sp).toBeLessThanOrEqual(20000);

  expect((await h.req('POST', '/v2/apps', webApp)).status).toBe(409);

  const got = await h.req('GET', '/v2/apps/product/web');
  expect(got.status).toBe(200);
  const tasks = got.body.app.tasks;
  expect(tasks).toHaveLength(2);
  // spread over both agents
  expect(new Set(tasks.map((t: { slaveId: string }) => t.slaveId))).toEqual(new Set(['agent-1', 'agent-2']));
  for (const t of tasks) {
    expect(t.id).toMatch(/^product_web\./);
    expect(t.appId).toBe('/product/web');
    expect(t.state).toBe('TASK_STAGING');
    expect(t.ports).toHaveLength(1);
    expect(t.ports[0]).toBeGreaterThanOrEqual(31000);
    expect(t.servicePorts).toEqual([sp]);
    expect(t.ipAddresses[0]).toEqual({ ipAddress: t.host === 'host-1' ? '198.18.0.11' : '198.18.0.12', protocol: 'IPv4' });
    // Marina's own fields are not in Marathon's task shape
    expect([t.agentId, t.ready, t.desired]).toEqual([undefined, undefined, undefined]);
  }
  const list = await h.req('GET', '/v2/apps?embed=apps.tasks');
  expect(list.body.apps).toHaveLength(1);
  expect(list.body.apps[0].tasks).toHaveLength(2);
  expect((await h.req('GET', '/v2/apps')).body.apps[0].tasks).toBeUndefined();
  expect((await h.req('GET', '/v2/apps/product/web/tasks')).body.tasks).toHaveLength(2);
  expect((await h.req('GET', '/v2/tasks')).body.tasks).toHaveLength(2);
  expect((await h.req('GET', '/v2/apps/nope')).status).toBe(404);
  const ping = await h.req('GET', '/ping');
  expect([ping.status, ping.body]).toEqual([200, 'pong']);
});

test('bad input: 400 malformed JSON, 422 naming the field', async () => {
  const bad = await h.req('POST', '/v2/apps', '{"id": "/x", ');
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('MARINA_ERR_BAD_REQUEST');
  const invalid = await h.req('POST', '/v2/apps', { id: '/x', cmd: 'true', instances: -1 });
  expect(invalid.status).toBe(422);
  expect(invalid.body.details.map((d: { path: string }) => d.path)).toContain('/instances');
  const vip = await h.req('POST', '/v2/apps', { id: '/y', cmd: 'true', portDefinitions: [{ port: 0, labels: { VIP_0: 'nope' } }] });
  expect(vip.status).toBe(422);
  expect(JSON.stringify(vip.body.details)).toContain('VIP_0');
});

test('the stored task carries Marathon env and allocations agree with tasks', async () => {
  await h.req('POST', '/v2/apps', webApp);
  const core = h.svc.core;
  const [task] = [...core.ctx.view.tasks.values()];
  expect(task.env.PORT0).toBe(String(task.ports[0].hostPort));
  expect(task.env.PORT_HTTP).toBe(String(task.ports[0].hostPort));
  expect(task.env.PORTS).toBe(String(task.ports[0].hostPort));
  expect(task.env.HOST).toBe(task.host);
  expect(task.env.MARATHON_APP_ID).toBe('/product/web');
  expect(task.env.MESOS_TASK_ID).toBe(task.id);
  expect(task.vips[0]).toMatchObject({ label: '/product/web:80', port: 80, portIndex: 0 });
  const ports = (await h.req('GET', '/v1/alloc/ports')).body.allocations;
  expect(ports).toHaveLength(2);
  expect(ports.map((p: { taskId: string }) => p.taskId).sort()).toEqual([...core.ctx.view.tasks.keys()].sort());
});

test('scale up and down, kill with scale, delete releases everything once the agent reports killed', async () => {
  await h.req('POST', '/v2/apps', webApp);
  expect((await h.req('PUT', '/v2/apps/product/web?force=true', { instances: 5 })).status).toBe(200);
  expect((await h.req('GET', '/v2/apps/product/web/tasks')).body.tasks).toHaveLength(5);
  expect((await h.req('PUT', '/v2/apps/product/web?force=true', { instances: 3 })).status).toBe(200);
  let tasks = (await h.req('GET', '/v1/tasks?app=/product/web')).body.tasks;
  expect(tasks.filter((t: { desired: string }) => t.desired === 'run')).toHaveLength(3);
  const stopping = tasks.filter((t: { desired: string; ready: boolean }) => t.desired === 'stop');
  expect(stopping).toHaveLength(2);
  // the agent stops them and reports: then they and their ports are gone
  for (const t of stopping) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  tasks = (await h.req('GET', '/v2/apps/product/web/tasks')).body.tasks;
  expect(tasks).toHaveLength(3);
  expect((await h.req('GET', '/v1/alloc/ports')).body.allocations).toHaveLength(3);

  const victim = tasks[0];
  const kill = await h.req('DELETE', `/v2/apps/product/web/tasks/${victim.id}?scale=true`);
  expect(kill.status).toBe(200);
  expect(kill.body.deploymentId).toBeDefined();
  expect((await h.req('GET', '/v2/apps/product/web')).body.app.instances).toBe(2);

  expect((await h.req('DELETE', '/v2/apps/product/web?force=true')).status).toBe(200);
  expect((await h.req('GET', '/v2/apps/product/web')).status).toBe(404);
  expect((await h.req('GET', '/v1/alloc/serviceports')).body.allocations).toHaveLength(0);
  for (const t of [...h.svc.core.ctx.view.tasks.values()]) {
    expect(t.desired).toBe('stop');
    await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  }
  expect(h.svc.core.ctx.view.tasks.size).toBe(0);
  expect((await h.req('GET', '/v1/alloc/ports')).body.allocations).toHaveLength(0);
});

test('running/ready transitions are written; a failed task is replaced', async () => {
  await h.req('POST', '/v2/apps', { ...webApp, instances: 1 });
  const marinaTasks = async () => (await h.req('GET', '/v1/tasks?app=/product/web')).body.tasks;
  const [t] = await marinaTasks();
  await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  let [now] = await marinaTasks();
  expect([now.state, now.ready, typeof now.startedAt]).toEqual(['TASK_RUNNING', true, 'string']);
  await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_FAILED', ready: false });
  for (let i = 0; i < 50; i++) {
    [now] = await marinaTasks();
    if (now && now.id !== t.id) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(now.id).not.toBe(t.id);
  expect(now.state).toBe('TASK_STAGING');
  await expect(agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true })).rejects.toMatchObject({ code: 'MARINA_ERR_NOT_FOUND' });
});

test('exhaustion: what fits runs, the rest waits in the launch queue naming the port; nothing allocated twice', async () => {
  const app = { id: '/fixed', cmd: 'true', instances: 3, requirePorts: true, portDefinitions: [{ port: 31555 }] };
  const res = await h.req('POST', '/v2/apps', app);
  expect(res.status).toBe(201);
  expect((await h.req('GET', '/v2/apps/fixed/tasks')).body.tasks).toHaveLength(2);
  const [q] = (await h.req('GET', '/v2/queue')).body.queue;
  expect(q).toMatchObject({ app: { id: '/fixed' }, count: 1 });
  expect(q.processedOffersSummary.rejectSummaryLastOffers[0].reason).toBe('no agent has free port 31555');
  const ports = (await h.req('GET', '/v1/alloc/ports')).body.allocations;
  expect(ports.map((p: { agentId: string }) => p.agentId).sort()).toEqual(['agent-1', 'agent-2']);
  expect((await h.req('PUT', '/v2/apps/fixed?force=true', { instances: 2 })).status).toBe(200);
  expect((await h.req('GET', '/v2/queue')).body.queue).toEqual([]);
});

test('constraints: UNIQUE hostname (beyond the agents: waits), LIKE attribute; a constraint no agent meets is a 409', async () => {
  const uniq = await h.req('POST', '/v2/apps', { id: '/u', cmd: 'true', instances: 3, constraints: [['hostname', 'UNIQUE']] });
  expect(uniq.status).toBe(201);
  const placed = (await h.req('GET', '/v2/apps/u/tasks')).body.tasks;
  expect(new Set(placed.map((t: { host: string }) => t.host))).toEqual(new Set(['host-1', 'host-2']));
  expect((await h.req('POST', '/v2/apps', { id: '/r', cmd: 'true', instances: 3, constraints: [['rack', 'LIKE', 'r2']] })).status).toBe(201);
  const tasks = (await h.req('GET', '/v2/apps/r/tasks')).body.tasks;
  expect(tasks.every((t: { host: string }) => t.host === 'host-2')).toBe(true);
  const never = await h.req('POST', '/v2/apps', { id: '/n', cmd: 'true', constraints: [['rack', 'LIKE', 'r9']] });
  expect([never.status, never.body.code]).toEqual([409, 'MARINA_ERR_NO_AGENT']);
});

test('VIPs: a named VIP keeps its address across delete and re-create; a fixed VIP of another app is a 409', async () => {
  await h.req('POST', '/v2/apps', webApp);
  const ip1 = h.svc.core.ctx.view.tasks.values().next().value!.vips[0].ip;
  expect(ip1).toMatch(/^198\.19\.250\./);
  await h.req('DELETE', '/v2/apps/product/web?force=true');
  await h.req('POST', '/v2/apps', { ...webApp, id: '/other', portDefinitions: [{ port: 0, labels: { VIP_0: '/other:80' } }] });
  await h.req('POST', '/v2/apps', { ...webApp, id: '/product/web2' });
  const tasks = [...h.svc.core.ctx.view.tasks.values()].filter((t) => t.appId === '/product/web2');
  expect(tasks[0].vips[0].ip).toBe(ip1);
  await h.req('POST', '/v2/apps', { id: '/f1', cmd: 'true', instances: 0, portDefinitions: [{ port: 0, labels: { VIP_0: '198.19.250.200:80' } }] });
  const clash = await h.req('POST', '/v2/apps', { id: '/f2', cmd: 'true', instances: 0, portDefinitions: [{ port: 0, labels: { VIP_0: '198.19.250.200:80' } }] });
  expect(clash.status).toBe(409);
  expect(clash.body.code).toBe('MARINA_ERR_VIP_CONFLICT');
  expect(clash.body.message).toContain('/f1');
});

test('virtual networks: per-host blocks and container IPs; bridge addresses from the agent subnet', async () => {
  const net = await h.req('POST', '/v2/networks', { name: 'dcos', cidr: '198.19.0.0/24', blockSize: 28, driver: 'vxlan', vni: 4242 });
  expect(net.status).toBe(201);
  expect((await h.req('POST', '/v2/networks', { name: 'dcos', cidr: '198.19.1.0/24' })).status).toBe(409);
  expect((await h.req('POST', '/v2/networks', { name: 'x', cidr: 'nope' })).body.details[0].path).toBe('/cidr');
  const app = { id: '/vn', cmd: 'true', instances: 4, networks: [{ mode: 'container', name: 'dcos' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] } };
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  const tasks = [...h.svc.core.ctx.view.tasks.values()];
  const ips = tasks.map((t) => t.ipAddresses[0].ipAddress);
  expect(new Set(ips).size).toBe(4);
  for (const t of tasks) expect(t.ipAddresses[0]).toMatchObject({ networkName: 'dcos', prefixLength: 24 });
  const blocks = (await h.req('GET', '/v1/alloc/blocks?network=dcos')).body.allocations;
  expect(blocks.length).toBe(2); // one /28 per host
  const br = { id: '/br', cmd: 'true', instances: 2, networks: [{ mode: 'container/bridge' }], container: { type: 'DOCKER', docker: { image: 'x' }, portMappings: [{ containerPort: 80, hostPort: 0 }] } };
  expect((await h.req('POST', '/v2/apps', br)).status).toBe(201);
  for (const t of [...h.svc.core.ctx.view.tasks.values()].filter((x) => x.appId === '/br')) {
    const agent = h.svc.core.ctx.view.agents.get(t.agentId)!;
    expect(t.ipAddresses[0].ipAddress.startsWith(agent.bridgeCidr!.split('.').slice(0, 3).join('.'))).toBe(true);
    expect(t.ports[0].containerPort).toBe(80);
    expect(t.ports[0].hostPort).toBeGreaterThanOrEqual(31000);
  }
  expect((await h.req('DELETE', '/v2/networks/dcos')).status).toBe(409);
});

test('orphan GC: dry run lists, run removes; live allocations stay', async () => {
  await h.req('POST', '/v2/apps', webApp);
  await h.svc.core.ctx.store.put('/marina/alloc/ports/agent-1/31999', JSON.stringify({ kind: 'port', appId: '/gone', taskId: 'gone.1', agentId: 'agent-1' }));
  await h.svc.core.ctx.view.waitFor(await h.svc.core.ctx.store.currentRevision());
  const dry = await h.req('POST', '/v1/alloc/gc?dryRun=true');
  expect(dry.body.orphanAllocations.map((o: { key: string }) => o.key)).toEqual(['alloc/ports/agent-1/31999']);
  expect((await h.req('GET', '/v1/alloc/ports')).body.allocations).toHaveLength(3);
  const run = await h.req('POST', '/v1/alloc/gc');
  expect(run.body.dryRun).toBe(false);
  expect((await h.req('GET', '/v1/alloc/ports')).body.allocations).toHaveLength(2);
});
