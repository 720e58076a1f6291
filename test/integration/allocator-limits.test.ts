/**
 * Bounded resources (issue 13, item 4): every --max-* limit refuses what is
 * over it with a 422 naming the field and the option (429 / gRPC
 * RESOURCE_EXHAUSTED for per-client stream limits), nothing refused is
 * stored, and what is at the limit passes. The issue's own reproductions
 * (a billion instances, 10,000 portDefinitions, 2,000-character and
 * 1,000-segment ids) run against the default limits.
 */
import * as grpc from '@grpc/grpc-js';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { makeClient, unary } from '../../lib/client/grpc-call';
import type { WatchMessageMsg } from '../../lib/client/grpc-proto';
import { isMarinaError } from '../../lib/errors';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';

jest.setTimeout(60_000);

type Detail = { path: string; errors: string[] };

function detailAt(body: { details?: Detail[] }, path: string): string {
  const d = body.details?.find((x) => x.path === path);
  if (!d) throw new Error(`no detail at ${path}: ${JSON.stringify(body)}`);
  return d.errors.join(' ');
}

describe('default limits: the issue reproductions', () => {
  let h: Harness;
  let agents: GrpcAgentApi;
  beforeAll(async () => {
    h = await startHarness();
    agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
    await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11' });
  });
  afterAll(async () => {
    agents.close();
    await h.stop();
  });

  test('"instances": 1000000000 with no ports is a 422 naming --max-instances, at once; nothing stored', async () => {
    const res = await h.req('POST', '/v2/apps', { id: '/huge', cmd: 'sleep 1', instances: 1_000_000_000, portDefinitions: [] });
    expect(res.status).toBe(422);
    expect(detailAt(res.body, '/instances')).toBe('got 1000000000, at most 10000 allowed (limit --max-instances)');
    expect((await h.req('GET', '/v2/apps/huge')).status).toBe(404);
    expect((await h.req('GET', '/v2/tasks')).body.tasks).toEqual([]);
  });

  test('scaling by PUT and by gRPC Scale is bounded too', async () => {
    expect((await h.req('POST', '/v2/apps', { id: '/small', cmd: 'sleep 1', instances: 0, portDefinitions: [] })).status).toBe(201);
    const put = await h.req('PUT', '/v2/apps/small', { instances: 1_000_000_000 });
    expect([put.status, detailAt(put.body, '/instances')]).toEqual([422, 'got 1000000000, at most 10000 allowed (limit --max-instances)']);
    const perRequest = await h.req('PUT', '/v2/apps/small', { instances: 6_000 });
    expect(detailAt(perRequest.body, '/instances')).toBe('adds 6000 instances in one request, at most 5000 allowed (limit --max-instances-per-request)');
    const apps = makeClient('Apps', h.svc.grpcAddress, {}, h.credentials);
    try {
      const err = await unary(apps, 'scale', { id: '/small', instances: 1_000_000_000, force: false }).catch((e: unknown) => e);
      expect(isMarinaError(err, 'MARINA_ERR_INVALID')).toBe(true);
      expect((err as { details: Detail[] }).details[0].path).toBe('/instances');
    } finally {
      apps.close();
    }
    expect((await h.req('GET', '/v2/apps/small')).body.app.instances).toBe(0);
  });

  test('10,000 portDefinitions: 422 naming --max-ports and --max-service-ports; no service port taken', async () => {
    const portDefinitions = Array.from({ length: 10_000 }, () => ({ port: 0 }));
    const res = await h.req('POST', '/v2/apps', { id: '/ports', cmd: 'true', instances: 0, portDefinitions });
    expect(res.status).toBe(422);
    expect(detailAt(res.body, '/portDefinitions')).toContain('10000 ports, at most 100 allowed (limit --max-ports)');
    expect(detailAt(res.body, '/portDefinitions')).toContain('10000 service ports, at most 100 allowed (limit --max-service-ports)');
    expect((await h.req('GET', '/v1/alloc/serviceports')).body.allocations).toEqual([]);
  });

  test('a 2,000-character id and a 1,000-segment id are refused', async () => {
    const long = await h.req('POST', '/v2/apps', { id: '/' + 'a'.repeat(2_000), cmd: 'true', instances: 0 });
    expect(detailAt(long.body, '/id')).toBe('id of 2001 characters, at most 255 allowed (limit --max-id-length)');
    const deep = await h.req('POST', '/v2/apps', { id: '/a'.repeat(1_000), cmd: 'true', instances: 0 });
    expect(detailAt(deep.body, '/id')).toContain('1000 id segments, at most 16 allowed (limit --max-id-segments)');
  });
});

