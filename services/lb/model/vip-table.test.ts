import { emptySnapshot } from '../../../lib/feed/feed';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task, TaskVip } from '../../../lib/model/cluster';
import { backendAddress, buildVipTable, VipMemory } from './vip-table';

const vip = (protocol: TaskVip['protocol'] = 'tcp'): TaskVip[] => [{ label: '/web:80', name: 'web', ip: '198.19.250.1', port: 80, protocol, portIndex: 0 }];
const agents = new Map<string, Agent>([['a1', { id: 'a1', hostname: 'h1', ip: '198.18.2.1', portRanges: [], attributes: {}, registeredAt: '' }]]);

function task(id: string, over: Partial<Task> = {}): Task {
  return { id, appId: '/web', appVersion: 'v', agentId: 'a1', host: 'h1', networkMode: 'host', ports: [{ hostPort: 31000, containerPort: 8080, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: vip(), env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v', ...over };
}
function app(labels: Record<string, string> = {}): AppDefinition {
  return { id: '/web', instances: 1, cpus: 1, mem: 1, disk: 0, gpus: 0, env: {}, labels, networks: [], requirePorts: false, healthChecks: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, constraints: [], backoffSeconds: 1, backoffFactor: 1, maxLaunchDelaySeconds: 1, killSelection: 'YOUNGEST_FIRST' };
}
function view(tasks: Task[], labels: Record<string, string> = {}, withApp = true) {
  const s = emptySnapshot();
  if (withApp) s.apps.set('/web', app(labels));
  for (const t of tasks) s.tasks.set(t.id, t);
  s.agents = agents;
  return s;
}
const ov = { ipAddresses: [{ ipAddress: '198.19.1.5', protocol: 'IPv4' as const, networkName: 'ov' }] };

describe('backendAddress per network mode', () => {
  it.each([
    ['host → agent IP + hostPort', task('t', { networkMode: 'host' }), {}, { ip: '198.18.2.1', port: 31000 }],
    ['virtual network → container IP + containerPort', task('t', { networkMode: 'container', ...ov }), {}, { ip: '198.19.1.5', port: 8080 }],
    ['bridge on another host → agent IP + hostPort', task('t', { networkMode: 'bridge', ...ov }), { localAgentId: 'a2' }, { ip: '198.18.2.1', port: 31000 }],
    ['bridge on this host → container IP + containerPort', task('t', { networkMode: 'bridge', ...ov }), { localAgentId: 'a1' }, { ip: '198.19.1.5', port: 8080 }],
    ['none → no address', task('t', { networkMode: 'none' }), {}, undefined],
    ['host, agent not registered (lease lapsed) → the address the task carries', task('t', { agentId: 'gone', ipAddresses: [{ ipAddress: '198.18.2.9', protocol: 'IPv4' }] }), {}, { ip: '198.18.2.9', port: 31000 }],
    ['bridge, agent not registered, host a name → no address (never a hostname in a batch)', task('t', { agentId: 'gone', networkMode: 'bridge', host: 'h9', ...ov }), { localAgentId: 'a1' }, undefined],
  ])('%s', (_n, t, opts, want) => {
    expect(backendAddress(t, 0, agents, opts)).toEqual(want);
  });
});

describe('buildVipTable', () => {
  it('keeps only serving tasks as backends', () => {
    const t = buildVipTable(view([task('a'), task('b', { desired: 'stop', ports: [{ hostPort: 31001, protocol: 'tcp', labels: {} }] }), task('c', { ready: false, ports: [{ hostPort: 31002, protocol: 'tcp', labels: {} }] })]));
    expect(t.get('198.19.250.1:80/tcp')!.backends).toEqual([{ ip: '198.18.2.1', port: 31000, taskId: 'a' }]);
  });
  it('splits udp,tcp into two services and reads affinity labels', () => {
    const t = buildVipTable(view([task('a', { vips: vip('udp,tcp') })], { MARINA_LB_AFFINITY: 'client-ip', MARINA_LB_AFFINITY_TIMEOUT: '300' }));
    expect([...t.keys()].sort()).toEqual(['198.19.250.1:80/tcp', '198.19.250.1:80/udp']);
    expect(t.get('198.19.250.1:80/tcp')!.affinitySeconds).toBe(300);
  });
  it('an app scaled to zero keeps its VIP with no backends (reject), a deleted app loses it', () => {
    const mem = new VipMemory();
    buildVipTable(view([task('a')]), {}, mem);
    expect(buildVipTable(view([]), {}, mem).get('198.19.250.1:80/tcp')!.backends).toEqual([]);
    expect(buildVipTable(view([], {}, false), {}, mem).size).toBe(0);
  });
});
