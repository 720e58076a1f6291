/**
 * A lapsed agent lease is not a dead agent: while the allocator has not
 * marked the tasks lost, their A records keep the agent's last address
 * (through an agent delete and through a resync snapshot without the agent);
 * TASK_LOST, or the task's release, removes them.
 */
import { MemoryFeed } from '../../../../lib/feed/testing/memory-feed';
import { emptySnapshot } from '../../../../lib/feed/feed';
import { rfc1123Label } from '../../../../lib/naming';
import { DnsState } from '../../records/dns-state';
import { agent, task, hostPort } from '../../testing/fixtures';
import { FeedSource } from './feed-source';

const tick = () => new Promise((r) => setImmediate(r));

async function setup() {
  const feed = new MemoryFeed();
  feed.publish([
    { kind: 'agent', op: 'put', id: 'a1', value: agent('a1', '198.18.0.11') },
    { kind: 'task', op: 'put', id: 'web.1', value: task({ id: 'web.1', appId: '/web', agentId: 'a1', ports: [hostPort(31000, 'http')] }) },
  ]);
  const state = new DnsState({ zones: ['mesos'], ttl: 60, srvWeight: 1, soa: { mname: 'ns1.mesos', rname: 'root.ns1.mesos', refresh: 60, retry: 600, expire: 86400, minttl: 60 } });
  const src = new FeedSource(feed.subscriber(), state, { domain: 'mesos', label: rfc1123Label, ipSources: ['netinfo', 'host'], framework: 'marathon', masters: [], staticRRs: [] });
  await src.start();
  const a = () => (state.view.table.owned('task:web.1') ?? []).filter((r) => r.type === 'A' && r.name === 'web.marathon.mesos.').map((r) => r.value);
  return { feed, a };
}

test('an agent delete keeps the tasks answered at its last address until they are lost', async () => {
  const { feed, a } = await setup();
  expect(a()).toEqual(['198.18.0.11']);
  feed.publish([{ kind: 'agent', op: 'delete', id: 'a1' }]);
  await tick();
  expect(a()).toEqual(['198.18.0.11']);
  feed.publish([{ kind: 'agent', op: 'put', id: 'a1', value: agent('a1', '198.18.0.11') }]);
  feed.publish([{ kind: 'agent', op: 'delete', id: 'a1' }]);
  await tick();
  expect(a()).toEqual(['198.18.0.11']);
  feed.publish([{ kind: 'task', op: 'put', id: 'web.1', value: task({ id: 'web.1', appId: '/web', agentId: 'a1', state: 'TASK_LOST', ready: false, desired: 'stop', ports: [hostPort(31000, 'http')] }) }]);
  await tick();
  expect(a()).toEqual([]);
});

test('a resync snapshot without the agent keeps its tasks at the last known address', async () => {
  const { feed, a } = await setup();
  const snap = emptySnapshot(10);
  snap.tasks.set('web.1', task({ id: 'web.1', appId: '/web', agentId: 'a1', ports: [hostPort(31000, 'http')] }));
  feed.resync(snap);
  expect(a()).toEqual(['198.18.0.11']);
  // an agent never seen has no address to keep: its host-IP record is empty, not invented
  const unknown = emptySnapshot(11);
  unknown.tasks.set('web.1', task({ id: 'web.1', appId: '/web', agentId: 'a9', ports: [hostPort(31000, 'http')] }));
  feed.resync(unknown);
  expect(a()).toEqual([]);
});

test('releasing the last task of a departed agent forgets the agent', async () => {
  const { feed, a } = await setup();
  feed.publish([{ kind: 'agent', op: 'delete', id: 'a1' }]);
  feed.publish([{ kind: 'task', op: 'delete', id: 'web.1' }]);
  await tick();
  feed.publish([{ kind: 'task', op: 'put', id: 'web.1', value: task({ id: 'web.1', appId: '/web', agentId: 'a1', ports: [hostPort(31000, 'http')] }) }]);
  await tick();
  expect(a()).toEqual([]);
});