describe('configured limits', () => {
  let h: Harness;
  let agents: GrpcAgentApi;
  beforeAll(async () => {
    h = await startHarness({
      maxInstances: 50, maxInstancesPerRequest: 20, maxPorts: 5, maxServicePorts: 3, maxLabels: 4, maxLabelBytes: 64,
      maxEnv: 4, maxEnvBytes: 64, maxIdLength: 40, maxIdSegments: 4, maxConstraints: 2, maxAgentAttributes: 3,
      maxAgentAttributeBytes: 32, maxWatchStreamsPerClient: 3, maxGrpcMessageBytes: 1024 * 1024,
    });
    agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
    await agents.registerAgent({ id: 'agent-1', hostname: 'host-1', ip: '198.18.0.11' });
  });
  afterAll(async () => {
    agents.close();
    await h.stop();
  });

  const base = { cmd: 'sleep 1', instances: 0, portDefinitions: [] as unknown[] };
  const n = (count: number, f: (i: number) => [string, string]) => Object.fromEntries(Array.from({ length: count }, (_, i) => f(i)));

  test.each([
    ['instances', { instances: 51 }, '/instances', 'got 51, at most 50 allowed (limit --max-instances)'],
    ['instances per request', { instances: 21 }, '/instances', 'adds 21 instances in one request, at most 20 allowed (limit --max-instances-per-request)'],
    ['ports', { portDefinitions: Array.from({ length: 6 }, () => ({ port: 0 })) }, '/portDefinitions', '6 ports, at most 5 allowed (limit --max-ports)'],
    ['service ports', { portDefinitions: Array.from({ length: 4 }, () => ({ port: 0 })) }, '/portDefinitions', '4 service ports, at most 3 allowed (limit --max-service-ports)'],
    ['labels', { labels: n(5, (i) => [`k${i}`, 'v']) }, '/labels', '5 labels, at most 4 allowed (limit --max-labels)'],
    ['label size', { labels: { big: 'x'.repeat(62) } }, '/labels/big', 'label of 65 bytes, at most 64 allowed (limit --max-label-bytes)'],
    ['port labels', { portDefinitions: [{ port: 0, labels: n(5, (i) => [`k${i}`, 'v']) }] }, '/portDefinitions(0)/labels', '5 labels, at most 4 allowed (limit --max-labels)'],
    ['env', { env: n(5, (i) => [`K${i}`, 'v']) }, '/env', '5 environment variables, at most 4 allowed (limit --max-env)'],
    ['env size', { env: { BIG: 'x'.repeat(61) } }, '/env/BIG', 'variable of 65 bytes, at most 64 allowed (limit --max-env-bytes)'],
    ['id length', { id: '/' + 'a'.repeat(40) }, '/id', 'id of 41 characters, at most 40 allowed (limit --max-id-length)'],
    ['id segments', { id: '/a/b/c/d/e' }, '/id', '5 id segments, at most 4 allowed (limit --max-id-segments)'],
    ['constraints', { constraints: [['hostname', 'UNIQUE'], ['hostname', 'UNIQUE'], ['hostname', 'UNIQUE']] }, '/constraints', '3 constraints, at most 2 allowed (limit --max-constraints)'],
  ])('%s over the limit: 422 naming the field and option; nothing stored', async (_what, over, path, message) => {
    const id = (over as { id?: string }).id ?? '/over';
    const res = await h.req('POST', '/v2/apps', { id, ...base, ...over });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MARINA_ERR_INVALID');
    expect(detailAt(res.body, path)).toContain(message);
    expect((await h.req('GET', `/v2/apps${id}`)).status).toBe(404);
  });

  test('at every limit an app is accepted', async () => {
    const app = {
      id: '/a/b/c/' + 'x'.repeat(40 - 7), cmd: 'sleep 1', instances: 20, env: n(4, (i) => [`K${i}`, 'x'.repeat(60)]),
      labels: n(4, (i) => [`k${i}`, 'x'.repeat(62)]), constraints: [['hostname', 'CLUSTER', 'host-1'], ['hostname', 'CLUSTER', 'host-1']],
      portDefinitions: Array.from({ length: 3 }, () => ({ port: 0 })),
    };
    const res = await h.req('POST', '/v2/apps', app);
    expect(res.status).toBe(201);
    // and the next 20 in a second request, up to --max-instances
    expect((await h.req('PUT', `/v2/apps${app.id}?force=true`, { instances: 40 })).status).toBe(200);
    expect((await h.req('PUT', `/v2/apps${app.id}`, { instances: 51 })).status).toBe(422);
  });

  test('agent attributes: count and size refused with INVALID_ARGUMENT naming the field', async () => {
    const many = await agents.registerAgent({ id: 'agent-2', hostname: 'host-2', ip: '198.18.0.12', attributes: n(4, (i) => [`a${i}`, 'v']) }).catch((e: unknown) => e);
    expect(isMarinaError(many, 'MARINA_ERR_INVALID')).toBe(true);
    expect((many as { details: Detail[] }).details).toEqual([{ path: '/attributes', errors: ['4 attributes, at most 3 allowed (limit --max-agent-attributes)'] }]);
    const big = await agents.registerAgent({ id: 'agent-2', hostname: 'host-2', ip: '198.18.0.12', attributes: { rack: 'r'.repeat(40) } }).catch((e: unknown) => e);
    expect((big as { details: Detail[] }).details).toEqual([{ path: '/attributes/rack', errors: ['attribute of 44 bytes, at most 32 allowed (limit --max-agent-attribute-bytes)'] }]);
    expect((await h.req('GET', '/v1/agents/agent-2')).status).toBe(404);
    await agents.registerAgent({ id: 'agent-2', hostname: 'host-2', ip: '198.18.0.12', attributes: n(3, (i) => [`a${i}`, 'v']) });
  });

  test('gRPC messages over --max-grpc-message-bytes are refused with RESOURCE_EXHAUSTED', async () => {
    const apps = makeClient('Apps', h.svc.grpcAddress, {}, h.credentials);
    try {
      const big = { id: '/big', cmd: 'x'.repeat(2 * 1024 * 1024), instances: 0 };
      const err = (await unary(apps, 'create', { app: big }).catch((e: unknown) => e)) as { cause?: grpc.ServiceError };
      expect(err.cause?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(err.cause?.details).toMatch(/larger than max/);
      expect((await h.req('GET', '/v2/apps/big')).status).toBe(404);
    } finally {
      apps.close();
    }
  });

  test('watch streams per client: the one over --max-watch-streams-per-client gets RESOURCE_EXHAUSTED naming it; a closed one frees its slot', async () => {
    const client = makeClient('Watch', h.svc.grpcAddress, {}, h.credentials);
    const open = (): Promise<grpc.ClientReadableStream<WatchMessageMsg>> =>
      new Promise((resolve, reject) => {
        const call = (client as unknown as { watch(r: object): grpc.ClientReadableStream<WatchMessageMsg> }).watch({ fromRevision: 0, agentId: '' });
        call.once('data', () => resolve(call));
        call.on('error', (e: grpc.ServiceError) => (e.code === grpc.status.CANCELLED ? undefined : reject(e)));
      });
    const calls: Array<grpc.ClientReadableStream<WatchMessageMsg>> = [];
    try {
      for (let i = 0; i < 3; i++) calls.push(await open());
      const err = (await open().catch((e: unknown) => e)) as grpc.ServiceError;
      expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(err.metadata.get('marina-error-code')).toEqual(['MARINA_ERR_LIMIT_EXCEEDED']);
      expect(err.details).toBe('MARINA_ERR_LIMIT_EXCEEDED: too many watch streams from 127.0.0.1: 3 open, at most 3 allowed (limit --max-watch-streams-per-client)');
      calls.shift()!.cancel();
      // the slot is freed once the server sees the cancel
      let again: grpc.ClientReadableStream<WatchMessageMsg> | undefined;
      for (let i = 0; i < 50 && !again; i++) again = await open().catch(() => new Promise<undefined>((r) => setTimeout(() => r(undefined), 100)));
      expect(again).toBeDefined();
      calls.push(again!);
    } finally {
      for (const c of calls) c.cancel();
      client.close();
    }
  });
});
