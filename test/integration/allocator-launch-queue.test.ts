/**
 * Apps are accepted before capacity exists, as Marathon's launch queue does
 * it: POST with no agent → 201, the instances launch when an agent joins
 * (the join triggers a reconcile pass: the periodic one is set far off);
 * GET /v2/queue says what waits and why; instances waiting for ports or
 * addresses launch as soon as tasks free them; DELETE /v2/queue/{id}/delay
 * clears a launch delay. Only definitions no agent could ever take are
 * refused. Real allocator (in-process, embedded store), agents over gRPC.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { checkShape } from '../fixtures/marathon-v2/raml-fields';
import { waitUntil } from '../helpers/_children';

jest.setTimeout(120_000);

let h: Harness;
let agents: GrpcAgentApi;

beforeEach(async () => {
  // the periodic pass is far off: what launches promptly was triggered by the change itself
  h = await startHarness({ reconcileInterval: 120, killTimeout: 60 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  await waitUntil('a leader', async () => h.svc.core.leader.isLeader, 20_000);
});

afterEach(async () => {
  agents.close();
  await h.stop();
});

type MarinaTask = { id: string; agentId: string; desired: string; state: string };
const tasksOf = async (appId: string): Promise<MarinaTask[]> => (await h.req('GET', `/v1/tasks?app=${appId}`)).body.tasks;
const queue = async () => {
  const res = await h.req('GET', '/v2/queue');
  expect(res.status).toBe(200);
  expect(checkShape(res.body, 'Queue')).toEqual([]);
  // each item is Marathon's QueueApp or QueuePod: exactly one of app / pod
  for (const q of res.body.queue) expect(Object.keys(q).filter((k) => k === 'app' || k === 'pod')).toHaveLength(1);
  return res.body.queue as Array<{ app?: { id: string }; pod?: { id: string }; count: number; delay: { timeLeftSeconds: number; overdue: boolean }; processedOffersSummary: { rejectSummaryLastOffers: Array<{ reason: string }> } }>;
};
const entry = async (appId: string) => (await queue()).find((q) => (q.app ?? q.pod)?.id === appId);
const reasonOf = async (appId: string) => (await entry(appId))?.processedOffersSummary.rejectSummaryLastOffers[0].reason;
const register = (n: number, extra: Record<string, unknown> = {}) => agents.registerAgent({ id: `agent-${n}`, hostname: `host-${n}`, ip: `198.18.0.${10 + n}`, ...extra });

test('POST before any agent exists → 201; the app runs once an agent joins', async () => {
  const res = await h.req('POST', '/v2/apps', { id: '/early', cmd: 'sleep 1000', instances: 2, portDefinitions: [{ port: 0 }] });
  expect(res.status).toBe(201);
  expect(res.body.tasksStaged).toBe(0);
  const q = await entry('/early');
  expect(q).toMatchObject({ count: 2, delay: { timeLeftSeconds: 0, overdue: true } });
  expect(await reasonOf('/early')).toBe('no live agent');
  // a pod waits the same way, listed as Marathon's QueuePod
  const pod = { id: '/early-pod', scaling: { kind: 'fixed', instances: 1 }, containers: [{ name: 'c', exec: { command: { shell: 'sleep 1000' } }, resources: { cpus: 0.1, mem: 16 } }] };
  expect((await h.req('POST', '/v2/pods', pod)).status).toBe(201);
  expect(await entry('/early-pod')).toMatchObject({ pod: { id: '/early-pod' }, count: 1 });
  expect(await entry('/early-pod')).not.toHaveProperty('app');
  // a scale-up with no agent is a 200 too
  expect((await h.req('PUT', '/v2/apps/early?force=true', { instances: 3 })).status).toBe(200);
  expect((await entry('/early'))?.count).toBe(3);

  await register(1);
  await waitUntil('3 tasks placed after the agent joined', async () => (await tasksOf('/early')).length === 3, 30_000);
  for (const t of await tasksOf('/early')) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
  expect((await h.req('GET', '/v2/apps/early')).body.app.tasksRunning).toBe(3);
  expect(await entry('/early')).toBeUndefined();
});

test('a fixed host port: what fits runs, the rest waits "no agent has free port N" and launches when another agent joins; never-placeable definitions keep their 422/409', async () => {
  await register(1, { attributes: { rack: 'r1' } });
  const app = { id: '/fixed', cmd: 'sleep 1000', instances: 2, requirePorts: true, portDefinitions: [{ port: 31555 }] };
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  expect(await tasksOf('/fixed')).toHaveLength(1);
  expect((await entry('/fixed'))?.count).toBe(1);
  expect(await reasonOf('/fixed')).toBe('no agent has free port 31555');

  await register(2, { attributes: { rack: 'r2' } });
  await waitUntil('the second instance placed on the new agent', async () => (await tasksOf('/fixed')).length === 2, 30_000);
  expect(new Set((await tasksOf('/fixed')).map((t) => t.agentId))).toEqual(new Set(['agent-1', 'agent-2']));
  // one port key per task, none twice
  const ports = (await h.req('GET', '/v1/alloc/ports')).body.allocations.filter((a: { appId: string }) => a.appId === '/fixed');
  expect(ports.map((p: { agentId: string }) => p.agentId).sort()).toEqual(['agent-1', 'agent-2']);

  // outside every agent's range: can never run
  const outside = await h.req('POST', '/v2/apps', { ...app, id: '/outside', portDefinitions: [{ port: 5000 }] });
  expect(outside.status).toBe(422);
  expect(outside.body.details[0]).toMatchObject({ path: '/portDefinitions(0)/port' });
  expect(outside.body.details[0].errors[0]).toContain('31000-32000');
  // a constraint no agent meets
  const rack = await h.req('POST', '/v2/apps', { id: '/rack', cmd: 'true', constraints: [['rack', 'LIKE', 'r9']] });
  expect([rack.status, rack.body.code]).toEqual([409, 'MARINA_ERR_NO_AGENT']);
  // UNIQUE beyond the agents that exist waits for more agents
  const uniq = await h.req('POST', '/v2/apps', { id: '/uniq', cmd: 'true', instances: 3, constraints: [['hostname', 'UNIQUE']] });
  expect(uniq.status).toBe(201);
  expect((await entry('/uniq'))?.count).toBe(1);
  expect(await reasonOf('/uniq')).toBe('no agent satisfies the constraints [["hostname","UNIQUE"]]');
  expect((await h.req('GET', '/v2/apps/nope')).status).toBe(404);
});

test('a full network: another app waits "network X exhausted on every host" and launches as soon as tasks free addresses', async () => {
  await register(1);
  expect((await h.req('POST', '/v2/networks', { name: 'tiny', cidr: '198.19.7.0/29', blockSize: 29, driver: 'vxlan', vni: 4711 })).status).toBe(201);
  const onTiny = (id: string, instances: number) => ({ id, cmd: 'sleep 1000', instances, networks: [{ mode: 'container', name: 'tiny' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } });
  expect((await h.req('POST', '/v2/apps', onTiny('/filler', 12))).status).toBe(201);
  const placed = (await tasksOf('/filler')).length;
  expect(placed).toBeGreaterThan(0);
  expect(placed).toBeLessThan(12);
  expect((await entry('/filler'))?.count).toBe(12 - placed);
  expect((await h.req('POST', '/v2/apps', onTiny('/waiter', 1))).status).toBe(201);
  expect(await tasksOf('/waiter')).toEqual([]);
  expect(await reasonOf('/waiter')).toBe('network tiny exhausted on every host');

  // the filler goes away: once the agent reports its tasks killed, their addresses are free and the waiter launches
  expect((await h.req('PUT', '/v2/apps/filler?force=true', { instances: 0 })).status).toBe(200);
  for (const t of await tasksOf('/filler')) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_KILLED', ready: false });
  await waitUntil('the waiter took a freed address', async () => (await tasksOf('/waiter')).length === 1, 30_000);
  expect(await queue()).toEqual([]);
  const ips = (await h.req('GET', '/v1/alloc/ips?network=tiny')).body.allocations;
  expect(ips.map((a: { appId: string }) => a.appId)).toEqual(['/waiter']);
});

test('a failing app backs off: the queue shows the delay; DELETE /v2/queue/{id}/delay clears it (204) and the replacement launches', async () => {
  await register(1);
  expect((await h.req('POST', '/v2/apps', { id: '/crashy', cmd: 'false', instances: 1, backoffSeconds: 600 })).status).toBe(201);
  const [t] = await tasksOf('/crashy');
  await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_FAILED', ready: false, message: 'exit 1' });
  const q = await entry('/crashy');
  expect(q?.count).toBe(1);
  expect(q?.delay.overdue).toBe(false);
  expect(q?.delay.timeLeftSeconds).toBeGreaterThan(500);
  expect(await reasonOf('/crashy')).toMatch(/launch delayed after 1 failed task in a row/);

  const reset = await fetch(`${h.base}/v2/queue/crashy/delay`, { method: 'DELETE', headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` } });
  expect(reset.status).toBe(204);
  await waitUntil('the replacement launched', async () => (await tasksOf('/crashy')).length === 1, 30_000);
  expect(await entry('/crashy')).toBeUndefined();
  const none = await h.req('DELETE', '/v2/queue/nope/delay');
  expect([none.status, none.body.message]).toEqual([404, "App '/nope' does not exist"]);
});
