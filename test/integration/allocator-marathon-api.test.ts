/**
 * The rest of Marathon's /v2 over real HTTP: app versions (stored with
 * every change, bounded, rollback by PUT), restart, /v2/leader (two real
 * replicas on one etcd: abdication hands leadership over), eventSubscriptions,
 * /metrics in Marathon's JSON form, Marathon's 404 messages.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { startHarness, registerAgents, type Harness } from '../../services/allocator/testing/harness';
import { MAX_VERSIONS } from '../../services/allocator/deploy/versions';
import { waitUntil } from '../helpers/_children';
import { startEtcd } from '../helpers/etcd';

describe('one replica', () => {
  let h: Harness;
  let agents: GrpcAgentApi;

  beforeAll(async () => {
    h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
    agents = await registerAgents(h, 2);
  });
  afterAll(async () => {
    agents.close();
    await h.stop();
  });

  test('versions: one per change, newest first, each readable; PUT {version} rolls back; PUT of an old body too', async () => {
    expect((await h.req('POST', '/v2/apps', { id: '/ver/web', cmd: 'sleep 1', instances: 1 })).status).toBe(201);
    expect((await h.req('PUT', '/v2/apps/ver/web?force=true', { instances: 2 })).status).toBe(200);
    expect((await h.req('PUT', '/v2/apps/ver/web?force=true', { cmd: 'sleep 2' })).status).toBe(200);
    const { versions } = (await h.req('GET', '/v2/apps/ver/web/versions')).body;
    expect(versions).toHaveLength(3);
    expect([...versions].sort().reverse()).toEqual(versions);
    const first = (await h.req('GET', `/v2/apps/ver/web/versions/${versions[2]}`)).body;
    expect([first.cmd, first.instances, first.version]).toEqual(['sleep 1', 1, versions[2]]);
    expect((await h.req('GET', `/v2/apps/ver/web/versions/${versions[1]}`)).body).toMatchObject({ cmd: 'sleep 1', instances: 2 });

    // Marathon's rollback: {"version": v}
    const back = await h.req('PUT', '/v2/apps/ver/web?force=true', { version: versions[1] });
    expect(back.status).toBe(200);
    expect((await h.req('GET', '/v2/apps/ver/web')).body.app).toMatchObject({ cmd: 'sleep 1', instances: 2 });
    // the body of an old version, as GET gave it, PUT back as is
    const old = (await h.req('GET', `/v2/apps/ver/web/versions/${versions[0]}`)).body;
    expect((await h.req('PUT', '/v2/apps/ver/web?force=true', old)).status).toBe(200);
    expect((await h.req('GET', '/v2/apps/ver/web')).body.app.cmd).toBe('sleep 2');
    expect((await h.req('GET', '/v2/apps/ver/web/versions')).body.versions).toHaveLength(5);

    expect((await h.req('GET', '/v2/apps/ver/web/versions/2001-01-01T00:00:00.000Z')).status).toBe(404);
    const bad = await h.req('PUT', '/v2/apps/ver/web', { version: 7 });
    expect([bad.status, bad.body.details[0].path]).toEqual([422, '/version']);
    const none = await h.req('GET', '/v2/apps/ver/nope/versions');
    expect([none.status, none.body.message]).toEqual([404, "App '/ver/nope' does not exist"]);
  });

  test('versions are bounded, and deleting the app deletes them', async () => {
    expect((await h.req('POST', '/v2/apps', { id: '/ver/many', cmd: 'sleep 1', instances: 0 })).status).toBe(201);
    for (let i = 1; i <= MAX_VERSIONS + 5; i++) expect((await h.req('PUT', '/v2/apps/ver/many?force=true', { instances: i % 2 })).status).toBe(200);
    const { versions } = (await h.req('GET', '/v2/apps/ver/many/versions')).body;
    expect(versions).toHaveLength(MAX_VERSIONS);
    expect(versions[0]).toBe((await h.req('GET', '/v2/apps/ver/many')).body.app.version);
    expect((await h.req('DELETE', '/v2/apps/ver/many?force=true')).status).toBe(200);
    expect(h.svc.core.ctx.view.keysUnder('versions/ver/many/')).toEqual([]);
  });

  test('restart: a new config version; every task is replaced', async () => {
    expect((await h.req('POST', '/v2/apps', { id: '/rs', cmd: 'sleep 1000', instances: 2 })).status).toBe(201);
    const before = (await h.req('GET', '/v2/apps/rs')).body.app;
    const oldIds = new Set((await h.req('GET', '/v1/tasks?app=/rs')).body.tasks.map((t: { id: string }) => t.id));
    const res = await h.req('POST', '/v2/apps/rs/restart?force=true');
    expect(res.status).toBe(200);
    expect(typeof res.body.deploymentId).toBe('string');
    const after = (await h.req('GET', '/v2/apps/rs')).body.app;
    expect(after.versionInfo.lastConfigChangeAt > before.versionInfo.lastConfigChangeAt).toBe(true);
    const tasks: Array<{ id: string; appVersion: string; desired: string }> = (await h.req('GET', '/v1/tasks?app=/rs')).body.tasks;
    // the first rollout step launched replacements of the new config (old ones stop once they serve)
    expect(tasks.filter((t) => !oldIds.has(t.id) && t.appVersion === after.versionInfo.lastConfigChangeAt).length).toBeGreaterThan(0);
    const none = await h.req('POST', '/v2/apps/nope/restart');
    expect([none.status, none.body.message]).toEqual([404, "App '/nope' does not exist"]);
  });

  test('eventSubscriptions: an empty list; subscribing is a 400 saying callbacks were removed', async () => {
    expect((await h.req('GET', '/v2/eventSubscriptions')).body).toEqual({ callbackUrls: [] });
    const sub = await h.req('POST', '/v2/eventSubscriptions?callbackUrl=http://127.0.0.1:1/cb');
    expect(sub.status).toBe(400);
    expect(sub.body.message).toMatch(/callback.*removed/i);
  });

  test('/metrics: Prometheus text by default, Marathon\'s JSON form when asked', async () => {
    expect((await h.req('POST', '/v2/apps', { id: '/metered', cmd: 'sleep 1000', instances: 1 })).status).toBe(201);
    const text = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await text.text()).toContain('marina_allocator_instances_allocated_total');
    const res = await fetch(`${h.base}/metrics`, { headers: { accept: 'application/json', authorization: `Bearer ${h.token}` } });
    const json = (await res.json()) as { version: string; counters: Record<string, { count: number }>; gauges: Record<string, { value: number }>; histograms: Record<string, { count: number; p99: number }> };
    expect(Object.keys(json).sort()).toEqual(['counters', 'gauges', 'histograms', 'meters', 'timers', 'version']);
    expect(json.counters.marina_allocator_instances_allocated_total.count).toBeGreaterThan(0);
    expect(json.gauges.marina_allocator_leader.value).toBe(1);
    expect(json.histograms.marina_allocator_alloc_txn_seconds.count).toBeGreaterThan(0);
  });
});

test('leader: both replicas name the same leader; DELETE /v2/leader hands it to the other', async () => {
  const etcd = await startEtcd();
  const flags = { store: 'etcd', etcdEndpoints: etcd.endpoint, reconcileInterval: 0.2 };
  const replicas: Harness[] = [];
  try {
    replicas.push(await startHarness(flags));
    replicas.push(await startHarness(flags));
    const leaderOf = async (h: Harness) => (await h.req('GET', '/v2/leader')).body.leader as string | undefined;
    await waitUntil('a leader', async () => (await leaderOf(replicas[1])) !== undefined, 20_000);
    const first = (await leaderOf(replicas[0]))!;
    expect(await leaderOf(replicas[1])).toBe(first);
    expect(replicas.map((r) => r.svc.httpAddress)).toContain(first);
    const [leader, other] = replicas[0].svc.httpAddress === first ? replicas : [replicas[1], replicas[0]];
    expect((await leader.req('GET', '/v2/info')).body).toMatchObject({ elected: true, leader: first });
    expect((await other.req('GET', '/v2/info')).body).toMatchObject({ elected: false, leader: first });
    // one cluster, one frameworkId, whichever replica answers
    expect((await other.req('GET', '/v2/info')).body.frameworkId).toBe((await leader.req('GET', '/v2/info')).body.frameworkId);

    const res = await leader.req('DELETE', '/v2/leader');
    expect([res.status, res.body]).toEqual([200, { message: 'Leadership abdicated' }]);
    await waitUntil('the other replica leads', async () => (await leaderOf(leader)) === other.svc.httpAddress, 30_000);
    expect(other.svc.core.leader.isLeader).toBe(true);
    expect(leader.svc.core.leader.isLeader).toBe(false);

    // asked of a replica that does not lead: the leader still steps down
    const again = await leader.req('DELETE', '/v2/leader');
    expect(again.status).toBe(200);
    await waitUntil('leadership moves back', async () => (await leaderOf(other)) === leader.svc.httpAddress, 30_000);
  } finally {
    for (const r of replicas) await r.stop();
    await etcd.destroy();
  }
});
