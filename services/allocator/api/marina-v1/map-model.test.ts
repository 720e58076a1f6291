import type { AppDefinition } from '../../../../lib/model/app';
import type { Agent, Task, VirtualNetwork } from '../../../../lib/model/cluster';
import { clusterMap, fabricLinks, maskedEnv, taskDetail, type MapView } from './map-model';

const agent = (id: string, ip: string): Agent => ({ id, hostname: `${id}.local`, ip, portRanges: [], attributes: {}, registeredAt: '2026-01-01T00:00:00Z' });
const net = (name: string, driver: VirtualNetwork['driver'], cidr: string): VirtualNetwork => ({ name, driver, cidr, blockSize: 26, labels: {}, ...(driver === 'vxlan' ? { vni: 7 } : {}) });
const task = (id: string, agentId: string, over: Partial<Task> = {}): Task => ({
  id, appId: '/shop/web', appVersion: 'v1', agentId, host: agentId, networkMode: 'host', ports: [{ hostPort: 31000, protocol: 'tcp', labels: {} }],
  ipAddresses: [{ ipAddress: '198.18.0.11', protocol: 'IPv4' }], vips: [], env: { PORT0: '31000', DB_PASSWORD: 'hunter2' }, state: 'TASK_RUNNING',
  ready: true, desired: 'run', healthCheckResults: [], stagedAt: '2026-01-01T00:00:00Z', version: 'v1', ...over,
});
const app = (id: string): AppDefinition => ({ id, instances: 2, env: { API_TOKEN: 'x' }, networks: [{ mode: 'container', name: 'blue' }], healthChecks: [] }) as unknown as AppDefinition;

function view(over: Partial<MapView> = {}): MapView {
  return {
    revision: 5,
    apps: new Map([['/shop/web', app('/shop/web')]]),
    agents: new Map([['h1', agent('h1', '198.18.0.11')], ['h2', agent('h2', '198.18.0.12')], ['h3', agent('h3', '198.18.0.13')]]),
    networks: new Map(),
    tasks: new Map(),
    ...over,
  };
}

describe('fabricLinks', () => {
  test('VXLAN: a tunnel for every pair of hosts; host-gw: only pairs where an end hosts a block', () => {
    const onBlue = (id: string, agentId: string, ip: string) =>
      task(id, agentId, { networkMode: 'container', networkName: 'blue', ipAddresses: [{ ipAddress: ip, protocol: 'IPv4', networkName: 'blue' }] });
    const v = view({
      networks: new Map([['blue', net('blue', 'vxlan', '198.19.0.0/16')], ['green', net('green', 'host-gw', '198.19.64.0/18')]]),
      tasks: new Map([['t1', onBlue('t1', 'h1', '198.19.0.5')], ['t2', task('t2', 'h2', { networkMode: 'container', networkName: 'green', ipAddresses: [{ ipAddress: '198.19.64.70', protocol: 'IPv4', networkName: 'green' }] })]]),
    });
    const links = fabricLinks(v);
    expect(links.filter((l) => l.network === 'blue').map((l) => `${l.a}-${l.b}`)).toEqual(['h1-h2', 'h1-h3', 'h2-h3']);
    expect(links.find((l) => l.network === 'blue' && l.a === 'h1')!.blocks.h1).toEqual(['198.19.0.0/26']);
    // h1-h3 has no green block at either end: no route between them
    expect(links.filter((l) => l.network === 'green').map((l) => `${l.a}-${l.b}`)).toEqual(['h1-h2', 'h2-h3']);
    expect(links.find((l) => l.network === 'green')!.blocks.h2).toEqual(['198.19.64.64/26']);
  });
});

describe('clusterMap', () => {
  test('tasks are slim (no env anywhere), health says whether every check passes, VIPs list serving backends', () => {
    const vip = { label: '/web:80', name: '/web', ip: '198.19.250.7', port: 80, protocol: 'tcp' as const, portIndex: 0 };
    const v = view({
      tasks: new Map([
        ['t1', task('t1', 'h1', { vips: [vip], healthCheckResults: [{ alive: true, consecutiveFailures: 0, instanceId: 't1' }] })],
        ['t2', task('t2', 'h2', { vips: [vip], ready: false, healthCheckResults: [{ alive: false, consecutiveFailures: 3, instanceId: 't2' }] })],
      ]),
    });
    const m = clusterMap(v);
    expect(JSON.stringify(m)).not.toMatch(/hunter2|DB_PASSWORD|API_TOKEN|"env"/);
    expect(m.tasks.map((t) => [t.id, t.healthy])).toEqual([['t1', true], ['t2', false]]);
    expect(m.apps).toEqual([{ id: '/shop/web', instances: 2, healthChecks: 0, networks: ['blue'] }]);
    expect(m.vips).toEqual([{ key: '198.19.250.7:80/tcp', name: '/web', appIds: ['/shop/web'], backends: [{ ip: '198.18.0.11', port: 31000, taskId: 't1' }] }]);
    expect(m.revision).toBe(5);
  });
});

describe('task detail', () => {
  test('env has secret-looking names and non-string values (secret references) masked; logs name their own route', () => {
    expect(maskedEnv({ A: 'b', DB_PASSWORD: 'x', api_token: 'y', SSH_KEY: 'z', REF: { secret: 's0' } })).toEqual({ A: 'b', DB_PASSWORD: '****', api_token: '****', SSH_KEY: '****', REF: '****' });
    const d = taskDetail(task('t1', 'h1'), [{ kind: 'port', value: '31000', network: '' }]);
    expect(d.env).toEqual({ PORT0: '31000', DB_PASSWORD: '****' });
    expect(d.allocations.ports[0]!.hostPort).toBe(31000);
    expect(d.logs).toEqual({ path: '/v1/tasks/t1/logs' });
    expect(d.task.serving).toBe(true);
  });
});
