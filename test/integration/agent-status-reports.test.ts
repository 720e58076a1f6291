/**
 * Task status always arrives (issue 13 item 3), with the real allocator
 * (in-process, embedded store, loopback ports) and an in-process agent over
 * gRPC in a simulated host netns. The allocator is stopped as its tasks
 * reach the agent and stays away for 10 s, far longer than the agent's old
 * retry window (3 tries in ~1.2 s), while the tasks start; once it is back,
 * every task is TASK_RUNNING in its view. Also across an agent restart while
 * the reports are still pending.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import type { ClusterEvent, ClusterFeed, FeedHandler } from '../../lib/feed/feed';
import { MarinaAgent } from '../../services/agent/agent';
import { netnsPrefix } from '../../services/agent/names';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import type { GrpcCredentials } from '../../lib/client/grpc-call';
import { waitUntil } from '../helpers/_children';
import { listNetns } from '../helpers/netns';
import { freePort } from '../helpers/ports';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';

jest.setTimeout(90_000);

const OUTAGE_MS = 10_000;
const N = 6;

let under: SimUnderlay;
let dir: string;
let flags: Record<string, unknown>;
let grpc: string;
let h: Harness | undefined;
let agent: MarinaAgent | undefined;
const apis: GrpcAgentApi[] = [];
const agentDirs: string[] = [];

/**
 * The agent's real gRPC feed, with one hook: when the first batch placing
 * tasks of appId arrives, `before` runs (stopping the allocator) and only
 * then is the batch handed to the agent, so the agent launches those tasks
 * while the allocator is away.
 */
class StopAllocatorOnPlacement implements ClusterFeed {
  private fired = false;
  constructor(private readonly inner: ClusterFeed, private readonly appId: string, private readonly before: () => Promise<void>) {}
  start(handler: FeedHandler): Promise<void> {
    return this.inner.start({
      onSnapshot: (s) => handler.onSnapshot(s),
      onEvents: (rev, events) => {
        const places = events.some((e: ClusterEvent) => e.kind === 'task' && e.op === 'put' && e.value.appId === this.appId);
        if (this.fired || !places) return handler.onEvents(rev, events);
        this.fired = true;
        void this.before().then(() => handler.onEvents(rev, events));
      },
    });
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
}

let creds: GrpcCredentials = {};

function newAgent(dataDir: string, feed: ClusterFeed): MarinaAgent {
  const api = new GrpcAgentApi({ address: grpc, credentials: creds });
  apis.push(api);
  return new MarinaAgent({
    registration: { id: under.hosts[0].name, hostname: under.hosts[0].name, ip: under.hosts[0].ip, portRanges: [{ begin: 31000, end: 32000 }] },
    feed,
    api,
    dataDir,
    cniPath: ['/usr/lib/cni'],
    mtu: 1500,
    hostNetns: under.hosts[0].netns,
    killGraceMs: 500,
    keepAliveMs: 500,
  });
}

async function tasksOf(appId: string): Promise<Array<{ id: string; state: string }>> {
  const res = await h!.req('GET', `/v2/apps${appId}/tasks`);
  return (res.body as { tasks: Array<{ id: string; state: string }> }).tasks;
}

beforeAll(async () => {
  under = await createHosts('marina-sr', '198.18.43', 1);
  dir = mkdtempSync(join(tmpdir(), 'marina-sr-alloc-'));
  grpc = `127.0.0.1:${await freePort()}`;
  // a lease outliving the outage: this test is about reports, not agent liveness (issue 13 item 1)
  flags = { apiListen: `127.0.0.1:${await freePort()}`, grpcListen: grpc, agentLeaseTtl: 120 };
  h = await startHarness(flags, dir);
  // the admin's token lives in the store: it stays valid across the allocator restarts below
  creds = h.credentials;
});

afterEach(async () => {
  await agent?.stop({ killTasks: true }).catch(() => undefined);
  agent = undefined;
  apis.splice(0).forEach((a) => a.close());
  agentDirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

afterAll(async () => {
  await h?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-sr') || n.startsWith(netnsPrefix('marina-sr1')));
  expect(left).toEqual([]);
});

/** Post appId with N instances; the allocator is stopped as they reach the agent. Resolves once it is down. */
async function deployThenStopAllocator(appId: string, dataDir: string): Promise<MarinaAgent> {
  let down!: () => void;
  const isDown = new Promise<void>((r) => (down = r));
  const feed = new StopAllocatorOnPlacement(new GrpcClusterFeed({ address: grpc, maxBackoffMs: 500, credentials: creds }), appId, async () => {
    await h!.stop();
    h = undefined;
    down();
  });
  const a = newAgent(dataDir, feed);
  await a.start();
  await waitUntil('agent synced', async () => a.isSynced, 10_000);
  expect((await h!.req('POST', '/v2/apps', { id: appId, cmd: 'exec sleep 600', instances: N, cpus: 0.01, mem: 8 })).status).toBe(201);
  await isDown;
  return a;
}

test(`every task reaches TASK_RUNNING in the allocator's view after it was away ${OUTAGE_MS / 1000} s while they started`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marina-sr-agent-'));
  agentDirs.push(dataDir);
  agent = await deployThenStopAllocator('/sr-outage', dataDir);
  await waitUntil('tasks started', async () => [...agent!.lives.values()].filter((l) => l.live.phase === 'running').length === N, 20_000);
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  // the reports are still waiting, well past the old window
  expect(agent.reporter.size).toBe(N);
  expect(agent.reporter.failures).toBeGreaterThan(3 * N);
  h = await startHarness(flags, dir);
  await waitUntil(`${N} tasks running in the allocator`, async () => (await tasksOf('/sr-outage')).filter((t) => t.state === 'TASK_RUNNING').length === N, 30_000);
  await waitUntil('no report pending', async () => agent!.reporter.size === 0, 10_000);
  expect(await h.req('DELETE', '/v2/apps/sr-outage?force=true')).toMatchObject({ status: 200 });
});

test('an agent restarted while its reports were pending re-reports its re-adopted tasks', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'marina-sr-agent-'));
  agentDirs.push(dataDir);
  const first = await deployThenStopAllocator('/sr-restart', dataDir);
  agent = first;
  await waitUntil('tasks started', async () => [...first.lives.values()].filter((l) => l.live.phase === 'running').length === N, 20_000);
  expect(first.reporter.size).toBe(N);
  await first.stop(); // tasks keep running; the pending reports die with this agent
  h = await startHarness(flags, dir);
  expect((await tasksOf('/sr-restart')).filter((t) => t.state === 'TASK_RUNNING')).toEqual([]);
  agent = newAgent(dataDir, new GrpcClusterFeed({ address: grpc, credentials: creds }));
  await agent.start();
  expect([...agent.lives.values()].filter((l) => l.live.phase === 'running')).toHaveLength(N); // re-adopted, not relaunched
  await waitUntil(`${N} tasks running in the allocator`, async () => (await tasksOf('/sr-restart')).filter((t) => t.state === 'TASK_RUNNING').length === N, 30_000);
  expect(await h.req('DELETE', '/v2/apps/sr-restart?force=true')).toMatchObject({ status: 200 });
});
