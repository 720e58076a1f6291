/**
 * Marathon's upgradeStrategy on PUT of a new config (rolling replacement
 * within minimumHealthCapacity / maximumOverCapacity: start new, wait for
 * ready, then stop old) and backoffSeconds / backoffFactor /
 * maxLaunchDelaySeconds for tasks that keep failing. Agents are played by
 * the test through the real gRPC agent API.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { isServing, type Task } from '../../lib/model/cluster';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';

let h: Harness;
let agents: GrpcAgentApi;
let sim: NodeJS.Timeout | undefined;

beforeEach(async () => {
  h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
  agents = await registerAgents(h);
});

afterEach(async () => {
  if (sim) clearInterval(sim);
  sim = undefined;
  agents.close();
  await h.stop();
});

async function until(what: string, fn: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Play the agents: staging tasks run (or fail) after readyAfterMs; stopping tasks are reported killed. */
function simulateAgents(appId: string, behaviour: () => 'run' | 'fail', readyAfterMs = 0): void {
  const busy = new Set<string>();
  const seenAt = new Map<string, number>();
  sim = setInterval(() => {
    for (const t of h.svc.core.ctx.view.tasksOf(appId)) {
      if (busy.has(t.id)) continue;
      const first = seenAt.get(t.id) ?? Date.now();
      seenAt.set(t.id, first);
      let state: Task['state'] | undefined;
      if (t.desired === 'stop' && t.state !== 'TASK_KILLED') state = 'TASK_KILLED';
      else if (t.desired === 'run' && t.state === 'TASK_STAGING' && Date.now() - first >= readyAfterMs) state = behaviour() === 'run' ? 'TASK_RUNNING' : 'TASK_FAILED';
      if (!state) continue;
      busy.add(t.id);
      void agents
        .reportTaskStatus(t.agentId, { taskId: t.id, state, ready: state === 'TASK_RUNNING' })
        .catch(() => undefined)
        .finally(() => busy.delete(t.id));
    }
  }, 20);
}

test('PUT of a new config replaces tasks one by one within minimumHealthCapacity / maximumOverCapacity', async () => {
  const app = { id: '/roll', cmd: 'sleep 1000', instances: 3, upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0.34 } };
  simulateAgents('/roll', () => 'run', 150);
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  const view = h.svc.core.ctx.view;
  await until('3 serving', () => view.tasksOf('/roll').filter(isServing).length === 3);
  const oldIds = new Set(view.tasksOf('/roll').map((t) => t.id));
  let minServing = Infinity;
  let maxWanted = 0;
  const order: string[] = [];
  const unsubscribe = view.subscribe(() => {
    const ts = view.tasksOf('/roll');
    minServing = Math.min(minServing, ts.filter(isServing).length);
    maxWanted = Math.max(maxWanted, ts.filter((t) => t.desired === 'run').length);
    for (const t of ts) {
      const ev = `${oldIds.has(t.id) ? 'old' : 'new'}:${t.desired}:${t.ready}:${t.id}`;
      if (!order.includes(ev)) order.push(ev);
    }
  });
  const put = await h.req('PUT', '/v2/apps/roll?force=true', { ...app, cmd: 'sleep 2000' });
  expect(put.status).toBe(200);
  const version = (await h.req('GET', '/v2/apps/roll')).body.app.versionInfo.lastConfigChangeAt;
  expect(version).toBe(put.body.version);
  await until('rollout done', () => {
    const ts = view.tasksOf('/roll');
    return ts.length === 3 && ts.every((t) => !oldIds.has(t.id) && isServing(t));
  });
  unsubscribe();
  // never fewer than 3 serving (minimumHealthCapacity 1), never more than 4 wanted (floor(1.34 × 3))
  expect(minServing).toBe(3);
  expect(maxWanted).toBe(4);
  // each old task was stopped only after a new one was ready
  const firstStop = order.findIndex((e) => e.startsWith('old:stop'));
  const firstNewReady = order.findIndex((e) => e.startsWith('new:run:true'));
  expect(firstNewReady).toBeGreaterThanOrEqual(0);
  expect(firstStop).toBeGreaterThan(firstNewReady);
  const tasks = (await h.req('GET', '/v2/apps/roll/tasks')).body.tasks as Array<{ version: string }>;
  expect(tasks).toHaveLength(3);
  // scaling afterwards is not a config change: nothing is replaced
  const before = new Set(view.tasksOf('/roll').map((t) => t.id));
  expect((await h.req('PUT', '/v2/apps/roll?force=true', { instances: 4 })).status).toBe(200);
  await until('4 serving', () => view.tasksOf('/roll').filter(isServing).length === 4);
  expect(view.tasksOf('/roll').filter((t) => before.has(t.id))).toHaveLength(3);
});

