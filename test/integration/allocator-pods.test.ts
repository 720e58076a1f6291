/**
 * Marathon's /v2/pods end to end: the real allocator (in-process harness,
 * embedded store) and a real agent on one simulated host (netns marina-apd1
 * on 198.18.14.0/24). A pod of two containers with a named endpoint and an
 * HTTP health check is posted as Marathon users write it; its instance runs
 * both processes, the endpoint answers on the allocated host port at the
 * host's address, the sidecar reaches it on localhost through $ENDPOINT_HTTP, and
 * `::status` reports it STABLE. Invalid pods get a 422 naming pod fields;
 * PUT scales, DELETE stops everything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { MarinaAgent } from '../../services/agent/agent';
import { netnsPrefix, taskNetnsName } from '../../services/agent/names';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { run } from '../helpers/exec';
import { listNetns } from '../helpers/netns';
import { waitUntil } from '../helpers/_children';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';

jest.setTimeout(60_000);

let h: Harness;
let under: SimUnderlay;
let agent: MarinaAgent;
let api: GrpcAgentApi;
let dir: string;

const POD = {
  id: '/shop/web-pod',
  labels: { team: 'shop' },
  environment: { GREETING: 'hello' },
  scaling: { kind: 'fixed', instances: 1 },
  networks: [{ mode: 'host' }],
  containers: [
    {
      name: 'web',
      exec: { command: { shell: 'exec python3 -m http.server --bind 0.0.0.0 $ENDPOINT_HTTP' } },
      resources: { cpus: 0.1, mem: 32 },
      endpoints: [{ name: 'http', hostPort: 0, protocol: ['tcp'] }],
      healthCheck: { http: { endpoint: 'http', path: '/' }, gracePeriodSeconds: 5, intervalSeconds: 1, maxConsecutiveFailures: 3, delaySeconds: 0 },
    },
    {
      name: 'sidecar',
      exec: { command: { shell: 'while :; do echo "$GREETING $ROLE $(curl -s -o /dev/null -w %{http_code} http://127.0.0.1:$ENDPOINT_HTTP/)"; sleep 0.3; done' } },
      resources: { cpus: 0.05, mem: 16 },
      environment: { ROLE: 'sidecar' },
    },
  ],
};

interface Instance { id: string; status: string; agentHostname: string; containers: Array<{ name: string; endpoints: Array<{ name: string; allocatedHostPort: number }> }> }

async function status(id: string): Promise<{ status: string; instances: Instance[] }> {
  return (await h.req('GET', `/v2/pods${id}::status`)).body;
}

beforeAll(async () => {
  h = await startHarness({ reconcileInterval: 0.2 });
  under = await createHosts('marina-apd', '198.18.14', 1);
  const host = under.hosts[0]!;
  dir = mkdtempSync(join(tmpdir(), 'marina-apd-'));
  api = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  agent = new MarinaAgent({
    registration: { id: host.name, hostname: host.name, ip: host.ip, portRanges: [{ begin: 31000, end: 32000 }] },
    feed: new GrpcClusterFeed({ address: h.svc.grpcAddress, credentials: h.credentials }),
    api, dataDir: dir, cniPath: ['/usr/lib/cni'], mtu: 1500, hostNetns: host.netns, killGraceMs: 500, fabricRecheckMs: 1000,
  });
  await agent.start();
});

afterAll(async () => {
  await agent?.stop({ killTasks: true }).catch(() => undefined);
  api?.close();
  await h?.stop();
  await under?.destroy();
  rmSync(dir, { recursive: true, force: true });
  expect((await listNetns()).filter((n) => n.startsWith('marina-apd') || n.startsWith(netnsPrefix('marina-apd1')))).toEqual([]);
});

test('an invalid pod gets a 422 naming each pod field', async () => {
  const bad = {
    id: '/bad-pod',
    containers: [
      { name: 'Web', image: { kind: 'DOCKER', id: 'nginx' }, endpoints: [{ name: 'http', protocol: ['sctp'] }] },
      { name: 'web2', exec: { command: { shell: 'true' } }, healthCheck: { tcp: { endpoint: 'nope' } } },
    ],
  };
  const res = await h.req('POST', '/v2/pods', bad);
  expect(res.status).toBe(422);
  const paths = (res.body.details as Array<{ path: string }>).map((d) => d.path).sort();
  expect(paths).toEqual([
    '/containers(0)/endpoints(0)/hostPort',
    '/containers(0)/endpoints(0)/protocol(0)',
    '/containers(0)/exec/command/shell',
    '/containers(0)/image',
    '/containers(0)/name',
    '/containers(1)/healthCheck/tcp/endpoint',
  ]);
  expect((await h.req('GET', '/v2/pods/bad-pod')).status).toBe(404);
});

test('a pod runs its containers together: the endpoint answers on its host port, the sidecar reaches it on localhost, ::status is STABLE', async () => {
  const res = await h.req('POST', '/v2/pods', POD);
  expect(res.status).toBe(201);
  expect(res.headers.get('location')).toBe('/v2/pods/shop/web-pod');
  expect(res.headers.get('marathon-deployment-id')).toBeTruthy();
  expect(res.body).toMatchObject({ id: '/shop/web-pod', containers: [{ name: 'web' }, { name: 'sidecar' }], scaling: { instances: 1 } });

  let inst: Instance | undefined;
  await waitUntil('pod STABLE', async () => {
    const s = await status('/shop/web-pod');
    inst = s.instances[0];
    return s.status === 'STABLE' && s.instances.length === 1;
  }, 30_000, 200);
  expect(inst!.agentHostname).toBe('marina-apd1');
  expect(inst!.containers.map((c) => c.name)).toEqual(['web', 'sidecar']);
  const port = inst!.containers[0]!.endpoints.find((e) => e.name === 'http')!.allocatedHostPort;
  expect(port).toBeGreaterThanOrEqual(31000);
  const code = await run('ip', ['netns', 'exec', 'marina-apd1', 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '2', `http://${under.hosts[0]!.ip}:${port}/`]);
  expect(code.stdout).toBe('200');
  const sidecarOut = () => {
    try {
      return readFileSync(join(dir, 'sandboxes', taskNetnsName('marina-apd1', inst!.id), 'sidecar', 'stdout'), 'utf8');
    } catch {
      return '';
    }
  };
  await waitUntil('sidecar reached the web container', async () => sidecarOut().includes('hello sidecar 200'), 10_000, 200);

  expect((await h.req('GET', '/v2/pods')).body.map((p: { id: string }) => p.id)).toEqual(['/shop/web-pod']);
  expect((await h.req('GET', '/v2/apps')).body.apps).toEqual([]); // pods are listed under /v2/pods, as in Marathon
  const got = (await h.req('GET', '/v2/pods/shop/web-pod')).body;
  expect(got).toMatchObject({ id: '/shop/web-pod', labels: { team: 'shop' }, environment: { GREETING: 'hello' } });
  expect(typeof got.version).toBe('string');
});

test('PUT replaces the pod (2 instances); DELETE stops every instance', async () => {
  const res = await h.req('PUT', '/v2/pods/shop/web-pod', { ...POD, scaling: { kind: 'fixed', instances: 2 } });
  expect(res.status).toBe(200);
  expect(res.body.scaling).toEqual({ kind: 'fixed', instances: 2 });
  await waitUntil('2 STABLE instances', async () => {
    const s = await status('/shop/web-pod');
    return s.status === 'STABLE' && s.instances.length === 2;
  }, 30_000, 200);
  const ids = (await status('/shop/web-pod')).instances.map((i) => i.id);

  const del = await h.req('DELETE', '/v2/pods/shop/web-pod');
  expect(del.status).toBe(202);
  await waitUntil('instances gone', async () => {
    const left = await listNetns();
    return ids.every((id) => !left.includes(taskNetnsName('marina-apd1', id))) && (await h.req('GET', '/v2/tasks')).body.tasks.length === 0;
  }, 15_000, 200);
  const gone = await h.req('GET', '/v2/pods/shop/web-pod');
  expect(gone.status).toBe(404);
  expect(gone.body.message).toBe("Pod '/shop/web-pod' does not exist");
});
