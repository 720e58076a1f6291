/**
 * Lease expiry (a dead agent's tasks are lost, reclaimed and replaced on a
 * live agent) and Watch resume (a GrpcClusterFeed survives an allocator
 * restart and resumes from its revision: nothing lost, nothing repeated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { makeClient } from '../../lib/client/grpc-call';
import type { WatchMessageMsg } from '../../lib/client/grpc-proto';
import type { ClusterEvent } from '../../lib/feed/feed';
import { isServing } from '../../lib/model/cluster';
import { startHarness } from '../../services/allocator/testing/harness';
import { startEtcd } from '../helpers/etcd';

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('an agent whose lease expires: its tasks go TASK_LOST on the Watch stream, are replaced elsewhere, then released', async () => {
  const h = await startHarness({ agentLeaseTtl: 1, reconcileInterval: 0.2 });
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  const feed = new GrpcClusterFeed({ address: h.svc.grpcAddress, credentials: h.credentials });
  const seen: Array<{ op: string; id: string; state?: string; agentId?: string; serving?: boolean }> = [];
  let keep: NodeJS.Timeout | undefined;
  try {
    await feed.start({
      onSnapshot: () => undefined,
      onEvents: (_rev, evs) => {
        for (const e of evs) {
          if (e.kind !== 'task') continue;
          seen.push(e.op === 'put' ? { op: 'put', id: e.id, state: e.value.state, agentId: e.value.agentId, serving: isServing(e.value) } : { op: 'delete', id: e.id });
        }
      },
    });
    await feed.synced();
    await api.registerAgent({ id: 'dying', hostname: 'dying', ip: '198.18.0.21' });
    const app = { id: '/svc', cmd: 'true', instances: 2, portDefinitions: [{ port: 0 }] };
    expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
    const first = (await h.req('GET', '/v1/tasks?app=/svc')).body.tasks as Array<{ id: string; agentId: string }>;
    expect(first.every((t) => t.agentId === 'dying')).toBe(true);
    await api.registerAgent({ id: 'alive', hostname: 'alive', ip: '198.18.0.22' });
    keep = setInterval(() => void api.keepAlive('alive').catch(() => undefined), 300);
    // 'dying' never keeps alive: its key expires with the lease
    const view = h.svc.core.ctx.view;
    await until('dying agent gone', () => !view.agents.has('dying'));
    await until('tasks replaced on alive', () => {
      const ts = view.tasksOf('/svc');
      return ts.length === 2 && ts.every((t) => t.agentId === 'alive');
    });
    // the Watch stream trails the allocator's own view: wait until it delivered the releases
    await until('releases streamed', () => seen.filter((e) => e.op === 'delete').length >= 2);
    for (const t of first) {
      const events = seen.filter((e) => e.id === t.id);
      const lost = events.findIndex((e) => e.op === 'put' && e.state === 'TASK_LOST');
      const deleted = events.findIndex((e) => e.op === 'delete');
      // TASK_LOST was streamed (not serving) before the task was deleted, exactly once each
      expect(lost).toBeGreaterThanOrEqual(0);
      expect(events[lost].serving).toBe(false);
      expect(deleted).toBeGreaterThan(lost);
      expect(events.filter((e) => e.op === 'delete')).toHaveLength(1);
    }
    // the replacements were launched before the lost tasks were released
    const firstReplacement = seen.findIndex((e) => e.op === 'put' && e.agentId === 'alive');
    const firstRelease = seen.findIndex((e) => e.op === 'delete');
    expect(firstReplacement).toBeGreaterThanOrEqual(0);
    expect(firstReplacement).toBeLessThan(firstRelease);
    const ports = (await h.req('GET', '/v1/alloc/ports')).body.allocations;
    expect(ports.map((p: { agentId: string }) => p.agentId)).toEqual(['alive', 'alive']);
    const metrics = (await h.req('GET', '/metrics')).body as string;
    expect(metrics).toMatch(/marina_allocator_tasks_lost_total\{service="allocator"\} 2/);
    await expect(api.keepAlive('dying')).rejects.toMatchObject({ code: 'MARINA_ERR_LEASE_NOT_FOUND' });
  } finally {
    if (keep) clearInterval(keep);
    await feed.stop();
    api.close();
    await h.stop();
  }
});

test('with no live agent left, a lost task goes TASK_LOST, is released, and the app keeps its instance count', async () => {
  const h = await startHarness({ agentLeaseTtl: 1, reconcileInterval: 0.2 });
  const api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  try {
    await api.registerAgent({ id: 'lonely', hostname: 'lonely', ip: '198.18.0.23' });
    expect((await h.req('POST', '/v2/apps', { id: '/solo', cmd: 'true', instances: 1 })).status).toBe(201);
    const states: string[] = [];
    const view = h.svc.core.ctx.view;
    const unsubscribe = view.subscribe(() => {
      for (const t of view.tasksOf('/solo')) states.push(t.state);
    });
    // no live agent to replace on: the lost task is released and the app waits for an agent
    await until('task released', () => states.includes('TASK_LOST') && view.tasksOf('/solo').length === 0);
    unsubscribe();
    const app = (await h.req('GET', '/v2/apps/solo')).body.app;
    expect(app.instances).toBe(1);
    expect(app.tasksRunning ?? 0).toBe(0);
    expect((await h.req('GET', '/v1/alloc/ports')).body.allocations).toEqual([]);
  } finally {
    api.close();
    await h.stop();
  }
});

test('with two replicas on one etcd, each lost task is marked, replaced and released exactly once', async () => {
  const etcd = await startEtcd();
  const flags = { store: 'etcd', etcdEndpoints: etcd.endpoint, agentLeaseTtl: 1, reconcileInterval: 0.1 };
  const replicas = [await startHarness(flags), await startHarness(flags)];
  const api = new GrpcAgentApi({ address: replicas[0].svc.grpcAddress, credentials: replicas[0].credentials });
  const feed = new GrpcClusterFeed({ address: replicas[1].svc.grpcAddress, credentials: replicas[1].credentials });
  const puts = new Map<string, string[]>();
  const deletes = new Map<string, number>();
  let keep: NodeJS.Timeout | undefined;
  try {
    await feed.start({
      onSnapshot: () => undefined,
      onEvents: (_rev, evs) => {
        for (const e of evs) {
          if (e.kind !== 'task') continue;
          if (e.op === 'put') puts.set(e.id, [...(puts.get(e.id) ?? []), `${e.value.agentId}:${e.value.state}`]);
          else deletes.set(e.id, (deletes.get(e.id) ?? 0) + 1);
        }
      },
    });
    await feed.synced();
    await api.registerAgent({ id: 'doomed', hostname: 'doomed', ip: '198.18.0.31' });
    expect((await replicas[1].req('POST', '/v2/apps', { id: '/pair', cmd: 'true', instances: 4, portDefinitions: [{ port: 0 }] })).status).toBe(201);
    await api.registerAgent({ id: 'steady', hostname: 'steady', ip: '198.18.0.32' });
    keep = setInterval(() => void api.keepAlive('steady').catch(() => undefined), 300);
    await until('the 4 tasks streamed', () => puts.size === 4);
    const lost = [...puts.keys()];
    await until('lost tasks released and replaced on the live agent (as streamed)', () => lost.every((id) => deletes.get(id) === 1) && [...puts.keys()].length === 8, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // let both reconcilers run a few more passes
    for (const id of lost) {
      expect(puts.get(id)!.filter((p) => p === 'doomed:TASK_LOST')).toHaveLength(1);
      expect(deletes.get(id)).toBe(1);
    }
    const replacements = [...puts.keys()].filter((id) => !lost.includes(id));
    expect(replacements).toHaveLength(4);
    expect(replacements.every((id) => puts.get(id)![0] === 'steady:TASK_STAGING')).toBe(true);
    let lostTotal = 0;
    for (const r of replicas) lostTotal += Number(/^marina_allocator_tasks_lost_total\S* (\d+)/m.exec(((await r.req('GET', '/metrics')).body as string))?.[1] ?? 0);
    expect(lostTotal).toBe(4);
  } finally {
    if (keep) clearInterval(keep);
    await feed.stop();
    api.close();
    for (const r of replicas) await r.stop();
    await etcd.destroy();
  }
});

test('Watch resumes from a revision: the held changes exactly once; unknown history → resync snapshot', async () => {
  const h = await startHarness();
  const client = makeClient('Watch', h.svc.grpcAddress, {}, h.credentials);
  const collect = (fromRevision: number, n: number) =>
    new Promise<WatchMessageMsg[]>((resolve, reject) => {
      const out: WatchMessageMsg[] = [];
      const call = (client as unknown as { watch(r: object): grpc.ClientReadableStream<WatchMessageMsg> }).watch({ fromRevision, agentId: '' });
      call.on('data', (m: WatchMessageMsg) => {
        out.push(m);
        if (out.length === n) {
          call.cancel();
          resolve(out);
        }
      });
      call.on('error', (e: grpc.ServiceError) => (e.code === grpc.status.CANCELLED ? undefined : reject(e)));
    });
  try {
    const [snap] = await collect(0, 1);
    expect(snap.snapshot).toBeTruthy();
    const r0 = snap.revision;
    await h.req('POST', '/v2/networks', { name: 'n1', cidr: '198.19.1.0/24' });
    await h.req('POST', '/v2/networks', { name: 'n2', cidr: '198.19.2.0/24' });
    const resumed = await collect(r0 + 1, 2);
    expect(resumed.map((m) => m.batch!.changes.map((c) => `${c.op} ${c.kind} ${c.id}`))).toEqual([['put network n1'], ['put network n2']]);
    const fromSecond = await collect(resumed[1].revision, 1);
    expect(fromSecond[0].batch!.changes[0].id).toBe('n2');
    const resync = await collect(10_000_000, 1);
    expect(resync[0].snapshot!.resync).toBe(true);
    expect(resync[0].snapshot!.objects.map((o) => o.id).sort()).toEqual(['n1', 'n2']);
  } finally {
    client.close();
    await h.stop();
  }
});

jest.setTimeout(30_000);

test('GrpcClusterFeed reconnects after an allocator restart and resumes without a new snapshot', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-alloc-'));
  let h = await startHarness({}, dir);
  const grpcAddress = h.svc.grpcAddress;
  const snapshots: number[] = [];
  const events: Array<[number, ClusterEvent[]]> = [];
  const feed = new GrpcClusterFeed({ address: grpcAddress, minBackoffMs: 50, maxBackoffMs: 200, credentials: h.credentials });
  try {
    await feed.start({ onSnapshot: (s) => snapshots.push(s.revision), onEvents: (rev, ev) => events.push([rev, ev]) });
    await feed.synced();
    await h.req('POST', '/v2/networks', { name: 'before', cidr: '198.19.3.0/24' });
    await until('first event', () => events.length === 1);
    await h.stop();
    // while the allocator is down nothing is delivered
    await new Promise((r) => setTimeout(r, 300));
    expect(events).toHaveLength(1);
    h = await startHarness({ grpcListen: grpcAddress }, dir);
    await h.req('POST', '/v2/networks', { name: 'after', cidr: '198.19.4.0/24' });
    await until('event after restart', () => events.length === 2);
    expect(snapshots).toHaveLength(1);
    expect(events.map(([, ev]) => ev.map((e) => e.id))).toEqual([['before'], ['after']]);
    expect(events[1][0]).toBeGreaterThan(events[0][0]);
  } finally {
    await feed.stop();
    await h.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
