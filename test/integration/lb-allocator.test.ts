/**
 * The lb on the real allocator watch stream (GrpcClusterFeed): an app posted
 * to Marathon's /v2/apps with a named VIP label gets a VIP from the
 * allocator's range; once the agent reports its tasks running and ready, the
 * lb on a netns host programs it and curl through the VIP reaches the tasks
 * (agent IP + allocated host port). Killing a task drains it from the VIP.
 * marina_lb_programming_duration_seconds counts each of those serving changes.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { startLb, cleanupLb, type RunningLb } from '../../services/lb/service';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { waitUntil } from '../helpers/_children';
import { cleanupNetns, netnsExec } from '../helpers/netns';
import { Topology } from '../helpers/lb-topology';

jest.setTimeout(90_000);

interface MTask { id: string; agentId: string; state: string; ports: number[]; desired: string }

describe('lb on the allocator watch stream', () => {
  const topo = new Topology('a');
  let alloc: Harness;
  let agents: GrpcAgentApi;
  let lb: RunningLb | undefined;
  let h1 = '';

  beforeAll(async () => {
    await topo.underlay();
    h1 = await topo.host('h1', 1);
    for (const [i, o] of [[1, 11], [2, 12]]) await topo.node(`b${i}`, o);
    alloc = await startHarness({ vipRange: '198.19.250.0/24' });
    agents = new GrpcAgentApi({ address: alloc.svc.grpcAddress, credentials: alloc.credentials });
    for (const o of [11, 12]) await agents.registerAgent({ id: `S${o}`, hostname: `host-${o}`, ip: `198.18.2.${o}`, portRanges: [{ begin: 31000, end: 31999 }] });
  });

  afterAll(async () => {
    await lb?.stop();
    if (h1) await cleanupLb(h1).catch(() => undefined);
    await topo.stop();
    agents?.close?.();
    await alloc?.stop();
    await cleanupNetns();
  });

  /** marina_lb_programming_duration_seconds_count on the lb's /metrics. */
  async function programmingCount(): Promise<number> {
    const { port } = lb!.http.address() as { port: number };
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/^marina_lb_programming_duration_seconds_count(?:\{[^}]*\})? (\d+)/m.exec(text)?.[1] ?? NaN);
  }

  it('programs a named VIP from /v2/apps and serves ready tasks only', async () => {
    const app = { id: '/web', instances: 2, cpus: 0.1, mem: 32, cmd: 'serve', constraints: [['hostname', 'UNIQUE']], portDefinitions: [{ port: 0, protocol: 'tcp', labels: { VIP_0: '/web:80' } }] };
    expect((await alloc.req('POST', '/v2/apps', app)).status).toBe(201);
    let tasks: MTask[] = [];
    await waitUntil('2 tasks placed', async () => (tasks = ((await alloc.req('GET', '/v2/apps/web?embed=app.marina')).body as { app?: { tasks: MTask[] } }).app?.tasks ?? []).length === 2, 15_000);
    for (const t of tasks) topo.startServer(topo.ns(`b${t.agentId === 'S11' ? 1 : 2}`), t.id, t.ports[0]);
    lb = await startLb({
      allocator: alloc.svc.grpcAddress, mode: 'nftables', listen: '127.0.0.1:0', syncPeriodMs: 60_000, minSyncMs: 10, clusterCidrs: ['198.18.0.0/15'],
      masqueradeAll: false, edge: false, edgeAddress: '127.0.0.1', edgeHttpPort: 0, edgeGroup: 'external', edgeStrict: false, netns: h1,
      // lb follows the watch with a viewer identity, as on a cluster.
      feed: new GrpcClusterFeed({ address: alloc.svc.grpcAddress, credentials: { token: (await alloc.svc.auth.tokens.create({ role: 'viewer' })).token } }),
    });
    let vip = '';
    await waitUntil('VIP programmed (no backends yet: tasks are staging)', async () => {
      const svc = [...lb!.syncer.applied.values()].find((s) => s.appIds.includes('/web'));
      vip = svc ? `${svc.ip}:${svc.port}` : '';
      return svc !== undefined && svc.backends.length === 0;
    }, 15_000);
    expect(vip).toMatch(/^198\.19\.250\.\d+:80$/);
    expect((await netnsExec(h1, ['curl', '-sS', '-m', '3', `http://${vip}/`], { allowFail: true })).code).toBe(7); // rejected
    const counted = await programmingCount();
    for (const t of tasks) await agents.reportTaskStatus(t.agentId, { taskId: t.id, state: 'TASK_RUNNING', ready: true });
    await waitUntil('2 backends', async () => [...lb!.syncer.applied.values()].find((s) => s.appIds.includes('/web'))?.backends.length === 2, 15_000);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) seen.add((await netnsExec(h1, ['curl', '-sS', '-m', '3', `http://${vip}/`])).stdout);
    expect([...seen].sort()).toEqual(tasks.map((t) => t.id).sort());
    // Kill one task: it leaves the VIP (drain) before the agent reports it gone.
    expect((await alloc.req('DELETE', `/v2/apps/web/tasks/${tasks[0].id}?scale=true`)).status).toBe(200);
    await waitUntil('1 backend', async () => [...lb!.syncer.applied.values()].find((s) => s.appIds.includes('/web'))?.backends.length === 1, 15_000);
    for (let i = 0; i < 20; i++) expect((await netnsExec(h1, ['curl', '-sS', '-m', '3', `http://${vip}/`])).stdout).toBe(tasks[1].id);
    // Network-programming latency: every serving change of this test (2 ready, 1 stopped) observed once.
    expect((await programmingCount()) - counted).toBe(3);
  });
});
