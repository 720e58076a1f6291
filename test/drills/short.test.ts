/**
 * Drills, short form (runs with every test, deploy/test.sh, jest project `drills`):
 * a real etcd, real `marina allocator` processes, and protocol agents
 * (harness/sim-agent.ts) that register, keep alive and report over the
 * agent's gRPC API. Each drill breaks the control plane the way operators
 * do and asserts: 0 duplicate ports or IPs, 0 tasks evicted by a control-
 * plane restart, every task's state correct after recovery; it prints its
 * recovery times (DRILL lines; figures in test/drills/README.md). No timed
 * assertions: timeouts are generous, times are printed.
 */
import { ControlPlane } from './harness/control-plane';
import { SimAgent } from './harness/sim-agent';
import { converged, duplicates, evicted, figure, readCluster, type ClusterView } from './harness/invariants';
import { until } from '../helpers/until';

jest.setTimeout(300_000);

const FLAGS = ['--agent-lease-ttl', '3', '--reconcile-interval', '0.5', '--store-timeout', '1', '--default-networks', 'drillnet=198.19.64.0/18:vxlan'];
const web = (instances: number) => ({ id: '/drill/web', cmd: 'sleep 1000', instances, cpus: 0.01, mem: 1, portDefinitions: [{ port: 0 }] });
const net = (instances: number) => ({
  id: '/drill/net', cmd: 'sleep 1000', instances, cpus: 0.01, mem: 1,
  networks: [{ mode: 'container', name: 'drillnet' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] },
});

let cp: ControlPlane | undefined;
let agents: SimAgent[] = [];

/** An etcd, `replicas` allocators, and 3 protocol agents talking to replica `agentsOn` (default the first). */
async function startCluster(replicas: number, agentsOn?: (c: ControlPlane) => Promise<number>): Promise<ControlPlane> {
  cp = new ControlPlane(FLAGS);
  await cp.start(replicas);
  const c = cp;
  const target = agentsOn ? await agentsOn(c) : 0;
  agents = [1, 2, 3].map((i) => new SimAgent(`drill-a${i}`, `198.18.0.${50 + i}`, () => c.replicas[target]!.grpc, () => c.credentials));
  for (const a of agents) await a.start();
  return c;
}

afterEach(async () => {
  for (const a of agents) await a.kill();
  agents = [];
  await cp?.stop();
  cp = undefined;
});

async function waitConverged(c: ControlPlane, i: number, what: string): Promise<ClusterView> {
  return until(what, async () => {
    const v = await readCluster(c.get(i));
    return converged(v) ? v : undefined;
  }, 240_000, 250);
}

