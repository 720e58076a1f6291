/**
 * Authentication and authorisation of the allocator's API (issue 10): a walk
 * over every HTTP route (from fastify's route table) and every gRPC method
 * (from the proto) asserting 401/UNAUTHENTICATED without credentials and
 * 403/PERMISSION_DENIED for the wrong role; Basic, token= and Bearer; bad
 * tokens refused with a reason counted; a deployer held to its prefixes;
 * agents held to their own node (NodeRestriction).
 */
import * as grpc from '@grpc/grpc-js';
import { makeClient, unary, type GrpcCredentials } from '../../lib/client/grpc-call';
import { packageDefinition, type ServiceName, type WatchMessageMsg } from '../../lib/client/grpc-proto';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';
import type { Role } from '../../lib/auth/identity';
import type { TokenSpec } from '../../services/allocator/auth/tokens';

jest.setTimeout(60_000);

let h: Harness;
const tok: Partial<Record<Role | 'join' | 'agent2', string>> = {};

beforeAll(async () => {
  h = await startHarness({ httpCredentials: 'ops:s3cret pass' });
  const make = async (spec: TokenSpec) => (await h.svc.auth.tokens.create(spec)).token;
  tok.viewer = await make({ role: 'viewer' });
  tok.deployer = await make({ role: 'deployer', prefixes: ['/shop'] });
  tok.agent = await make({ role: 'agent', node: 'agent-1' });
  tok.agent2 = await make({ role: 'agent', node: 'agent-2' });
  tok.join = await make({ role: 'agent', singleUse: true });
  tok.admin = h.token;
});

afterAll(async () => {
  await h?.stop();
});