test('failing tasks are replaced with a growing delay, capped; a new config resets it', async () => {
  const app = { id: '/crash', cmd: 'false', instances: 1, backoffSeconds: 0.3, backoffFactor: 2, maxLaunchDelaySeconds: 1 };
  let failing = true;
  simulateAgents('/crash', () => (failing ? 'fail' : 'run'));
  const view = h.svc.core.ctx.view;
  const launches: number[] = [];
  const seen = new Set<string>();
  const unsubscribe = view.subscribe(() => {
    for (const t of view.tasksOf('/crash')) {
      if (!seen.has(t.id)) {
        seen.add(t.id);
        launches.push(Date.now());
      }
    }
  });
  try {
    expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
    await until('6 launches', () => launches.length >= 6, 20_000);
    const gaps = launches.slice(1, 6).map((t, i) => t - launches[i]);
    // delays after failures 1..5: 300, 600, 1000 (capped), 1000, 1000 ms (+ up to one reconcile interval)
    const expected = [300, 600, 1000, 1000, 1000];
    gaps.forEach((g, i) => {
      expect(g).toBeGreaterThanOrEqual(expected[i] - 50);
      expect(g).toBeLessThan(expected[i] + 700);
    });
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    // a new config clears the delay: its task launches at once and runs
    failing = false;
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    const n = launches.length;
    expect((await h.req('PUT', '/v2/apps/crash?force=true', { ...app, cmd: 'true' })).status).toBe(200);
    await until('launch after the new config', () => launches.length > n);
    expect(launches[n] - t0).toBeLessThan(500);
    await until('running', () => view.tasksOf('/crash').some(isServing));
  } finally {
    unsubscribe();
  }
});

test('a rollout that drops a VIP and a service port keeps them for the app while an old task lives, frees them after', async () => {
  const view = h.svc.core.ctx.view;
  const oldIds = new Set<string>();
  simulateAgents('/drop', () => 'run');
  const app = {
    id: '/drop',
    cmd: 'sleep 1000',
    instances: 2,
    upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 0 },
    portDefinitions: [
      { port: 0, labels: { VIP_0: '/drop-keep:80' } },
      { port: 15001, labels: { VIP_1: '/drop-gone:81' } },
    ],
  };
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  await until('2 serving', () => view.tasksOf('/drop').filter(isServing).length === 2);
  for (const t of view.tasksOf('/drop')) oldIds.add(t.id);
  const goneVip = view.tasksOf('/drop')[0].vips.find((v) => v.label === '/drop-gone:81')!;
  expect(goneVip).toBeDefined();
  const spKey = 'alloc/serviceports/15001';
  const vipKey = `alloc/vips/${goneVip.ip}:81`;
  // from now on the agents keep new tasks staging (not ready): the old ones keep serving
  if (sim) clearInterval(sim);
  simulateAgents('/drop', () => 'run', 60_000);
  const put = await h.req('PUT', '/v2/apps/drop?force=true', { ...app, cmd: 'sleep 2000', portDefinitions: [app.portDefinitions[0]] });
  expect(put.status).toBe(200);
  await until('a new task staged', () => view.tasksOf('/drop').some((t) => !oldIds.has(t.id)));
  // old tasks still serve behind the dropped service port and VIP: both stay the app's
  expect(view.tasksOf('/drop').filter((t) => oldIds.has(t.id) && isServing(t)).length).toBeGreaterThan(0);
  expect(view.value<{ appId: string }>(spKey)?.appId).toBe('/drop');
  expect(view.value<{ appId: string }>(vipKey)?.appId).toBe('/drop');
  const takeSp = await h.req('POST', '/v2/apps', { id: '/other-sp', cmd: 'sleep 1', instances: 0, portDefinitions: [{ port: 15001 }] });
  expect(takeSp.status).toBe(409);
  expect(takeSp.body.code).toBe('MARINA_ERR_SERVICE_PORT_EXHAUSTED');
  const takeVip = await h.req('POST', '/v2/apps', { id: '/other-vip', cmd: 'sleep 1', instances: 0, portDefinitions: [{ port: 0, labels: { VIP_0: '/drop-gone:81' } }] });
  expect(takeVip.status).toBe(409);
  expect(takeVip.body.code).toBe('MARINA_ERR_VIP_CONFLICT');
  // the reconciler must not free them either while old tasks live
  await new Promise((r) => setTimeout(r, 600));
  expect(view.entry(spKey)).toBeDefined();
  expect(view.entry(vipKey)).toBeDefined();
  // let new tasks run: the rollout completes and the last old task's release frees both
  if (sim) clearInterval(sim);
  simulateAgents('/drop', () => 'run');
  await until('rollout done', () => {
    const ts = view.tasksOf('/drop');
    return ts.length === 2 && ts.every((t) => !oldIds.has(t.id) && isServing(t));
  });
  await until('dropped keys freed', () => !view.entry(spKey) && !view.entry(vipKey));
  // kept ones stay
  const keep = view.tasksOf('/drop')[0].vips.find((v) => v.label === '/drop-keep:80')!;
  expect(view.value<{ appId: string }>(`alloc/vips/${keep.ip}:80`)?.appId).toBe('/drop');
  expect(view.tasksOf('/drop')[0].vips).toHaveLength(1);
  const sp = await h.req('POST', '/v2/apps', { id: '/other-sp', cmd: 'sleep 1', instances: 0, portDefinitions: [{ port: 15001 }] });
  expect(sp.status).toBe(201);
  const vip = await h.req('POST', '/v2/apps', { id: '/other-vip', cmd: 'sleep 1', instances: 0, portDefinitions: [{ port: 0, labels: { VIP_0: '/drop-gone:81' } }] });
  expect(vip.status).toBe(201);
  expect(view.value<{ appId: string }>(spKey)?.appId).toBe('/other-sp');
  expect(view.value<{ appId: string }>(vipKey)?.appId).toBe('/other-vip');
});