async function deploy(c: ControlPlane, i: number, apps: object[]): Promise<void> {
  for (const a of apps) {
    const res = await c.req(i, 'POST', '/v2/apps', a);
    if (res.status !== 201) throw new Error(`POST /v2/apps: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

function expectClean(view: ClusterView, before: ClusterView['tasks']): void {
  expect(duplicates(view)).toEqual([]);
  expect(evicted(before, view)).toEqual([]);
}

test('kill -9 the allocator during scale-ups (at several points of the commit): no duplicate, no eviction, all running after restart', async () => {
  const c = await startCluster(1);
  await deploy(c, 0, [web(10), net(10)]);
  let view = await waitConverged(c, 0, 'first 20 tasks running');
  for (const [webN, netN, killAfterMs] of [[60, 40, 0], [120, 60, 150], [140, 60, 600]] as const) {
    const before = view.tasks;
    const scale = Promise.all([c.req(0, 'PUT', '/v2/apps/drill/web', { instances: webN }), c.req(0, 'PUT', '/v2/apps/drill/net', { instances: netN })]).catch(() => undefined);
    await new Promise((r) => setTimeout(r, killAfterMs));
    await c.kill9(0);
    await scale;
    const restartAt = Date.now();
    await c.startReplica(0);
    const upAt = Date.now();
    view = await waitConverged(c, 0, `converged after the kill at +${killAfterMs} ms`);
    figure('allocator-kill9-scale-up', { killAfterMs, tasks: view.tasks.length, restartSeconds: (upAt - restartAt) / 1000, convergedSeconds: (Date.now() - restartAt) / 1000 });
    expectClean(view, before);
    // finish the scale-up the kill interrupted: the same PUTs again
    for (const [path, instances] of [['/v2/apps/drill/web', webN], ['/v2/apps/drill/net', netN]] as const) expect((await c.req(0, 'PUT', path, { instances })).status).toBe(200);
    view = await waitConverged(c, 0, 'scale-up finished');
    expect(view.tasks).toHaveLength(webN + netN);
    expect(duplicates(view)).toEqual([]);
  }
  expect(agents.every((a) => !a.stopped)).toBe(true);
});

test('two replicas, the leader killed: the other leads, evicts nothing, and places new instances', async () => {
  // the agents talk to the follower (as they would through a load balancer in front of both, once the leader is gone)
  const c = await startCluster(2, async (cp2) => 1 - (await cp2.leader()));
  const leader = await c.leader();
  const follower = 1 - leader;
  await deploy(c, follower, [web(30), net(30)]);
  const before = (await waitConverged(c, follower, '60 tasks running')).tasks;

  const killedAt = Date.now();
  await c.kill9(leader);
  await until('the follower leads', async () => (await c.req(follower, 'GET', '/health')).body.leader === true, 120_000, 100);
  const ledAt = Date.now();
  const judging = await until('the new leader judges agents', async () => {
    const h = (await c.req(follower, 'GET', '/health')).body as { agentsJudgedFrom?: string };
    return h.agentsJudgedFrom && Date.parse(h.agentsJudgedFrom) + 2_000 < Date.now() ? Date.parse(h.agentsJudgedFrom) : undefined;
  }, 120_000, 250);
  let view = await waitConverged(c, follower, 'still converged under the new leader');
  expectClean(view, before);
  expect((await c.req(follower, 'PUT', '/v2/apps/drill/web', { instances: 60 })).status).toBe(200);
  view = await waitConverged(c, follower, 'scaled by the new leader');
  expect(view.tasks).toHaveLength(90);
  expectClean(view, before);
  figure('leader-killed', { tasks: before.length, newLeaderSeconds: (ledAt - killedAt) / 1000, judgingAfterSeconds: (judging - killedAt) / 1000 });
});

test('etcd frozen (SIGSTOP) and etcd stopped, each past the agent lease TTL: writes answer 503, nothing evicted, all running after', async () => {
  const c = await startCluster(1);
  await deploy(c, 0, [web(30), net(30)]);
  const before = (await waitConverged(c, 0, '60 tasks running')).tasks;
  await until('leader judging', async () => {
    const h = (await c.req(0, 'GET', '/health')).body as { agentsJudgedFrom?: string };
    return h.agentsJudgedFrom !== undefined && Date.parse(h.agentsJudgedFrom) < Date.now();
  }, 60_000);

  for (const outage of ['freeze', 'stop'] as const) {
    const seconds = 10;
    if (outage === 'freeze') process.kill(c.etcd.pid, 'SIGSTOP');
    else await c.etcd.stop();
    const from = Date.now();
    try {
      await until('health degraded', async () => (await c.req(0, 'GET', '/health')).body.status === 'degraded', 30_000, 200);
      const write = await c.req(0, 'PUT', '/v2/apps/drill/web', { instances: 31 });
      expect(write.status).toBe(503);
      await until(`${seconds} s of outage`, () => Date.now() - from >= seconds * 1000, 60_000);
    } finally {
      if (outage === 'freeze') process.kill(c.etcd.pid, 'SIGCONT');
      else await c.etcd.restart();
    }
    const backAt = Date.now();
    await until('health ok', async () => (await c.req(0, 'GET', '/health')).body.status === 'ok', 60_000, 200);
    const healthyAt = Date.now();
    // past the grace period that started when the store came back, then look
    await until('judging again', async () => {
      const h = (await c.req(0, 'GET', '/health')).body as { agentsJudgedFrom?: string };
      return h.agentsJudgedFrom !== undefined && Date.parse(h.agentsJudgedFrom) + 2_000 < Date.now();
    }, 120_000, 250);
    const view = await waitConverged(c, 0, `converged after the ${outage}`);
    expectClean(view, before);
    // the write that answered 503 may still have applied (its txn reached etcd): 60 or 61 tasks
    expect(view.tasks.length === 60 || view.tasks.length === 61).toBe(true);
    figure(`etcd-${outage}`, { outageSeconds: (backAt - from) / 1000, healthySeconds: (healthyAt - backAt) / 1000, reRegistrations: agents.reduce((n, a) => n + a.reRegistrations, 0) });
  }
});

test('kill -9 an agent: after the grace period its tasks are replaced on the others; nothing else moves, no duplicate', async () => {
  const c = await startCluster(1);
  await deploy(c, 0, [web(30), net(30)]);
  const before = (await waitConverged(c, 0, '60 tasks running')).tasks;
  const dead = agents[2]!;
  const killedAt = Date.now();
  await dead.kill();
  const view = await until('replaced on the live agents', async () => {
    const v = await readCluster(c.get(0));
    return converged(v) && v.tasks.every((t) => t.agentId !== dead.id) ? v : undefined;
  }, 240_000, 250);
  figure('agent-kill9', { lostTasks: before.filter((t) => t.agentId === dead.id).length, replacedSeconds: (Date.now() - killedAt) / 1000 });
  expect(duplicates(view)).toEqual([]);
  expect(evicted(before.filter((t) => t.agentId !== dead.id), view)).toEqual([]);
  expect(view.tasks).toHaveLength(60);
});
