import { MarinaError } from '../errors';
import { POD_CONTAINERS_LABEL, POD_SPEC_LABEL } from '../model/pod';
import { parseAppDefinition } from './app';
import { podSpecOf, podToAppJson } from './pod';

const details = (fn: () => unknown): Array<{ path: string; errors: string[] }> => {
  try {
    fn();
  } catch (e) {
    return ((e as MarinaError).details ?? []) as Array<{ path: string; errors: string[] }>;
  }
  throw new Error('expected a 422');
};

const container = (over: Record<string, unknown> = {}) => ({ name: 'web', exec: { command: { shell: 'exec sleep 60' } }, resources: { cpus: 0.2, mem: 64 }, ...over });

test('container networking: endpoints become port mappings; resources add up; the result is a valid app', () => {
  const json = podToAppJson({
    id: '/g/p',
    networks: [{ mode: 'container', name: 'overlay' }],
    containers: [
      container({ endpoints: [{ name: 'http', containerPort: 8080, hostPort: 0, protocol: ['tcp', 'udp'], labels: { VIP_0: '/p:80' } }] }),
      container({ name: 'log', resources: { cpus: 0.1, mem: 16 }, environment: { LEVEL: 'debug' } }),
    ],
    scheduling: { placement: { constraints: [{ fieldName: 'hostname', operator: 'UNIQUE' }] }, upgrade: { minimumHealthCapacity: 0.5 } },
  });
  expect(json).toMatchObject({
    id: '/g/p', instances: 1, cpus: 0.3, mem: 80,
    networks: [{ mode: 'container', name: 'overlay' }],
    container: { type: 'MESOS', portMappings: [{ containerPort: 8080, hostPort: 0, name: 'http', protocol: 'tcp,udp', labels: { VIP_0: '/p:80' } }] },
    constraints: [['hostname', 'UNIQUE']],
    upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 1 },
    healthChecks: [],
  });
  const labels = json.labels as Record<string, string>;
  expect(JSON.parse(labels[POD_CONTAINERS_LABEL]!)).toEqual([{ name: 'web', cmd: 'exec sleep 60' }, { name: 'log', cmd: 'exec sleep 60', env: { LEVEL: 'debug' } }]);
  expect(podSpecOf(labels)).toMatchObject({ id: '/g/p', scaling: { kind: 'fixed', instances: 1 } });
  const app = parseAppDefinition(json);
  expect(app.container?.portMappings?.[0]).toMatchObject({ containerPort: 8080, name: 'http' });
});

test('health checks: http on an endpoint (its port index), tcp, exec', () => {
  const json = podToAppJson({
    id: '/h',
    containers: [
      container({ endpoints: [{ name: 'a', hostPort: 0 }, { name: 'b', hostPort: 0 }], healthCheck: { http: { endpoint: 'b', path: '/ok', scheme: 'HTTPS' }, intervalSeconds: 2 } }),
      container({ name: 'c', healthCheck: { tcp: { endpoint: 'a' } } }),
      container({ name: 'd', healthCheck: { exec: { command: { shell: 'test -f /tmp/ok' } } } }),
    ],
  });
  expect(json.portDefinitions).toEqual([{ port: 0, name: 'a', protocol: 'tcp', labels: {} }, { port: 0, name: 'b', protocol: 'tcp', labels: {} }]);
  expect(json.healthChecks).toEqual([
    { protocol: 'MESOS_HTTPS', path: '/ok', portIndex: 1, intervalSeconds: 2 },
    { protocol: 'MESOS_TCP', portIndex: 0 },
    { protocol: 'COMMAND', command: { value: 'test -f /tmp/ok' } },
  ]);
  expect(parseAppDefinition(json).healthChecks.map((h) => h.protocol)).toEqual(['MESOS_HTTPS', 'MESOS_TCP', 'COMMAND']);
});

test('every invalid pod field is named, in Marathon\'s path notation', () => {
  const d = details(() => podToAppJson({
    id: '/x', volumes: [{ name: 'v' }], color: 'red', scaling: { kind: 'elastic', instances: -1 },
    environment: { S: { secret: 'db' } },
    networks: [{ mode: 'overlay' }],
    containers: [
      container({ name: 'dup' }),
      container({ name: 'dup', exec: { command: {} }, endpoints: [{ name: 'e', containerPort: 1, extra: 1 }, { name: 'e', containerPort: 2 }] }),
    ],
  }));
  expect(d.map((x) => x.path).sort()).toEqual([
    '/color', '/containers(1)/endpoints(0)/extra', '/containers(1)/endpoints(1)/name', '/containers(1)/exec/command/shell', '/containers(1)/name',
    '/environment/S', '/networks(0)/mode', '/scaling/instances', '/scaling/kind', '/volumes',
  ]);
  expect(details(() => podToAppJson({ id: '/y', containers: [] }))).toEqual([{ path: '/containers', errors: ['a pod needs at least one container'] }]);
  expect(details(() => podToAppJson([]))).toEqual([{ path: '/', errors: ['expected a JSON object'] }]);
});

test('an app without the spec label is not a pod', () => {
  expect(podSpecOf({})).toBeUndefined();
  expect(podSpecOf({ [POD_SPEC_LABEL]: 'not json' })).toBeUndefined();
});