test('a task of the current config turning ready resets the launch delay', async () => {
  const app = { id: '/flaky', cmd: 'x', instances: 1, backoffSeconds: 0.5, backoffFactor: 2, maxLaunchDelaySeconds: 5 };
  let failing = true;
  simulateAgents('/flaky', () => (failing ? 'fail' : 'run'));
  const view = h.svc.core.ctx.view;
  const backoff = () => view.value<{ failures: number; nextLaunchAt: number }>('backoff/flaky');
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  await until('3 failures in a row', () => (backoff()?.failures ?? 0) >= 3);
  failing = false;
  await until('serving', () => view.tasksOf('/flaky').some(isServing));
  await until('delay reset', () => backoff() === undefined);
  // the next failure starts from backoffSeconds again, not from the 4th step
  failing = true;
  const t = view.tasksOf('/flaky')[0];
  await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_FAILED', ready: false });
  await until('one failure recorded', () => backoff() !== undefined);
  expect(backoff()!.failures).toBe(1);
});

test('a scale-up while the app backs off waits for the launch delay', async () => {
  const app = { id: '/slow', cmd: 'x', instances: 1, backoffSeconds: 1.5, backoffFactor: 1, maxLaunchDelaySeconds: 1.5 };
  let failing = true;
  simulateAgents('/slow', () => (failing ? 'fail' : 'run'));
  const view = h.svc.core.ctx.view;
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  await until('backing off', () => view.value('backoff/slow') !== undefined && view.tasksOf('/slow').length === 0);
  failing = false;
  const { nextLaunchAt } = view.value<{ nextLaunchAt: number }>('backoff/slow')!;
  expect(nextLaunchAt - Date.now()).toBeGreaterThan(800);
  const scale = await h.req('PUT', '/v2/apps/slow?force=true', { instances: 3 });
  expect(scale.status).toBe(200);
  expect((await h.req('GET', '/v2/apps/slow')).body.app.instances).toBe(3);
  // nothing launches before the delay is over
  expect(view.tasksOf('/slow')).toHaveLength(0);
  await until('3 serving after the delay', () => view.tasksOf('/slow').filter(isServing).length === 3);
  for (const t of view.tasksOf('/slow')) expect(Date.parse(t.stagedAt)).toBeGreaterThanOrEqual(nextLaunchAt);
});

jest.setTimeout(40_000);
