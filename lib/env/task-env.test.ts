import type { TaskPort } from '../model/cluster';
import { parseAppDefinition } from '../validation';
import { computeEndpointEnv, computeTaskEnv, javaDouble, labelsToEnv, portsEnv } from './index';

const hp = (...ports: number[]): TaskPort[] => ports.map((p) => ({ hostPort: p, containerPort: p, protocol: 'tcp', labels: {} }));
const decl = (...ports: Array<[number, string?]>) => ports.map(([declared, name]) => (name ? { declared, name } : { declared }));
const task = (ports: TaskPort[], networkMode: 'host' | 'bridge' | 'container' = 'host') => ({ id: 'test_app.4a5b6c7d-0000-4000-8000-000000000001', host: 'agent-1.marina', ports, networkMode });

// Cases from Marathon's TaskBuilderEnvironmentTestSuite.
describe('portsEnv (Marathon EnvironmentHelper.portsEnv)', () => {
  test('host ports 1001 and 1002, dynamic', () => {
    expect(portsEnv(decl([0], [0]), hp(1001, 1002))).toEqual({ PORT0: '1001', PORT1: '1002', PORT_1001: '1001', PORT_1002: '1002', PORT: '1001', PORTS: '1001,1002' });
  });

  test('no ports: no variables', () => {
    expect(portsEnv([], [])).toEqual({});
  });

  test('named ports', () => {
    const env = portsEnv(decl([0, 'http'], [0, 'https']), hp(1001, 1002));
    expect([env.PORT_HTTP, env.PORT_HTTPS]).toEqual(['1001', '1002']);
  });

  test('declared named ports', () => {
    const env = portsEnv(decl([80, 'http'], [8080], [443, 'https']), hp(1001, 1002, 1003));
    expect(env).toEqual({
      PORT0: '1001', PORT1: '1002', PORT2: '1003',
      PORT_80: '1001', PORT_8080: '1002', PORT_443: '1003',
      PORT_HTTP: '1001', PORT_HTTPS: '1003',
      PORT: '1001', PORTS: '1001,1002,1003',
    });
    expect(env).not.toHaveProperty('PORT_0');
  });

  test('container-only port (virtual network, no hostPort): container port, not in PORTS, no PORT_<NAME>', () => {
    const ports: TaskPort[] = [{ containerPort: 80, protocol: 'tcp', labels: {} }, { hostPort: 31005, containerPort: 9090, protocol: 'tcp', labels: {} }];
    expect(portsEnv(decl([80, 'http'], [9090, 'admin']), ports)).toEqual({
      PORT0: '80', PORT_80: '80', PORT1: '31005', PORT_9090: '31005', PORT_ADMIN: '31005', PORT: '31005', PORTS: '31005',
    });
  });
});

