/**
 * marina-ipam as other runtimes call it: the real plugin executable
 * (bin/marina-ipam), CNI_CONTAINERID = a Marina task id and
 * `ipam.allocator` = the real allocator's HTTP API (in-process, embedded
 * store, loopback). The plugin returns the task's allocated addresses with
 * their pool prefix and gateway, and CNI error codes when it cannot.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { repoRoot } from '../../lib/paths';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { run } from '../helpers/exec';
import { freePort } from '../helpers/ports';

const PLUGIN = join(repoRoot(), 'bin', 'marina-ipam');
let h: Harness;
let agents: GrpcAgentApi;

beforeAll(async () => {
  if (!existsSync(join(repoRoot(), 'dist', 'services', 'agent', 'ipam', 'allocator-lookup.js'))) {
    throw new Error('build first (bash deploy/setup.sh, or tsc -p tsconfig.build.json): bin/marina-ipam runs dist/');
  }
  h = await startHarness({ reconcileInterval: 0.2 });
  agents = new GrpcAgentApi({ address: h.svc.grpcAddress, credentials: h.credentials });
  await agents.registerAgent({ id: 'ipam-1', hostname: 'ipam-1', ip: '198.18.3.11' });
  expect((await h.req('POST', '/v2/networks', { name: 'blue', cidr: '198.19.4.0/22', blockSize: 26, driver: 'vxlan', vni: 77 })).status).toBe(201);
});

afterAll(async () => {
  agents?.close();
  await h?.stop();
});

async function plugin(command: string, containerId: string, ipam: Record<string, unknown>): Promise<{ code: number; body: any }> {
  const conf = JSON.stringify({ cniVersion: '1.0.0', name: 'other-runtime', type: 'bridge', ipam: { type: 'marina-ipam', ...ipam } });
  const env = { PATH: process.env.PATH, CNI_COMMAND: command, CNI_CONTAINERID: containerId, CNI_NETNS: '/run/netns/marina-none', CNI_IFNAME: 'eth0', CNI_PATH: '/usr/lib/cni' };
  const res = await run(PLUGIN, [], { env, input: conf });
  return { code: res.code, body: res.stdout ? JSON.parse(res.stdout) : undefined };
}

async function firstTask(appId: string): Promise<{ id: string; ipAddresses: Array<{ ipAddress: string }> }> {
  for (let i = 0; i < 100; i++) {
    const tasks = (await h.req('GET', `/v2/apps${appId}/tasks`)).body.tasks ?? [];
    if (tasks.length > 0) return tasks[0];
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no task for ${appId}`);
}

test('ADD by task id returns the allocator address with the pool prefix and anycast gateway', async () => {
  await h.req('POST', '/v2/apps', { id: '/vn', cmd: 'sleep 60', networks: [{ mode: 'container', name: 'blue' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } });
  const t = await firstTask('/vn');
  const out = await plugin('ADD', t.id, { allocator: h.base, token: h.token });
  expect(out.code).toBe(0);
  expect(out.body.ips).toEqual([{ address: `${t.ipAddresses[0].ipAddress}/22`, gateway: '198.19.4.1' }]);
  expect(t.ipAddresses[0].ipAddress).toMatch(/^198\.19\.[4-7]\./);
  expect((await plugin('CHECK', t.id, { allocator: h.base, token: h.token })).code).toBe(0);
  expect((await plugin('DEL', t.id, { allocator: h.base, token: h.token })).code).toBe(0);
});

test('a bridge-mode task gets its address in the agent bridge subnet', async () => {
  await h.req('POST', '/v2/apps', { id: '/br', cmd: 'sleep 60', networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: 0 }] } });
  const t = await firstTask('/br');
  const agent = (await h.req('GET', '/v1/agents/ipam-1')).body as { bridgeCidr: string };
  const prefix = agent.bridgeCidr.split('/')[1];
  const out = await plugin('ADD', t.id, { allocator: h.base, token: h.token });
  expect(out.code).toBe(0);
  expect(out.body.ips[0].address).toBe(`${t.ipAddresses[0].ipAddress}/${prefix}`);
});

test('addresses in the config win over the lookup (the agent path makes no HTTP call)', async () => {
  const out = await plugin('ADD', 'anything', { allocator: 'http://127.0.0.1:1', addresses: [{ address: '198.19.4.9/22' }] });
  expect(out.body.ips).toEqual([{ address: '198.19.4.9/22' }]);
});

test('failures are CNI errors: unknown task 3, host-mode task 7 (no allocated address), bad URL 7, unreachable allocator 11', async () => {
  const unknown = await plugin('ADD', 'no-such-task', { allocator: h.base, token: h.token });
  expect(unknown).toMatchObject({ code: 1, body: { code: 3 } });
  expect(unknown.body.msg).toMatch(/CNI_CONTAINERID: task "no-such-task" is not known/);
  await h.req('POST', '/v2/apps', { id: '/hostmode', cmd: 'sleep 60', portDefinitions: [{ port: 0 }] });
  const hostTask = await firstTask('/hostmode');
  expect((await plugin('ADD', hostTask.id, { allocator: h.base, token: h.token })).body).toMatchObject({ code: 7, msg: expect.stringMatching(/is in no network or bridge subnet/) });
  expect((await plugin('ADD', 'x', { allocator: 'ftp://nope' })).body).toMatchObject({ code: 7, msg: expect.stringMatching(/ipam.allocator: expected an http/) });
  const port = await freePort();
  expect((await plugin('ADD', 'x', { allocator: `http://127.0.0.1:${port}` })).body).toMatchObject({ code: 11, msg: expect.stringMatching(/ipam.allocator: GET/) });
});
