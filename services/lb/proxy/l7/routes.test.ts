import { emptySnapshot } from '../../../../lib/feed/feed';
import type { AppDefinition } from '../../../../lib/model/app';
import type { Task } from '../../../../lib/model/cluster';
import { buildRoutes, matchVhost } from './routes';

function app(id: string, labels: Record<string, string>, servicePort = 10100): AppDefinition {
  return { id, instances: 1, cpus: 0.1, mem: 32, disk: 0, gpus: 0, env: {}, labels, networks: [{ mode: 'host' }], portDefinitions: [{ port: servicePort, protocol: 'tcp', labels: {} }], requirePorts: false, healthChecks: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 }, constraints: [], backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300, killSelection: 'YOUNGEST_FIRST' };
}
function task(id: string, appId: string, port: number, over: Partial<Task> = {}): Task {
  return { id, appId, appVersion: 'v', agentId: 'a1', host: '198.18.2.5', networkMode: 'host', ports: [{ hostPort: port, servicePort: 10100, protocol: 'tcp', labels: {} }], ipAddresses: [], vips: [], env: {}, state: 'TASK_RUNNING', ready: true, desired: 'run', healthCheckResults: [], stagedAt: '', version: 'v', ...over };
}
function view(apps: AppDefinition[], tasks: Task[]) {
  const s = emptySnapshot();
  for (const a of apps) s.apps.set(a.id, a);
  for (const t of tasks) s.tasks.set(t.id, t);
  return s;
}

describe('edge routes from Marathon-LB labels', () => {
  it('reads vhost, path, mode, balance, sticky and redirect; only serving tasks are backends', () => {
    const v = view([app('/web', { HAPROXY_0_VHOST: 'Web.Example.com, www.example.com', HAPROXY_0_PATH: '/api', HAPROXY_0_BALANCE: 'leastconn', HAPROXY_0_STICKY: 'true', HAPROXY_0_REDIRECT_TO_HTTPS: 'true' })], [task('t1', '/web', 31001), task('t2', '/web', 31002, { desired: 'stop' }), task('t3', '/web', 31003, { ready: false })]);
    const [r] = buildRoutes(v, { group: 'external', strict: false });
    expect(r).toMatchObject({ mode: 'http', vhosts: ['web.example.com', 'www.example.com'], path: '/api', balance: 'leastconn', sticky: true, redirectToHttps: true, servicePort: 10100 });
    expect(r.backends).toEqual([{ ip: '198.18.2.5', port: 31001, taskId: 't1' }]);
  });

  it.each([
    ['default group, no labels → tcp service port', {}, false, 'external', 1],
    ['other group is not served', { HAPROXY_GROUP: 'internal' }, false, 'external', 0],
    ['group list', { HAPROXY_GROUP: 'internal,external' }, false, 'external', 1],
    ['ENABLED=false disables', { HAPROXY_0_ENABLED: 'false' }, false, 'external', 0],
    ['strict mode needs ENABLED=true', {}, true, 'external', 0],
    ['strict mode with ENABLED=true', { HAPROXY_0_ENABLED: 'true' }, true, 'external', 1],
  ])('%s', (_n, labels, strict, group, count) => {
    expect(buildRoutes(view([app('/a', labels)], [task('t', '/a', 31000)]), { group, strict })).toHaveLength(count);
  });

  it('matches host case-insensitively without port, then the longest path prefix', () => {
    const v = view([app('/site', { HAPROXY_0_VHOST: 'a.example.com' }), app('/api', { HAPROXY_0_VHOST: 'a.example.com', HAPROXY_0_PATH: '/api' }, 10101)], []);
    const routes = buildRoutes(v, { group: 'external', strict: false });
    expect(matchVhost(routes, 'A.example.com:80', '/api/v1')?.appId).toBe('/api');
    expect(matchVhost(routes, 'a.example.com', '/index.html')?.appId).toBe('/site');
    expect(matchVhost(routes, 'b.example.com', '/')).toBeUndefined();
  });
});
