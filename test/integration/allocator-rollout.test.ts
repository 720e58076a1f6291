/**
 * Marathon's upgradeStrategy on PUT of a new config (rolling replacement
 * within minimumHealthCapacity / maximumOverCapacity: start new, wait for
 * ready, then stop old) and backoffSeconds / backoffFactor /
 * maxLaunchDelaySeconds for tasks that keep failing. Agents are played by
 * the test through the real gRPC agent API.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { isServing, type Task } from '../../lib/model/cluster';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

let h: Harness;
let agents: GrpcAgentApi;
let sim: NodeJS.Timeout | undefined;

beforeEach(async () => {
  h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress });
  await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11' });
  await agents.registerAgent({ id: 'agent-2', hostname: 'host-2', ip: '198.18.0.12' });
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
  const put = await h.req('PUT', '/v2/apps/roll', { ...app, cmd: 'sleep 2000' });
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
  expect((await h.req('PUT', '/v2/apps/roll', { instances: 4 })).status).toBe(200);
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
    expect((await h.req('PUT', '/v2/apps/crash', { ...app, cmd: 'true' })).status).toBe(200);
    await until('launch after the new config', () => launches.length > n);
    expect(launches[n] - t0).toBeLessThan(500);
    await until('running', () => view.tasksOf('/crash').some(isServing));
  } finally {
    unsubscribe();
  }
});

jest.setTimeout(40_000);
