/**
 * A control-plane restart or a store outage is not evidence that agents
 * died (issue: a restarted allocator evicted every task). Agents here act as
 * the real agent does: keep-alive every 300 ms, re-register under the same id
 * when the allocator answers that their lease is gone.
 *  - restart on the embedded store, with leases lapsed while it was down: the
 *    agent that comes back keeps its tasks (same ids, never TASK_LOST); one
 *    that never comes back is called lost, but not before the grace period;
 *  - an etcd frozen (SIGSTOP) past the lease TTL: /health says degraded, a
 *    write answers 503 instead of hanging, and after the thaw no task is lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { isMarinaError } from '../../lib/errors';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { startEtcd } from '../helpers/etcd';

jest.setTimeout(90_000);

async function until<T>(what: string, fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An agent's keep-alive loop as services/agent does it, against whichever allocator `target()` names. */
function agentLoop(id: string, ip: string, target: () => Harness) {
  let api: GrpcAgentApi | undefined;
  let address = '';
  let stopped = false;
  const tick = async () => {
    if (address !== target().svc.grpcAddress) {
      api?.close();
      address = target().svc.grpcAddress;
      api = new GrpcAgentApi({ address, credentials: target().credentials });
    }
    try {
      await api!.keepAlive(id);
    } catch (err) {
      if (isMarinaError(err, 'MARINA_ERR_LEASE_NOT_FOUND')) await api!.registerAgent({ id, hostname: id, ip }).catch(() => undefined);
    }
  };
  const timer = setInterval(() => void (stopped ? undefined : tick()), 300);
  return {
    register: async () => {
      address = target().svc.grpcAddress;
      api = new GrpcAgentApi({ address, credentials: target().credentials });
      await api.registerAgent({ id, hostname: id, ip });
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      api?.close();
    },
  };
}

/** Task puts streamed from an allocator: (task id, agent, state, when). */
async function follow(h: Harness) {
  const seen: Array<{ id: string; agentId: string; state: string; at: number }> = [];
  const feed = new GrpcClusterFeed({ address: h.svc.grpcAddress, credentials: h.credentials });
  await feed.start({
    onSnapshot: () => undefined,
    onEvents: (_rev, evs) => {
      for (const e of evs) if (e.kind === 'task' && e.op === 'put') seen.push({ id: e.id, agentId: e.value.agentId, state: e.value.state, at: Date.now() });
    },
  });
  await feed.synced();
  return { seen, stop: () => feed.stop() };
}

const lostMetric = async (h: Harness) => Number(/marina_allocator_tasks_lost_total\{service="allocator"\} (\d+)/.exec((await h.req('GET', '/metrics')).body as string)?.[1]);

