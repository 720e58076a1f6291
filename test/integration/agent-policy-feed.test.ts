/**
 * The interface policy enforcement builds on (issue 11), end to end with a
 * real allocator and an in-process agent in a simulated host (netns
 * marina-pf1 on 198.18.47.0/24), both speaking as the agent identity over
 * gRPC: policies written over HTTP reach the agent's mirror
 * (MarinaAgent.policies, onClusterChange with the events), a deleted one
 * leaves it, and the agent's report (MarinaAgent.reportPolicyStatus) shows
 * in GET /v1/policies/{id}/status.
 */
import type { ClusterEvent } from '../../lib/feed/feed';
import type { MarinaAgent } from '../../services/agent/agent';
import { netnsPrefix } from '../../services/agent/names';
import { startHarness, type Harness } from '../../services/allocator/testing/harness';
import { listNetns } from '../helpers/netns';
import { harnessAgent, type HarnessAgent } from '../helpers/agent/harness-agent';
import { createHosts, type SimUnderlay } from '../helpers/agent/hosts';
import { until } from '../helpers/until';

jest.setTimeout(60_000);

let h: Harness;
let under: SimUnderlay;
let ha: HarnessAgent | undefined;
let agent: MarinaAgent | undefined;

beforeAll(async () => {
  h = await startHarness();
  under = await createHosts('marina-pf', '198.18.47', 1);
  ha = await harnessAgent(h, under.hosts[0], 'marina-pf-');
  agent = ha.agent;
  await agent.start();
});

afterAll(async () => {
  await ha?.stop();
  await h?.stop();
  await under?.destroy();
  const left = (await listNetns()).filter((n) => n.startsWith('marina-pf') || under.hosts.some((x) => n.startsWith(netnsPrefix(x.name))));
  expect(left).toEqual([]);
});

test('policies reach the agent mirror and its listeners; its report shows in /status', async () => {
  const a = agent!;
  await until('the agent synced', () => a.isSynced, 20_000);
  const seen: Array<readonly ClusterEvent[] | undefined> = [];
  const off = a.onClusterChange((state, events) => {
    if (events?.some((e) => e.kind === 'policy') || (!events && state.policies.size > 0)) seen.push(events);
  });
  const body = { id: 'pf-deny', selector: { apps: ['/pf/*'] }, ingress: [] };
  const put = await h.req('POST', '/v1/policies', body);
  expect(put.status).toBe(201);
  await until('the policy in the agent mirror', () => a.policies.get('pf-deny')?.version === put.body.version, 10_000);
  expect(a.cluster.policies.get('pf-deny')).toEqual(put.body);
  expect(seen[0]).toEqual([{ kind: 'policy', op: 'put', id: 'pf-deny', value: put.body }]);

  await a.reportPolicyStatus({ revision: 1, syncedAt: new Date().toISOString(), policies: { 'pf-deny': { version: put.body.version, programmed: true, rules: [], dropped: { packets: 5, bytes: 300 } } } });
  const status = (await h.req('GET', '/v1/policies/pf-deny/status')).body;
  expect(status.hosts).toEqual([expect.objectContaining({ agentId: under.hosts[0].name, programmed: true, dropped: { packets: 5, bytes: 300 } })]);

  expect((await h.req('DELETE', '/v1/policies/pf-deny')).status).toBe(200);
  await until('the policy gone from the agent mirror', () => !a.policies.has('pf-deny'), 10_000);
  off();
});