describe('computeTaskEnv', () => {
  test('minimal host app: context, resources in Scala format, empty labels list', () => {
    const app = { ...parseAppDefinition({ id: '/app', cmd: 'x' }), version: '2015-02-03T12:30:00.000Z' };
    expect(computeTaskEnv(app, task(hp(31000)))).toEqual({
      MESOS_TASK_ID: 'test_app.4a5b6c7d-0000-4000-8000-000000000001',
      MARATHON_APP_ID: '/app',
      MARATHON_APP_VERSION: '2015-02-03T12:30:00.000Z',
      MARATHON_APP_RESOURCE_CPUS: '1.0',
      MARATHON_APP_RESOURCE_MEM: '128.0',
      MARATHON_APP_RESOURCE_DISK: '0.0',
      MARATHON_APP_RESOURCE_GPUS: '0',
      MARATHON_APP_LABELS: '',
      PORT0: '31000', PORT_31000: '31000', PORT_DEFAULT: '31000', PORT: '31000', PORTS: '31000',
      HOST: 'agent-1.marina',
    });
  });

  test('all fields: docker image, resources, labels', () => {
    const app = parseAppDefinition({
      id: '/app', cpus: 10, mem: 256, disk: 128, gpus: 2, labels: { LABEL1: 'VALUE1', LABEL2: 'VALUE2' },
      container: { type: 'DOCKER', docker: { image: 'myregistry/myimage:version' } }, portDefinitions: [],
    });
    const env = computeTaskEnv(app, { ...task([]), appVersion: '2015-02-03T12:30:00.000Z' });
    expect(env).toMatchObject({
      MARATHON_APP_VERSION: '2015-02-03T12:30:00.000Z',
      MARATHON_APP_DOCKER_IMAGE: 'myregistry/myimage:version',
      MARATHON_APP_RESOURCE_CPUS: '10.0', MARATHON_APP_RESOURCE_MEM: '256.0', MARATHON_APP_RESOURCE_DISK: '128.0', MARATHON_APP_RESOURCE_GPUS: '2',
      MARATHON_APP_LABELS: 'LABEL1 LABEL2', MARATHON_APP_LABEL_LABEL1: 'VALUE1', MARATHON_APP_LABEL_LABEL2: 'VALUE2',
    });
    expect(env).not.toHaveProperty('PORTS');
  });

  test('user env overrides generated port variables (Marathon issue 905)', () => {
    const app = parseAppDefinition({
      id: '/test', cmd: 'x', portDefinitions: [{ port: 8080 }, { port: 8081 }],
      env: { PORT: '1', PORTS: 'ports', PORT0: '1', PORT1: '2', PORT_8080: 'port8080', PORT_8081: 'port8081' },
    });
    expect(computeTaskEnv(app, task(hp(1000, 1001)))).toMatchObject({ PORT: '1', PORTS: 'ports', PORT0: '1', PORT1: '2', PORT_8080: 'port8080', PORT_8081: 'port8081' });
  });

  test('custom prefix applies to port variables and HOST only', () => {
    const app = parseAppDefinition({ id: '/test', cmd: 'x', portDefinitions: [{ port: 8080 }, { port: 8081 }] });
    const env = computeTaskEnv(app, task(hp(1000, 1001)), { prefix: 'CUSTOM_PREFIX_' });
    expect(env).toMatchObject({
      CUSTOM_PREFIX_PORTS: '1000,1001', CUSTOM_PREFIX_PORT: '1000', CUSTOM_PREFIX_PORT0: '1000', CUSTOM_PREFIX_PORT_8080: '1000',
      CUSTOM_PREFIX_PORT1: '1001', CUSTOM_PREFIX_PORT_8081: '1001', CUSTOM_PREFIX_HOST: 'agent-1.marina', MARATHON_APP_ID: '/test',
    });
    for (const k of ['HOST', 'PORTS', 'PORT0', 'PORT1']) expect(env).not.toHaveProperty(k);
  });

  test('bridge port mappings declare container ports; portDefinitions ignored', () => {
    const app = parseAppDefinition({
      id: '/b', networks: [{ mode: 'container/bridge' }],
      container: { docker: { image: 'i' }, portMappings: [{ containerPort: 8080, name: 'http' }, { containerPort: 8081, name: 'jabber' }] },
    });
    const ports: TaskPort[] = [{ hostPort: 1000, containerPort: 8080, protocol: 'tcp', labels: {} }, { hostPort: 1001, containerPort: 8081, protocol: 'tcp', labels: {} }];
    expect(computeTaskEnv(app, task(ports, 'bridge'))).toMatchObject({ PORT_8080: '1000', PORT_8081: '1001', PORT_HTTP: '1000', PORT_JABBER: '1001', PORT0: '1000', PORTS: '1000,1001' });
  });

  test('virtual network without host ports: PORTn is the container port', () => {
    const app = parseAppDefinition({ id: '/v', cmd: 'x', networks: [{ mode: 'container', name: 'blue' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http' }] } });
    const env = computeTaskEnv(app, task([{ containerPort: 80, protocol: 'tcp', labels: {} }], 'container'));
    expect(env).toMatchObject({ PORT0: '80', PORT_80: '80', PORTS: '' });
    expect(env).not.toHaveProperty('PORT_HTTP');
    expect(env).not.toHaveProperty('PORT');
  });

  test('MESOS_CONTAINER_NAME when the agent names the container', () => {
    const app = parseAppDefinition({ id: '/app', cmd: 'x' });
    expect(computeTaskEnv(app, task(hp(31000)), { containerName: 'marina-abc' }).MESOS_CONTAINER_NAME).toBe('marina-abc');
  });
});

describe('labelsToEnv', () => {
  test('unsafe keys are escaped; too long keys and values skipped', () => {
    const env = labelsToEnv({
      label: 'VALUE1',
      'label-with-invalid-chars': 'VALUE2',
      'other--label\\--\\a': 'VALUE3',
      ['longlabel'.repeat(493)]: 'value for long label',
      'label-long': 'longvalue'.repeat(512),
    });
    expect(env).toEqual({
      MARATHON_APP_LABELS: 'LABEL LABEL_WITH_INVALID_CHARS OTHER_LABEL_A',
      MARATHON_APP_LABEL_LABEL: 'VALUE1',
      MARATHON_APP_LABEL_LABEL_WITH_INVALID_CHARS: 'VALUE2',
      MARATHON_APP_LABEL_OTHER_LABEL_A: 'VALUE3',
    });
  });

  test('limits are exclusive at 493 (key) and 512 (value)', () => {
    expect(Object.keys(labelsToEnv({ ['k'.repeat(492)]: 'v' }))).toHaveLength(2);
    expect(Object.keys(labelsToEnv({ ['k'.repeat(493)]: 'v' }))).toHaveLength(1);
    expect(Object.keys(labelsToEnv({ k: 'v'.repeat(511) }))).toHaveLength(2);
    expect(Object.keys(labelsToEnv({ k: 'v'.repeat(512) }))).toHaveLength(1);
  });
});

describe('javaDouble', () => {
  test.each([[1, '1.0'], [0.5, '0.5'], [128, '128.0'], [0, '0.0'], [1e7, '1.0E7'], [12345678, '1.2345678E7'], [0.0001, '1.0E-4']])('%p → %s', (x, s) => {
    expect(javaDouble(x)).toBe(s);
  });
});

describe('computeEndpointEnv (pods)', () => {
  const eps = [{ name: 'http', containerPort: 8080, hostPort: 31001 }, { name: 'admin-api', containerPort: 9090 }];
  test('host networking: ENDPOINT_ is the host port', () => {
    expect(computeEndpointEnv([{ name: 'http', hostPort: 31001 }], { hostNetwork: true })).toEqual({ ENDPOINT_HTTP: '31001', EP_HOST_HTTP: '31001' });
  });
  test('container networking: ENDPOINT_ is the container port; names escaped; prefix', () => {
    expect(computeEndpointEnv(eps, { hostNetwork: false, prefix: 'p_' })).toEqual({
      P_ENDPOINT_HTTP: '8080', P_EP_HOST_HTTP: '31001', P_EP_CONTAINER_HTTP: '8080',
      P_ENDPOINT_ADMIN_API: '9090', P_EP_CONTAINER_ADMIN_API: '9090',
    });
  });
});