async function http(method: string, path: string, authorization?: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (authorization) headers.authorization = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(h.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  // the event stream never ends: its status and headers are the answer
  if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
    await res.body?.cancel();
    return { status: res.status, body: '', headers: res.headers };
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* text */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

const bearer = (t: string | undefined) => `Bearer ${t}`;

async function failures(): Promise<Record<string, number>> {
  const text = (await h.req('GET', '/metrics')).body as string;
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^marina_auth_failures_total\{reason="([a-z_]+)"[^}]*\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

/** The map's static routes and what they answer without credentials (`:file` walks as `x`: no such file). */
const UI_FILES: Record<string, number> = { '/ui': 200 /* a 302 to /ui/, followed */, '/ui/': 200, '/ui/:file': 404 };

/** A concrete path for a route pattern. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'shop/x');

describe('every HTTP route', () => {
  test('401 without credentials, 403 for the wrong role, allowed for the right one; only GET /ping is open', async () => {
    const routes = h.svc.routes.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(routes.length).toBeGreaterThan(20);
    const seen: string[] = [];
    for (const r of routes) {
      const path = concrete(r.url);
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : { id: '/shop/x' };
      const anon = await http(r.method, path, undefined, body);
      if (r.method === 'GET' && r.url === '/ping') {
        expect(anon.status).toBe(200);
        continue;
      }
      // the map's static files are open (they hold no cluster data; the page authenticates its API calls)
      if (r.method === 'GET' && UI_FILES[r.url] !== undefined) {
        expect({ route: r.url, status: anon.status }).toEqual({ route: r.url, status: UI_FILES[r.url] });
        if (anon.status === 200) expect(anon.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
        continue;
      }
      seen.push(`${r.method} ${r.url}`);
      expect({ route: `${r.method} ${r.url}`, status: anon.status }).toEqual({ route: `${r.method} ${r.url}`, status: 401 });
      expect(anon.body).toMatchObject({ message: expect.stringMatching(/authentication required/) });
      expect(anon.headers.get('www-authenticate')).toMatch(/Basic/);
      // the wrong role: agents never use HTTP; viewers only read; deployers only write apps
      const isRead = r.method === 'GET';
      const isAppWrite = !isRead && /^\/v2\/(apps|pods|groups|deployments|tasks)/.test(r.url);
      const isTrace = r.method === 'POST' && (r.url === '/v1/trace' || r.url === '/v1/trace/checks'); // admin and deployer (http-policy.ts)
      const isPolicyWrite = !isRead && r.url.startsWith('/v1/policies'); // admin, deployer inside its prefixes
      const isTaskLogs = r.method === 'GET' && r.url === '/v1/tasks/:id/logs'; // admin, deployer of the task's app: logs are not masked
      const wrong = isTaskLogs ? tok.viewer : isRead ? tok.agent : isAppWrite || isTrace || isPolicyWrite ? tok.viewer : tok.deployer;
      const denied = await http(r.method, path, bearer(wrong), body);
      expect({ route: `${r.method} ${r.url}`, status: denied.status }).toEqual({ route: `${r.method} ${r.url}`, status: 403 });
      expect(typeof denied.body.message).toBe('string');
      // the right role gets past authorisation (whatever the route then answers)
      const right = isTaskLogs ? tok.deployer : isRead ? (r.url.startsWith('/v1/tokens') ? tok.admin : tok.viewer) : isAppWrite || isTrace || isPolicyWrite ? tok.deployer : tok.admin;
      const allowed = await http(r.method, path, bearer(right), body);
      expect({ route: `${r.method} ${r.url}`, allowed: ![401, 403].includes(allowed.status) }).toEqual({ route: `${r.method} ${r.url}`, allowed: true });
    }
    expect(seen).toEqual(expect.arrayContaining(['POST /v2/apps', 'GET /v2/apps/*', 'GET /metrics', 'POST /v1/tokens', 'DELETE /v1/tokens/:id', 'GET /v1/map', 'GET /v1/map/tasks/:id', 'GET /v1/tasks/:id/logs', 'GET /v1/programming-latency']));
  });

  test('an unknown URL needs credentials too (401, not 404)', async () => {
    expect((await http('GET', '/v2/nothing-here')).status).toBe(401);
    expect((await http('GET', '/v2/nothing-here', bearer(tok.viewer))).status).toBe(404);
  });
});

describe('authentication', () => {
  test('Basic (--http-credentials), token= and Bearer all work; the wrong password, an unknown and a revoked token do not', async () => {
    const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
    expect((await http('GET', '/v2/apps', basic('ops', 's3cret pass'))).status).toBe(200);
    expect((await http('GET', '/v2/apps', `token=${tok.viewer}`)).status).toBe(200);
    expect((await http('GET', '/v2/apps', bearer(tok.viewer))).status).toBe(200);
    const before = await failures();
    const wrong = await http('GET', '/v2/apps', basic('ops', 'guess'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/wrong user name or password/);
    expect((await http('GET', '/v2/apps', basic('nobody', 's3cret pass'))).status).toBe(401);
    expect((await http('GET', '/v2/apps', bearer('marina.00000000.not-a-token'))).body.message).toMatch(/unknown or was revoked/);
    expect((await http('GET', '/v2/apps', 'Digest abc')).status).toBe(401);

    const { token, record } = await h.svc.auth.tokens.create({ role: 'viewer' });
    expect((await http('GET', '/v2/apps', bearer(token))).status).toBe(200);
    expect((await h.req('DELETE', `/v1/tokens/${record.id}`)).status).toBe(200);
    const revoked = await http('GET', '/v2/apps', bearer(token));
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(new RegExp(`token ${record.id} is unknown or was revoked`));

    const expired = (await h.svc.auth.tokens.create({ role: 'viewer', ttlSeconds: 1 }, Date.now() - 5_000)).token;
    const e = await http('GET', '/v2/apps', bearer(expired));
    expect(e.status).toBe(401);
    expect(e.body.message).toMatch(/expired at/);

    const after = await failures();
    expect((after.bad_password ?? 0) - (before.bad_password ?? 0)).toBe(2);
    expect((after.unknown_token ?? 0) - (before.unknown_token ?? 0)).toBe(2);
    expect((after.malformed ?? 0) - (before.malformed ?? 0)).toBe(1);
    expect((after.expired ?? 0) - (before.expired ?? 0)).toBe(1);
  });

  test('tokens: create returns the token once, list shows ids and roles only, only a hash is stored', async () => {
    const res = await h.req('POST', '/v1/tokens', { role: 'deployer', prefixes: ['/team'], description: 'ci' });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^marina\.[0-9a-f]{8}\./);
    const list = (await h.req('GET', '/v1/tokens')).body.tokens as Array<Record<string, unknown>>;
    expect(list.find((t) => t.id === res.body.id)).toEqual({ id: res.body.id, role: 'deployer', prefixes: ['/team'], description: 'ci', createdAt: expect.any(String) });
    const stored = await h.svc.core.ctx.store.range('/marina/auth/tokens/');
    expect(stored.kvs.some((kv) => kv.value.includes(res.body.token) || kv.key.includes(res.body.token))).toBe(false);
    expect((await h.req('POST', '/v1/tokens', { role: 'root' })).body).toMatchObject({ code: 'MARINA_ERR_INVALID', details: [{ path: '/role' }] });
    expect((await h.req('POST', '/v1/tokens', { role: 'deployer' })).body.details[0].path).toBe('/prefixes');
    expect((await h.req('POST', '/v1/tokens', { role: 'viewer', singleUse: true })).body.details[0].path).toBe('/singleUse');
    expect((await h.req('DELETE', '/v1/tokens/ffffffff')).status).toBe(404);
  });
});

describe('authorisation', () => {
  test('a deployer writes only under its prefixes; a viewer never writes', async () => {
    await registerAgents(h, 2).then((a) => a.close());
    const app = (id: string) => ({ id, cmd: 'sleep 1000', instances: 1, portDefinitions: [{ port: 0 }] });
    expect((await http('POST', '/v2/apps', bearer(tok.deployer), app('/shop/web'))).status).toBe(201);
    const outside = await http('POST', '/v2/apps', bearer(tok.deployer), app('/bank/vault'));
    expect(outside.status).toBe(403);
    expect(outside.body.message).toMatch(/\/bank\/vault is outside the prefixes/);
    expect((await http('POST', '/v2/apps', bearer(tok.deployer), app('/shopping/x'))).status).toBe(403);
    expect((await http('PUT', '/v2/apps/bank/vault', bearer(tok.deployer), { instances: 2 })).status).toBe(403);
    expect((await http('PUT', '/v2/apps/shop/web', bearer(tok.deployer), { id: '/bank/vault', cmd: 'x' })).status).toBe(403);
    expect((await http('POST', '/v2/apps', bearer(tok.viewer), app('/shop/web2'))).status).toBe(403);
    expect((await h.req('GET', '/v2/apps/bank/vault')).status).toBe(404); // nothing half-done
    expect((await http('DELETE', '/v2/apps/shop/web?force=true', bearer(tok.deployer))).status).toBe(200);
  });
});

// ------------------------------------------------------------------ gRPC

type Svc = { name: ServiceName; method: string; originalName: string; stream: boolean };

function protoMethods(): Svc[] {
  const out: Svc[] = [];
  for (const [full, def] of Object.entries(packageDefinition())) {
    if (!full.startsWith('marina.v1.') || 'format' in def) continue; // messages have a format; services do not
    const name = full.slice('marina.v1.'.length) as ServiceName;
    for (const [method, m] of Object.entries(def as Record<string, { originalName?: string; responseStream: boolean }>)) {
      out.push({ name, method, originalName: m.originalName ?? method, stream: m.responseStream });
    }
  }
  return out;
}

/** The result status of one call: OK (0) or the gRPC status code. */
function callStatus(m: Svc, creds: GrpcCredentials, req: unknown = {}): Promise<{ code: number; details: string }> {
  const client = makeClient(m.name, h.svc.grpcAddress, {}, creds);
  const fn = (client as unknown as Record<string, (...a: unknown[]) => unknown>)[m.originalName];
  return new Promise((resolve) => {
    const done = (code: number, details = '') => {
      client.close();
      resolve({ code, details });
    };
    if (m.stream) {
      const call = fn.call(client, req) as grpc.ClientReadableStream<unknown>;
      call.on('data', () => {
        call.cancel();
        done(0);
      });
      call.on('error', (err: grpc.ServiceError) => (err.code === grpc.status.CANCELLED ? undefined : done(err.code, err.details)));
    } else {
      fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + 5_000 }, (err: grpc.ServiceError | null) => done(err ? err.code : 0, err?.details ?? ''));
    }
  });
}

/** The wrong role per method; a method missing here fails the walk (add it with its policy). */
const WRONG: Record<string, Role | 'join'> = {
  'Apps/Get': 'agent', 'Apps/List': 'agent', 'Apps/Create': 'viewer', 'Apps/Update': 'viewer', 'Apps/Scale': 'viewer', 'Apps/Delete': 'viewer',
  'Apps/Restart': 'viewer', 'Apps/ListVersions': 'agent', 'Apps/GetVersion': 'agent', 'Apps/ListTasks': 'agent', 'Apps/KillTasks': 'viewer',
  'Tasks/List': 'agent', 'Tasks/Kill': 'viewer',
  'Pods/Get': 'agent', 'Pods/List': 'agent', 'Pods/Status': 'agent', 'Pods/Create': 'viewer', 'Pods/Update': 'viewer', 'Pods/Delete': 'viewer',
  'Queue/List': 'agent', 'Queue/ResetDelay': 'deployer',
  'Deployments/List': 'agent', 'Deployments/Delete': 'viewer',
  'Groups/Get': 'agent', 'Groups/ListVersions': 'agent', 'Groups/GetVersion': 'agent', 'Groups/Create': 'viewer', 'Groups/Update': 'viewer', 'Groups/Delete': 'viewer',
  'Events/Stream': 'agent',
  'Info/Get': 'agent', 'Leader/Get': 'agent', 'Leader/Abdicate': 'deployer',
  'Allocations/List': 'agent', 'Allocations/Inspect': 'agent', 'Allocations/Release': 'deployer',
  'Agents/Register': 'viewer', 'Agents/KeepAlive': 'viewer', 'Agents/ReportTaskStatus': 'deployer', 'Agents/Join': 'viewer', 'Agents/Renew': 'viewer', 'Agents/TraceChecks': 'viewer',
  'Agents/ReportPolicyStatus': 'deployer',
  'Policies/List': 'agent', 'Policies/Get': 'agent', 'Policies/Create': 'viewer', 'Policies/Update': 'viewer', 'Policies/Delete': 'viewer',
  'Watch/Watch': 'join', // every identity may watch (agents narrowed); a join token is not an identity
  'Watch/ReportProgrammingLatency': 'deployer', // dns and lb (viewer tokens), agents for themselves, admin
};

describe('every gRPC method', () => {
  test('UNAUTHENTICATED without credentials, PERMISSION_DENIED for the wrong role', async () => {
    const methods = protoMethods();
    expect(methods.length).toBeGreaterThanOrEqual(38);
    for (const m of methods) {
      const key = `${m.name}/${m.method}`;
      expect({ key, listed: key in WRONG }).toEqual({ key, listed: true });
      const anon = await callStatus(m, {});
      expect({ key, code: anon.code }).toEqual({ key, code: grpc.status.UNAUTHENTICATED });
      const wrong = WRONG[key];
      const denied = await callStatus(m, { token: tok[wrong] });
      const want = wrong === 'join' ? grpc.status.UNAUTHENTICATED : grpc.status.PERMISSION_DENIED;
      expect({ key, code: denied.code }).toEqual({ key, code: want });
    }
  });
});

describe('agents: NodeRestriction', () => {
  test('an agent registers only itself, reports only its own tasks (PERMISSION_DENIED, state unchanged); its watch shows other hosts\' tasks as fabric entries only', async () => {
    const a1 = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { token: tok.agent } });
    const a2 = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { token: tok.agent2 } });
    const fake = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: {} });
    const joinOnly = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { token: tok.join } });
    try {
      await a1.registerAgent({ id: 'agent-1', hostname: 'agent-1', ip: '198.18.0.11' });
      await a2.registerAgent({ id: 'agent-2', hostname: 'agent-2', ip: '198.18.0.12' });
      await expect(a1.registerAgent({ id: 'agent-2', hostname: 'agent-2', ip: '198.18.0.99' })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
      expect(h.svc.core.ctx.view.agents.get('agent-2')?.ip).toBe('198.18.0.12'); // not hijacked
      await expect(fake.registerAgent({ id: 'evil', hostname: 'evil', ip: '198.18.0.66' })).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED' });
      await expect(joinOnly.registerAgent({ id: 'evil', hostname: 'evil', ip: '198.18.0.66' })).rejects.toMatchObject({ code: 'MARINA_ERR_UNAUTHENTICATED' });
      expect(h.svc.core.ctx.view.agents.has('evil')).toBe(false);
      await expect(a1.keepAlive('agent-2')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });

      const res = await h.req('POST', '/v2/apps', { id: '/nr', cmd: 'sleep 1000', instances: 2, constraints: [['hostname', 'UNIQUE']], portDefinitions: [{ port: 0 }], env: { DB_PASSWORD: 'only-for-the-task' } });
      expect(res.status).toBe(201);
      const tasks = (await h.req('GET', '/v2/apps/nr/tasks')).body.tasks as Array<{ id: string; slaveId: string; host: string; state: string }>;
      const onB = tasks.find((t) => t.slaveId === 'agent-2')!;
      expect(onB).toBeDefined();
      const before = h.svc.core.ctx.view.tasks.get(onB.id)!.state;
      const before2 = await failures();
      await expect(a1.reportTaskStatus('agent-1', { taskId: onB.id, state: 'TASK_KILLED', ready: false })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/not placed on agent agent-1/) });
      await expect(a1.reportTaskStatus('agent-2', { taskId: onB.id, state: 'TASK_KILLED', ready: false })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
      expect(h.svc.core.ctx.view.tasks.get(onB.id)!.state).toBe(before);
      expect(((await failures()).name_mismatch ?? 0) - (before2.name_mismatch ?? 0)).toBe(2);
      await a2.reportTaskStatus('agent-2', { taskId: onB.id, state: 'TASK_RUNNING', ready: true });

      // agent-1 asks for agent-2's tasks: the watch is narrowed to its own
      const watch = makeClient('Watch', h.svc.grpcAddress, {}, { token: tok.agent });
      const first = await new Promise<WatchMessageMsg>((resolve, reject) => {
        const call = (watch as unknown as { watch(r: unknown): grpc.ClientReadableStream<WatchMessageMsg> }).watch({ fromRevision: 0, agentId: 'agent-2' });
        call.on('data', (m: WatchMessageMsg) => {
          resolve(m);
          call.cancel();
        });
        call.on('error', (e: grpc.ServiceError) => (e.code === grpc.status.CANCELLED ? undefined : reject(e)));
      });
      watch.close();
      // its own tasks in full; agent-2's only as fabric entries (addresses, no env or ports)
      const tasksSeen = first.snapshot!.objects.filter((o) => o.kind === 'task').map((o) => JSON.parse(o.valueJson) as { agentId: string; env: Record<string, string>; ports: number[]; ipAddresses: unknown[] });
      const own = tasksSeen.filter((t) => t.agentId === 'agent-1');
      const foreign = tasksSeen.filter((t) => t.agentId === 'agent-2');
      expect(own.length).toBeGreaterThan(0);
      expect(foreign.length).toBeGreaterThan(0);
      expect(own.every((t) => Object.keys(t.env).length > 0 && t.ports.length > 0)).toBe(true);
      expect(foreign.every((t) => Object.keys(t.env).length === 0 && t.ports.length === 0 && Array.isArray(t.ipAddresses))).toBe(true);
      expect(first.snapshot!.objects.some((o) => o.kind === 'network' || o.kind === 'agent')).toBe(true);
      // apps without their env: the task carries the env it runs with
      const appsSeen = first.snapshot!.objects.filter((o) => o.kind === 'app').map((o) => JSON.parse(o.valueJson) as { id: string; env?: Record<string, string> });
      expect(appsSeen.find((a) => a.id === '/nr')?.env).toEqual({});
      const ownNr = first.snapshot!.objects.filter((o) => o.kind === 'task').map((o) => JSON.parse(o.valueJson) as { appId: string; agentId: string; env: Record<string, string> }).filter((t) => t.appId === '/nr' && t.agentId === 'agent-1');
      expect(ownNr.length).toBe(1);
      expect(ownNr[0]!.env.DB_PASSWORD).toBe('only-for-the-task');
    } finally {
      for (const c of [a1, a2, fake, joinOnly]) c.close();
    }
  });
});

