/**
 * Dual-stack and IPv6-only virtual networks (addresses from the benchmarking
 * prefixes 198.18.0.0/15 and 2001:2::/48, RFC 2544 / RFC 5180): per-host
 * IPv6 blocks, one IPv6 address per container in the same transaction as the
 * rest of the instance, shown in /v2/tasks, released exactly once.
 */
import { GrpcAgentApi } from '../../lib/client/grpc-agent-api';
import { parseCidr6, ip6ToBig } from '../../lib/net/ipv6';
import { registerAgents, startHarness, type Harness } from '../../services/allocator/testing/harness';

let h: Harness;
let agents: GrpcAgentApi;

beforeEach(async () => {
  h = await startHarness({ reconcileInterval: 0.2, killTimeout: 60 });
  agents = await registerAgents(h);
});

afterEach(async () => {
  agents.close();
  await h.stop();
});

async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface ApiTask {
  id: string;
  agentId: string;
  ipAddresses: Array<{ ipAddress: string; protocol: string }>;
}

test('dual-stack network: each container gets an IPv4 and an IPv6 address from per-host blocks; released on kill', async () => {
  const net = await h.req('POST', '/v2/networks', { name: 'dual', cidr: '198.19.8.0/24', cidr6: '2001:2:0:0::/48', blockSize: 28, driver: 'vxlan' });
  expect(net.status).toBe(201);
  expect(net.body).toMatchObject({ cidr6: '2001:2::/48', blockSize6: 122 });
  const app = { id: '/ds', cmd: 'true', instances: 6, networks: [{ mode: 'container', name: 'dual' }], container: { type: 'MESOS', portMappings: [{ containerPort: 8080 }] } };
  expect((await h.req('POST', '/v2/apps', app)).status).toBe(201);
  // agentId is Marina's (/v1 tasks), not in Marathon's task shape
  const tasks = (await h.req('GET', '/v1/tasks?app=/ds')).body.tasks as ApiTask[];
  expect(tasks).toHaveLength(6);
  const pool = parseCidr6('2001:2::/48');
  const v6 = tasks.map((t) => {
    expect(t.ipAddresses.map((a) => a.protocol)).toEqual(['IPv4', 'IPv6']);
    expect(t.ipAddresses[0].ipAddress).toMatch(/^198\.19\.8\./);
    const ip = ip6ToBig(t.ipAddresses[1].ipAddress);
    expect(ip >= pool.base && ip < pool.base + pool.size).toBe(true);
    return t.ipAddresses[1].ipAddress;
  });
  expect(new Set(v6).size).toBe(6);
  // one IPv6 /122 and one IPv4 /28 per host; a task's IPv6 address lies in its host's block
  const blocks = (await h.req('GET', '/v1/alloc/blocks?network=dual')).body.allocations as Array<{ value: string; agentId: string }>;
  const blocks6 = blocks.filter((b) => b.value.includes(':'));
  expect(blocks6.map((b) => b.value.split('/')[1])).toEqual(['122', '122']);
  expect(new Set(blocks6.map((b) => b.agentId))).toEqual(new Set(['agent-1', 'agent-2']));
  for (const t of tasks) {
    const block = parseCidr6(blocks6.find((b) => b.agentId === t.agentId)!.value);
    const ip = ip6ToBig(t.ipAddresses[1].ipAddress);
    expect(ip >= block.base && ip < block.base + block.size).toBe(true);
  }
  const ips = (await h.req('GET', '/v1/alloc/ips?network=dual')).body.allocations as Array<{ value: string; taskId: string }>;
  expect(ips).toHaveLength(12);
  // kill two with scale: the agent reports them killed; both their addresses go in the release txn
  const victims = tasks.slice(0, 2);
  expect((await h.req('DELETE', `/v2/apps/ds/tasks/${victims[0].id}?scale=true`)).status).toBe(200);
  expect((await h.req('DELETE', `/v2/apps/ds/tasks/${victims[1].id}?scale=true`)).status).toBe(200);
  for (const v of victims) await agents.reportTaskStatus(v.agentId, { taskId: v.id, state: 'TASK_KILLED', ready: false });
  await until('addresses released', async () => ((await h.req('GET', '/v1/alloc/ips?network=dual')).body.allocations as unknown[]).length === 8);
  const left = (await h.req('GET', '/v1/alloc/ips?network=dual')).body.allocations as Array<{ value: string; taskId: string }>;
  expect(left.some((a) => victims.some((v) => v.id === a.taskId))).toBe(false);
  // a second report of the same kill finds nothing to release (exactly once)
  await expect(agents.reportTaskStatus(victims[0].agentId, { taskId: victims[0].id, state: 'TASK_KILLED', ready: false })).rejects.toMatchObject({ code: 'MARINA_ERR_NOT_FOUND' });
});

test('IPv6-only network: beyond its addresses a scale-up waits in the launch queue naming the network; nothing allocated twice', async () => {
  // a /124 pool in /126 blocks: 4 blocks of 4 addresses, minus the anycast and gateway addresses = 14
  expect((await h.req('POST', '/v2/networks', { name: 'six', cidr6: '2001:2:0:1::/124', blockSize6: 126 })).status).toBe(201);
  const app = (n: number) => ({ id: '/v6', cmd: 'true', instances: n, networks: [{ mode: 'container', name: 'six' }] });
  expect((await h.req('POST', '/v2/apps', app(10))).status).toBe(201);
  const tasks = (await h.req('GET', '/v2/apps/v6/tasks')).body.tasks as ApiTask[];
  for (const t of tasks) expect(t.ipAddresses.map((a) => a.protocol)).toEqual(['IPv6']);
  const tooMany = await h.req('PUT', '/v2/apps/v6?force=true', { instances: 15 });
  expect(tooMany.status).toBe(200);
  expect((await h.req('GET', '/v2/apps/v6/tasks')).body.tasks).toHaveLength(14);
  const [q] = (await h.req('GET', '/v2/queue')).body.queue;
  expect(q.count).toBe(1);
  expect(q.processedOffersSummary.rejectSummaryLastOffers[0].reason).toBe('network six exhausted on every host');
  const ips = (await h.req('GET', '/v1/alloc/ips?network=six')).body.allocations as Array<{ value: string }>;
  expect(new Set(ips.map((a) => a.value)).size).toBe(14);
  expect(ips).toHaveLength(14);
  expect((await h.req('PUT', '/v2/apps/v6?force=true', { instances: 14 })).status).toBe(200);
  expect((await h.req('GET', '/v2/queue')).body.queue).toEqual([]);
});

test('network validation names the IPv6 fields', async () => {
  const bad = await h.req('POST', '/v2/networks', { name: 'b1', cidr6: '2001:2::/129' });
  expect(bad.status).toBe(422);
  expect(bad.body.details.map((d: { path: string }) => d.path)).toContain('/cidr6');
  const size = await h.req('POST', '/v2/networks', { name: 'b2', cidr6: '2001:2::/48', blockSize6: 40 });
  expect(size.body.details.map((d: { path: string }) => d.path)).toEqual(['/blockSize6']);
  expect((await h.req('POST', '/v2/networks', { name: 'c1', cidr6: '2001:2::/48' })).status).toBe(201);
  const overlap = await h.req('POST', '/v2/networks', { name: 'c2', cidr6: '2001:2:0:5::/64' });
  expect(overlap.status).toBe(422);
  expect(overlap.body.details[0]).toMatchObject({ path: '/cidr6' });
});