test('a restarted allocator keeps the tasks of agents that come back, and judges the others only after the grace period', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-failover-'));
  const flags = { agentLeaseTtl: 1, agentGracePeriod: 4, reconcileInterval: 0.2 };
  let h: Harness = await startHarness(flags, dir);
  const back = agentLoop('back', '198.18.0.41', () => h);
  const gone = agentLoop('gone', '198.18.0.42', () => h);
  let feed: Awaited<ReturnType<typeof follow>> | undefined;
  try {
    await back.register();
    await gone.register();
    const app = { id: '/pair', cmd: 'sleep 1000', instances: 2, constraints: [['hostname', 'UNIQUE']], portDefinitions: [{ port: 0 }] };
    expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
    const before = (await h.req('GET', '/v1/tasks?app=/pair')).body.tasks as Array<{ id: string; agentId: string }>;
    expect(before.map((t) => t.agentId).sort()).toEqual(['back', 'gone']);

    await h.stop();
    gone.stop(); // this agent dies while no allocator runs
    await new Promise((r) => setTimeout(r, 2_500)); // both leases lapse in the store meanwhile
    h = await startHarness(flags, dir);
    feed = await follow(h);
    const judgingFrom = h.svc.core.liveness.judgingFrom();
    expect(judgingFrom).toBeGreaterThanOrEqual(Date.now() + 2_000);

    await until('the agent that came back re-registered', () => h.svc.core.ctx.view.agents.has('back'));
    const goneTask = before.find((t) => t.agentId === 'gone')!;
    const backTask = before.find((t) => t.agentId === 'back')!;
    await until('the dead agent\'s task lost and released', () => !h.svc.core.ctx.view.tasks.has(goneTask.id));
    // the Watch stream trails the allocator's own view
    await until('TASK_LOST streamed', () => feed!.seen.some((e) => e.state === 'TASK_LOST'));
    const lost = feed.seen.filter((e) => e.state === 'TASK_LOST');
    expect(lost.map((e) => e.id)).toEqual([goneTask.id]);
    expect(lost[0]!.at).toBeGreaterThanOrEqual(judgingFrom!);
    // the live agent's task is the same task, still running, never lost
    expect(h.svc.core.ctx.view.tasks.get(backTask.id)).toMatchObject({ agentId: 'back', desired: 'run', state: 'TASK_STAGING' });
    expect(await lostMetric(h)).toBe(1);
  } finally {
    back.stop();
    gone.stop();
    await feed?.stop();
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an etcd frozen past the agents\' lease TTL: degraded, writes answer 503, and no task is lost after the thaw', async () => {
  const etcd = await startEtcd();
  const h = await startHarness({ store: 'etcd', etcdEndpoints: etcd.endpoint, agentLeaseTtl: 2, reconcileInterval: 0.2, storeTimeout: 1 });
  const agent = agentLoop('steady', '198.18.0.43', () => h);
  let feed: Awaited<ReturnType<typeof follow>> | undefined;
  let frozen = false;
  try {
    await agent.register();
    expect((await h.req('POST', '/v2/apps', { id: '/web', cmd: 'sleep 1000', instances: 3, portDefinitions: [{ port: 0 }] })).status).toBe(201);
    feed = await follow(h);
    const before = [...h.svc.core.ctx.view.tasks.keys()].sort();
    expect(before).toHaveLength(3);
    // wait out the first grace period so the leader is judging agents for real
    await until('leader judging', () => (h.svc.core.liveness.judgingFrom() ?? Infinity) <= Date.now(), 20_000);

    process.kill(etcd.pid, 'SIGSTOP');
    frozen = true;
    await until('health degraded', async () => (await h.req('GET', '/health')).body.status === 'degraded', 10_000);
    const health = await h.req('GET', '/health');
    expect(health.body.store.healthy).toBe(false);
    expect(health.headers.get('warning')).toBe('110 - "Response is Stale"');
    const write = await fetch(`${h.base}/v2/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}` },
      body: JSON.stringify({ id: '/during', cmd: 'sleep 1000', instances: 1 }),
      signal: AbortSignal.timeout(8_000),
    });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { code: string }).code).toBe('MARINA_ERR_STORE_UNAVAILABLE');
    await new Promise((r) => setTimeout(r, 4_000)); // well past the 2 s agent lease TTL
    process.kill(etcd.pid, 'SIGCONT');
    frozen = false;

    await until('health ok again', async () => (await h.req('GET', '/health')).body.status === 'ok', 20_000);
    await until('agent registered after the thaw', () => h.svc.core.ctx.view.agents.has('steady'), 20_000);
    // past the grace period that started when the store came back
    await until('leader judging again', () => (h.svc.core.liveness.judgingFrom() ?? Infinity) + 1_000 <= Date.now(), 30_000);
    expect([...h.svc.core.ctx.view.tasks.keys()].filter((id) => id.startsWith('web.')).sort()).toEqual(before);
    expect(feed.seen.filter((e) => e.state === 'TASK_LOST')).toEqual([]);
    expect(await lostMetric(h)).toBe(0);
  } finally {
    if (frozen) process.kill(etcd.pid, 'SIGCONT');
    agent.stop();
    await feed?.stop();
    await h.stop();
    await etcd.destroy();
  }
});
