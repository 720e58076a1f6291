/**
 * Network policy control plane (issue 11) against a real allocator (embedded
 * store, auth on): /v1/policies CRUD with versions, 422 naming the field, 409,
 * 401/403 and a deployer held to its prefixes, the host-mode warning, the
 * Watch stream carrying policies to an agent, an agent's status report over
 * gRPC (NodeRestriction) shown by /status, `why`, and the gRPC Policies service.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { GrpcClusterFeed } from '../../lib/client/grpc-feed';
import { makeClient, unary } from '../../lib/client/grpc-call';
import { emptySnapshot, applyEvents, type ClusterSnapshot } from '../../lib/feed/feed';
import type { PolicyHostStatus } from '../../lib/model/policy';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';
import { until } from '../helpers/until';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../lib/paths';
import { run } from '../helpers/exec';
import { nodeBinary } from '../helpers/process';

jest.setTimeout(60_000);

let h: Harness;
let tok: { viewer: string; deployer: string; agent1: string };

beforeAll(async () => {
  h = await startHarness();
  const make = async (spec: Parameters<Harness['svc']['auth']['tokens']['create']>[0]) => (await h.svc.auth.tokens.create(spec)).token;
  tok = { viewer: await make({ role: 'viewer' }), deployer: await make({ role: 'deployer', prefixes: ['/shop'] }), agent1: await make({ role: 'agent', node: 'agent-1' }) };
  (await registerAgents(h, 2)).close();
  const bridge = (id: string, port: number) => ({ id, cmd: 'sleep 1000', instances: 1, networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: port, hostPort: 0 }] } });
  for (const app of [bridge('/shop/web', 80), bridge('/shop/db', 5432), bridge('/other/app', 80), { id: '/shop/hostnet', cmd: 'sleep 1000', instances: 1, portDefinitions: [{ port: 0 }] }]) {
    expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  }
});

afterAll(async () => {
  await h?.stop();
});

async function as(token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(h.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const dbIngress = { id: 'db-ingress', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };

describe('/v1/policies', () => {
  test('create (201), 409 on a second create, get, list, replace bumps the version, versions, delete (200, then 404)', async () => {
    const created = await h.req('POST', '/v1/policies', dbIngress);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...dbIngress, version: expect.any(String) });
    expect(created.body.warnings).toBeUndefined();
    expect(created.headers.get('location')).toBe('/v1/policies/db-ingress');
    const again = await h.req('POST', '/v1/policies', dbIngress);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/Policy 'db-ingress' already exists/);
    expect((await h.req('GET', '/v1/policies/db-ingress')).body).toEqual(created.body);
    expect((await h.req('GET', '/v1/policies')).body.policies.map((p: { id: string }) => p.id)).toEqual(['db-ingress']);

    const replaced = await h.req('PUT', '/v1/policies/db-ingress', { ...dbIngress, action: 'reject' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.version > created.body.version).toBe(true);
    const versions = (await h.req('GET', '/v1/policies/db-ingress/versions')).body.versions;
    expect(versions).toEqual([replaced.body.version, created.body.version]);
    expect((await h.req('GET', `/v1/policies/db-ingress/versions/${created.body.version}`)).body.action).toBeUndefined();

    const putNew = await h.req('PUT', '/v1/policies/shop-deny', { selector: { apps: ['/shop/*'] }, ingress: [] });
    expect(putNew.status).toBe(201);
    expect(putNew.body.id).toBe('shop-deny');
    expect(putNew.body.warnings).toEqual([expect.stringMatching(/^\/shop\/hostnet uses host networking: .*cannot be isolated/)]);

    expect((await h.req('DELETE', '/v1/policies/shop-deny')).status).toBe(200);
    const gone = await h.req('DELETE', '/v1/policies/shop-deny');
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe("Policy 'shop-deny' does not exist");
    expect((await h.req('GET', '/v1/policies/shop-deny/versions')).status).toBe(404);
  });

  test('bad input: 422 whose details name the field; a group that does not exist yet is accepted', async () => {
    const bad = async (body: unknown) => {
      const r = await h.req('POST', '/v1/policies', body);
      expect(r.status).toBe(422);
      return r.body.details.map((d: { path: string }) => d.path);
    };
    expect(await bad({ id: 'x', selector: {} })).toEqual(['/selector']);
    expect(await bad({ id: 'x', selector: { apps: ['/shop/nope'] } })).toEqual(['/selector/apps(0)']);
    expect(await bad({ id: 'x', selector: { apps: ['/shop/db'] }, ingress: [{ from: { cidrs: ['198.18.0.0/16', '198.18.1.0/24'] }, ports: [{ port: 70000 }] }] })).toEqual(['/ingress(0)/from/cidrs(1)', '/ingress(0)/ports(0)/port']);
    expect(await bad({ id: 'Not Valid', selector: { apps: ['/shop/db'] } })).toEqual(['/id']);
    expect((await h.req('PUT', '/v1/policies/a', { id: 'b', selector: { apps: ['/shop/db'] } })).body.details[0].path).toBe('/id');
    const later = await h.req('POST', '/v1/policies', { id: 'later', selector: { apps: ['/not-yet/*'] }, ingress: [] });
    expect(later.status).toBe(201);
    expect((await h.req('DELETE', '/v1/policies/later')).status).toBe(200);
  });

  test('auth: 401 without credentials, viewers read only, a deployer writes only policies protecting its prefixes', async () => {
    expect((await as(undefined, 'GET', '/v1/policies')).status).toBe(401);
    expect((await as(tok.viewer, 'GET', '/v1/policies')).status).toBe(200);
    expect((await as(tok.viewer, 'POST', '/v1/policies', { ...dbIngress, id: 'v' })).status).toBe(403);
    expect((await as(tok.agent1, 'GET', '/v1/policies')).status).toBe(403);
    const mine = await as(tok.deployer, 'POST', '/v1/policies', { id: 'dep', selector: { apps: ['/shop/*'] }, ingress: [{ from: { apps: ['/other/app'] } }] });
    expect(mine.status).toBe(201);
    const outside = await as(tok.deployer, 'POST', '/v1/policies', { id: 'dep2', selector: { apps: ['/other/app'] } });
    expect(outside.status).toBe(403);
    expect(outside.body.message).toMatch(/\/other\/app is outside the prefixes/);
    expect((await as(tok.deployer, 'POST', '/v1/policies', { id: 'dep3', selector: { labels: { a: 'b' } } })).status).toBe(403);
    expect((await h.req('PUT', '/v1/policies/adm', { selector: { apps: ['/other/app'] }, ingress: [] })).status).toBe(201);
    // replacing (or deleting) a policy that protects apps outside the prefixes is refused too
    expect((await as(tok.deployer, 'PUT', '/v1/policies/adm', { selector: { apps: ['/shop/db'] } })).status).toBe(403);
    expect((await as(tok.deployer, 'DELETE', '/v1/policies/adm')).status).toBe(403);
    expect((await as(tok.deployer, 'DELETE', '/v1/policies/dep')).status).toBe(200);
    expect((await h.req('DELETE', '/v1/policies/adm')).status).toBe(200);
  });
});

describe('the watch stream and the status report', () => {
  test('an agent sees policies on its watch; its report shows in /status; it may report only as itself', async () => {
    let state: ClusterSnapshot = emptySnapshot();
    const feed = new GrpcClusterFeed({ address: h.svc.grpcAddress, agentId: 'agent-1', credentials: { token: tok.agent1 } });
    const agent = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: { token: tok.agent1 } });
    try {
      await feed.start({ onSnapshot: (s) => (state = s), onEvents: (rev, evs) => applyEvents(state, rev, evs) });
      await feed.synced();
      expect(state.policies.get('db-ingress')).toMatchObject({ id: 'db-ingress', version: expect.any(String) });
      const put = await h.req('PUT', '/v1/policies/web-open', { selector: { apps: ['/shop/web'] }, ingress: [{}] });
      await until('web-open on the watch', () => state.policies.get('web-open')?.version === put.body.version);
      await h.req('DELETE', '/v1/policies/web-open');
      await until('web-open gone from the watch', () => !state.policies.has('web-open'));

      const version = (await h.req('GET', '/v1/policies/db-ingress')).body.version as string;
      let status = (await h.req('GET', '/v1/policies/db-ingress/status')).body;
      expect(status).toEqual({ id: 'db-ingress', version, hosts: [expect.objectContaining({ agentId: 'agent-1', programmed: false }), expect.objectContaining({ agentId: 'agent-2', programmed: false })] });

      const report: PolicyHostStatus = {
        agentId: 'agent-1',
        revision: 7,
        syncedAt: '2026-12-04T06:00:00.000Z',
        policies: { 'db-ingress': { version, programmed: true, rules: [{ direction: 'ingress', index: 0, packets: 3, bytes: 180 }], dropped: { packets: 2, bytes: 120 } } },
      };
      await agent.keepAlive('agent-1'); // registered in beforeAll: the report rides on its lease
      await agent.reportPolicyStatus('agent-1', report);
      status = (await h.req('GET', '/v1/policies/db-ingress/status')).body;
      expect(status.hosts).toEqual([
        { agentId: 'agent-1', programmed: true, version, rules: [{ direction: 'ingress', index: 0, packets: 3, bytes: 180 }], dropped: { packets: 2, bytes: 120 }, syncedAt: '2026-12-04T06:00:00.000Z' },
        { agentId: 'agent-2', programmed: false, rules: [], dropped: { packets: 0, bytes: 0 } },
      ]);
      await expect(agent.reportPolicyStatus('agent-2', { ...report, agentId: 'agent-2' })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
      await expect(agent.reportPolicyStatus('agent-1', { ...report, agentId: 'agent-2' })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID' });
      expect((await h.req('GET', '/v1/policies/nope/status')).status).toBe(404);
    } finally {
      await feed.stop();
      agent.close();
    }
  });
});

describe('why', () => {
  test('allow with the rule, deny with the selecting policy, open without one; 422 names the field', async () => {
    const q = async (from: string, to: string, port: string) => (await h.req('GET', `/v1/policies/why?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&port=${encodeURIComponent(port)}`)).body;
    expect(await q('/shop/web', '/shop/db', '5432')).toMatchObject({ verdict: 'allow', policy: 'db-ingress', direction: 'ingress', rule: 0 });
    expect(await q('/shop/web', '/shop/db', '22')).toMatchObject({ verdict: 'deny', policy: 'db-ingress', direction: 'ingress', reason: expect.stringMatching(/no ingress rule admits/) });
    expect(await q('/other/app', '/shop/db', '5432')).toMatchObject({ verdict: 'deny', policy: 'db-ingress' });
    expect(await q('/shop/db', '/shop/web', '80/tcp')).toMatchObject({ verdict: 'allow', reason: 'no policy selects /shop/web: open' });
    const webTask = [...h.svc.core.ctx.view.tasks.values()].find((t) => t.appId === '/shop/web')!;
    const dbTask = [...h.svc.core.ctx.view.tasks.values()].find((t) => t.appId === '/shop/db')!;
    expect(await q(webTask.id, dbTask.ipAddresses[0].ipAddress, '5432')).toMatchObject({ verdict: 'allow', policy: 'db-ingress' });
    expect(await q('/shop/web', '/shop/db', '5432/udp')).toMatchObject({ verdict: 'deny', protocol: 'udp' });
    const bad = await h.req('GET', '/v1/policies/why?from=/nope&to=/shop/db&port=99999');
    expect(bad.status).toBe(422);
    expect(bad.body.details.map((d: { path: string }) => d.path)).toEqual(['/from', '/port']);
  });
});

describe('gRPC Policies', () => {
  test('create, get with warnings, list, update, delete; a viewer may not write', async () => {
    const admin = makeClient('Policies', h.svc.grpcAddress, {}, h.credentials);
    const viewer = makeClient('Policies', h.svc.grpcAddress, {}, { token: tok.viewer });
    try {
      const created = await unary<{ policyJson: string; warnings: string[] }>(admin, 'create', { policyJson: JSON.stringify({ id: 'g1', selector: { apps: ['/shop/hostnet'] }, ingress: [] }) });
      expect(JSON.parse(created.policyJson)).toMatchObject({ id: 'g1', version: expect.any(String) });
      expect(created.warnings).toEqual([expect.stringMatching(/\/shop\/hostnet uses host networking/)]);
      await expect(unary(admin, 'create', { policyJson: JSON.stringify({ id: 'g1', selector: { apps: ['/shop/hostnet'] } }) })).rejects.toMatchObject({ code: 'MARINA_ERR_CONFLICT' });
      await expect(unary(admin, 'create', { policyJson: JSON.stringify({ id: 'g2', selector: {} }) })).rejects.toMatchObject({ code: 'MARINA_ERR_INVALID', details: [{ path: '/selector' }] });
      const list = await unary<{ policiesJson: string[] }>(viewer, 'list', {});
      expect(list.policiesJson.map((j) => JSON.parse(j).id)).toContain('g1');
      const updated = await unary<{ policyJson: string }>(admin, 'update', { id: 'g1', policyJson: JSON.stringify({ selector: { apps: ['/shop/web'] } }) });
      expect(JSON.parse(updated.policyJson).selector).toEqual({ apps: ['/shop/web'] });
      await expect(unary(viewer, 'delete', { id: 'g1' })).rejects.toMatchObject({ code: 'MARINA_ERR_FORBIDDEN' });
      await unary(admin, 'delete', { id: 'g1' });
      await expect(unary(viewer, 'get', { id: 'g1' })).rejects.toMatchObject({ code: 'MARINA_ERR_NOT_FOUND' });
    } finally {
      admin.close();
      viewer.close();
    }
  });
});

describe('marina policies (the CLI binary)', () => {
  test('create -f, list, show, why, status, delete; --output json; 422 names the field (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marina-policy-cli-'));
    const marina = (...args: string[]) => run(nodeBinary(), [join(repoRoot(), 'bin', 'marina.js'), 'policies', ...args], { env: { ...process.env, MARINA_API: h.base, MARINA_TOKEN: h.token } });
    try {
      const file = join(dir, 'p.json');
      writeFileSync(file, JSON.stringify({ id: 'cli-web', selector: { apps: ['/shop/web'] }, ingress: [{ from: { apps: ['/shop/db'] }, ports: [{ port: 80, protocol: 'tcp' }] }] }));
      const created = await marina('create', '-f', file);
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^ID\s+VERSION\ncli-web\s+\d{4}-/);
      expect((await marina('create', '-f', file)).code).toBe(1); // 409
      expect((await marina('create', '-f', file, '--replace')).code).toBe(0);
      expect((await marina('list')).stdout).toMatch(/cli-web\s+\/shop\/web\s+1\s+-\s+drop/);
      expect(JSON.parse((await marina('show', 'cli-web')).stdout)).toMatchObject({ id: 'cli-web', selector: { apps: ['/shop/web'] } });
      const why = await marina('why', '/shop/db', '/shop/web', '80/tcp');
      expect(why.stdout).toMatch(/^allow: policy cli-web ingress rule 0 admits \/shop\/db to \/shop\/web on 80\/tcp\n/);
      expect(JSON.parse((await marina('why', '/other/app', '/shop/web', '80', '-o', 'json')).stdout)).toMatchObject({ verdict: 'deny', policy: 'cli-web' });
      expect((await marina('status', 'cli-web')).stdout).toMatch(/agent-1\s+false/);
      writeFileSync(file, JSON.stringify({ id: 'bad', selector: { apps: ['/shop/nope'] } }));
      const bad = await marina('create', '-f', file);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/\/selector\/apps\(0\)/);
      expect((await marina('delete', 'cli-web')).stdout).toMatch(/cli-web\s+true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
