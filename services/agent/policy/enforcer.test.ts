import type { Task } from '../../../lib/model/cluster';
import type { ClusterEvent } from '../../../lib/feed/feed';
import { emptySnapshot } from '../../../lib/feed/feed';
import { batchChanges, policySource, taskView } from './enforcer';
import { desiredTable } from './desired';
import { policyHostStatus } from './status';
import { appChainName, ruleTag } from './names';

const task = (id: string, over: Partial<Task> = {}): Task => ({
  id, appId: '/shop/db', appVersion: 'v', agentId: 'h1', host: 'h1', networkMode: 'bridge', ports: [], vips: [], env: {}, ready: true, desired: 'run', healthCheckResults: [],
  ipAddresses: [{ ipAddress: '198.18.1.3', protocol: 'IPv4' }], state: 'TASK_RUNNING', stagedAt: '2026-12-04T05:00:00.000Z', version: 'v', ...over,
});

describe('policy enforcement inputs', () => {
  it('takes tasks that hold addresses; host mode is marked; terminal tasks are out', () => {
    expect(taskView(task('a'))).toEqual({ id: 'a', appId: '/shop/db', agentId: 'h1', ips: ['198.18.1.3'], hostMode: false });
    expect(taskView(task('b', { networkMode: 'host' }))?.hostMode).toBe(true);
    expect(taskView(task('c', { state: 'TASK_FINISHED' }))).toBeUndefined();
    expect(taskView(task('d', { ipAddresses: [] }))).toBeUndefined();
    const s = emptySnapshot(7);
    s.tasks.set('a', task('a'));
    s.tasks.set('c', task('c', { state: 'TASK_KILLED' }));
    expect(policySource('h1', s)).toMatchObject({ revision: 7, tasks: [{ id: 'a' }] });
  });

  it('times a policy by its version, a new task by stagedAt, a stop by receipt; other puts are not timed; batches without app changes carry their task changes', () => {
    const views = new Map([['old', taskView(task('old'))!]]);
    const ev: ClusterEvent[] = [
      { kind: 'policy', op: 'put', id: 'p', value: { id: 'p', selector: { apps: ['/x'] }, version: '2026-12-04T05:00:01.000Z' } },
      { kind: 'task', op: 'put', id: 'new', value: task('new') },
      { kind: 'task', op: 'put', id: 'old', value: task('old', { state: 'TASK_KILLED' }) },
    ];
    const first = batchChanges(ev, views, 99);
    expect(first.times).toEqual([Date.parse('2026-12-04T05:00:01.000Z'), Date.parse('2026-12-04T05:00:00.000Z'), 99]);
    expect(first.tasks).toEqual([{ after: taskView(task('new')) }, { before: taskView(task('old')) }]); // policies: the syncer compares them itself
    expect({ appeared: first.appeared, gone: first.gone }).toEqual({ appeared: ['new'], gone: ['old'] });
    expect(batchChanges([{ kind: 'app', op: 'delete', id: '/shop/db' }], views, 99).tasks).toBeUndefined(); // labels may move: full render
    expect(batchChanges([{ kind: 'task', op: 'put', id: 'new', value: task('new', { ready: false }) }], views, 100)).toEqual({ times: [], tasks: [], appeared: [], gone: [] });
    const stop = batchChanges([{ kind: 'task', op: 'delete', id: 'new' }], views, 101);
    expect(stop).toEqual({ times: [101], tasks: [{ before: taskView(task('new')) }], appeared: [], gone: ['new'] });
  });

  it('sums rule counters per policy and charges a chain\'s drops to each policy selecting the app', () => {
    const p = { id: 'db', selector: { apps: ['/shop/db'] }, ingress: [{ ports: [{ port: 5432, protocol: 'tcp' as const }] }], version: 'v1' };
    const deny = { id: 'deny', selector: { apps: ['/shop/*'] }, ingress: [] };
    const applied = desiredTable({ agentId: 'h1', policies: [p, deny], apps: [{ id: '/shop/db' }], tasks: [taskView(task('a'))!] });
    const chain = appChainName('/shop/db', 'ingress');
    const rule = applied.chains.get(chain)!.rules[0];
    expect(rule.tag).toBe(ruleTag('db', 'ingress', 0, rule.text));
    const st = policyHostStatus({ agentId: 'h1', revision: 3, syncedAt: new Date(0), policies: [p, deny], applied, counters: [{ chain, tag: rule.tag, packets: 4, bytes: 240 }, { chain, tag: applied.chains.get(chain)!.rules[1].tag, packets: 2, bytes: 120 }] });
    expect(st.policies.db).toEqual({ version: 'v1', programmed: true, rules: [{ direction: 'ingress', index: 0, packets: 4, bytes: 240 }], dropped: { packets: 2, bytes: 120 } });
    expect(st.policies.deny.dropped).toEqual({ packets: 2, bytes: 120 });
  });
});