describe('programming-latency reports (Watch.ReportProgrammingLatency)', () => {
  test('dns and lb (viewer tokens) report theirs, an agent only its own policy latency; GET /v1/programming-latency lists them by reporter', async () => {
    const summaryJson = JSON.stringify({ count: 2, sum: 0.03, buckets: [{ le: 0.01, count: 1 }, { le: 0.025, count: 2 }, { le: null, count: 2 }] });
    const report = async (token: string | undefined, component: string, host: string) => {
      const watch = makeClient('Watch', h.svc.grpcAddress, {}, { token });
      try {
        await unary(watch, 'reportProgrammingLatency', { component, host, summaryJson });
      } finally {
        watch.close();
      }
    };
    await report(tok.viewer, 'lb', 'agent-1');
    await report(tok.agent, 'agent-policy', 'agent-1');
    await expect(report(tok.agent, 'agent-policy', 'agent-2')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN', message: expect.stringMatching(/agent agent-1 may not report programming latency as "agent-2"/) });
    await expect(report(tok.agent, 'dns', 'agent-1')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    await expect(report(tok.viewer, 'agent-policy', 'agent-2')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    await expect(report(tok.deployer, 'lb', 'agent-1')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    await expect(report(tok.viewer, 'kube-proxy', 'agent-1')).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
    await expect(report(h.token, 'lb', 'agent-1 ')).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID', details: [expect.objectContaining({ path: '/host' })] });
    const listed = await http('GET', '/v1/programming-latency', bearer(tok.viewer));
    expect(listed.status).toBe(200);
    expect(listed.body.components).toEqual([
      expect.objectContaining({ component: 'agent-policy', host: 'agent-1', reporter: expect.stringMatching(/^token:/), count: 2, p50Seconds: 0.01 }),
      expect.objectContaining({ component: 'lb', host: 'agent-1', count: 2, p99Seconds: expect.any(Number) }),
    ]);
  });
});

describe('agents: trace channel', () => {
  /** Open Agents.TraceChecks as `as` with an agent token; resolves the status it ends with (or 'open' once attached). */
  function open(token: string, as: string): Promise<{ code: number | 'open'; call?: grpc.ClientDuplexStream<unknown, unknown>; client: grpc.Client }> {
    const client = makeClient('Agents', h.svc.grpcAddress, {}, { token });
    const meta = new grpc.Metadata();
    meta.set('marina-agent-id', as);
    const call = (client as unknown as { traceChecks(m: grpc.Metadata): grpc.ClientDuplexStream<unknown, unknown> }).traceChecks(meta);
    return new Promise((resolve) => {
      let tries = 0;
      const t = setInterval(() => {
        const up = h.svc.core.traceAgents.connected(as);
        if (up || ++tries > 250) {
          clearInterval(t);
          resolve({ code: up ? 'open' : grpc.status.DEADLINE_EXCEEDED, call, client });
        }
      }, 20);
      call.on('error', (e: grpc.ServiceError) => {
        clearInterval(t);
        resolve({ code: e.code, client });
      });
    });
  }

  test('an agent serves trace checks only under its own name', async () => {
    const wrong = await open(tok.agent!, 'agent-2');
    expect(wrong.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(h.svc.core.traceAgents.connected('agent-2')).toBe(false);
    wrong.client.close();
    const own = await open(tok.agent!, 'agent-1');
    expect(own.code).toBe('open');
    own.call!.cancel();
    own.client.close();
  });
});

describe('root tasks', () => {
  test('an app asking for "user": "root" is created only by an admin: a deployer gets 403 over HTTP and PERMISSION_DENIED over gRPC', async () => {
    const rootApp = { id: '/shop/rooted', cmd: 'sleep 100', instances: 0, user: 'root' };
    const denied = await http('POST', '/v2/apps', bearer(tok.deployer), rootApp);
    expect(denied.status).toBe(403);
    expect(denied.body.message).toMatch(/only an admin may run tasks as root/);
    // the same deployer may create it without root, and update it to root only as admin
    expect((await http('POST', '/v2/apps', bearer(tok.deployer), { ...rootApp, user: 'nobody' })).status).toBe(201);
    expect((await http('PUT', '/v2/apps/shop/rooted', bearer(tok.deployer), { user: 'root' })).status).toBe(403);
    expect((await http('PUT', '/v2/apps/shop/rooted?force=true', bearer(tok.admin), { user: 'root' })).status).toBe(200);
    const create = { name: 'Apps' as ServiceName, method: 'Create', originalName: 'create', stream: false };
    const res = await callStatus(create, { token: tok.deployer }, { app: { ...rootApp, id: '/shop/rooted2' } });
    expect(res.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(res.details).toMatch(/only an admin may run tasks as root/);
    expect((await http('DELETE', '/v2/apps/shop/rooted?force=true', bearer(tok.admin))).status).toBe(200);
  });
});

describe('app env by role', () => {
  test('admins and deployers of the app read env as written; a viewer and a deployer of another prefix see secret-looking values masked', async () => {
    const app = { id: '/shop/envy', cmd: 'sleep 100', instances: 0, env: { DB_PASSWORD: 'hunter2', MODE: 'prod' } };
    expect((await http('POST', '/v2/apps', bearer(tok.admin), app)).status).toBe(201);
    const other = (await h.svc.auth.tokens.create({ role: 'deployer', prefixes: ['/team'] })).token;
    const envAs = async (t: string | undefined) => (await http('GET', '/v2/apps/shop/envy', bearer(t))).body.app.env as Record<string, string>;
    expect(await envAs(tok.admin)).toEqual({ DB_PASSWORD: 'hunter2', MODE: 'prod' });
    expect(await envAs(tok.deployer)).toEqual({ DB_PASSWORD: 'hunter2', MODE: 'prod' });
    expect(await envAs(tok.viewer)).toEqual({ DB_PASSWORD: '****', MODE: 'prod' });
    expect(await envAs(other)).toEqual({ DB_PASSWORD: '****', MODE: 'prod' });
    const list = (await http('GET', '/v2/apps', bearer(tok.viewer))).body.apps as Array<{ id: string; env: Record<string, string> }>;
    expect(list.find((a) => a.id === '/shop/envy')!.env.DB_PASSWORD).toBe('****');
    expect((await http('DELETE', '/v2/apps/shop/envy?force=true', bearer(tok.admin))).status).toBe(200);
  });
});
