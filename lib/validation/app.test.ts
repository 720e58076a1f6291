import { parseAppDefinition } from './index';

// Example definitions in the style of Marathon's docs (application-basics,
// networking, ports, health-checks), with addresses from 198.18.0.0/15.
describe('parseAppDefinition: Marathon examples and defaults', () => {
  test('basic host app gets every Marathon default', () => {
    const app = parseAppDefinition({ id: 'basic-0', cmd: 'while true; do echo hi; sleep 1; done' });
    expect(app).toEqual({
      id: '/basic-0',
      cmd: 'while true; do echo hi; sleep 1; done',
      instances: 1,
      cpus: 1,
      mem: 128,
      disk: 0,
      gpus: 0,
      env: {},
      labels: {},
      networks: [{ mode: 'host' }],
      portDefinitions: [{ port: 0, protocol: 'tcp', name: 'default', labels: {} }],
      requirePorts: false,
      healthChecks: [],
      upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
      constraints: [],
      backoffSeconds: 1,
      backoffFactor: 1.15,
      maxLaunchDelaySeconds: 3600,
      killSelection: 'YOUNGEST_FIRST',
    });
  });

  test('host app with named portDefinitions, requirePorts, env and labels', () => {
    const app = parseAppDefinition({
      id: '/prod/web',
      cmd: './serve --port $PORT0',
      instances: 3,
      cpus: 0.5,
      mem: 64,
      env: { MODE: 'prod' },
      labels: { HAPROXY_GROUP: 'external' },
      requirePorts: true,
      portDefinitions: [
        { port: 8080, protocol: 'tcp', name: 'http', labels: { VIP_0: '/web:80' } },
        { port: 0, protocol: 'udp,tcp', name: 'dns' },
      ],
    });
    expect(app.portDefinitions).toEqual([
      { port: 8080, protocol: 'tcp', name: 'http', labels: { VIP_0: '/web:80' } },
      { port: 0, protocol: 'udp,tcp', name: 'dns', labels: {} },
    ]);
    expect(app.requirePorts).toBe(true);
    expect(app.env).toEqual({ MODE: 'prod' });
    expect(app.instances).toBe(3);
  });

  test('explicit empty portDefinitions means no ports', () => {
    expect(parseAppDefinition({ id: '/w', cmd: 'x', portDefinitions: [] }).portDefinitions).toEqual([]);
  });

  test('bridge networking: hostPort defaults to 0 (dynamic), servicePort to 0', () => {
    const app = parseAppDefinition({
      id: '/bridged-webapp',
      cmd: 'python3 -m http.server 8080',
      networks: [{ mode: 'container/bridge' }],
      container: {
        type: 'DOCKER',
        docker: { image: 'python:3' },
        portMappings: [{ containerPort: 8080, name: 'http' }, { containerPort: 161, hostPort: 31161, protocol: 'udp', servicePort: 10161 }],
      },
    });
    expect(app.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(app.portDefinitions).toBeUndefined();
    expect(app.container?.portMappings).toEqual([
      { containerPort: 8080, hostPort: 0, servicePort: 0, protocol: 'tcp', name: 'http', labels: {} },
      { containerPort: 161, hostPort: 31161, servicePort: 10161, protocol: 'udp', labels: {} },
    ]);
  });

  test('virtual network with name: hostPort absent means none', () => {
    const app = parseAppDefinition({
      id: '/mygroup/myapp',
      cmd: 'nginx',
      networks: [{ mode: 'container', name: 'dcos', labels: { tier: 'a' } }],
      container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http', labels: { VIP_0: '/mygroup/myapp:80' } }, { containerPort: 9090, hostPort: 0 }] },
    });
    expect(app.networks).toEqual([{ mode: 'container', name: 'dcos', labels: { tier: 'a' } }]);
    expect(app.container?.portMappings?.[0]).toEqual({ containerPort: 80, servicePort: 0, protocol: 'tcp', name: 'http', labels: { VIP_0: '/mygroup/myapp:80' } });
    expect(app.container?.portMappings?.[0]).not.toHaveProperty('hostPort');
    expect(app.container?.portMappings?.[1]?.hostPort).toBe(0);
  });

  test('two container networks; a hostPort names its network', () => {
    const app = parseAppDefinition({
      id: '/multi',
      cmd: 'x',
      networks: [{ mode: 'container', name: 'blue' }, { mode: 'container', name: 'green' }],
      container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: 0, networkNames: ['blue'] }] },
    });
    expect(app.container?.portMappings?.[0]?.networkNames).toEqual(['blue']);
  });

  test('args instead of cmd, docker container without cmd', () => {
    expect(parseAppDefinition({ id: '/a', args: ['--port', '80'] }).args).toEqual(['--port', '80']);
    const docker = parseAppDefinition({ id: '/d', container: { docker: { image: 'nginx:1.27' } } });
    expect(docker.container).toEqual({ type: 'DOCKER', docker: { image: 'nginx:1.27' } });
    expect(docker.cmd).toBeUndefined();
  });

  test.each([
    ['HTTP', { protocol: 'HTTP', path: '/health', portIndex: 0 }],
    ['HTTPS', { protocol: 'HTTPS', path: '/', portIndex: 0 }],
    ['TCP', { protocol: 'TCP', portIndex: 0 }],
    ['MESOS_HTTP', { protocol: 'MESOS_HTTP', path: '/', portIndex: 0 }],
    ['MESOS_HTTPS', { protocol: 'MESOS_HTTPS', path: '/', portIndex: 0 }],
    ['MESOS_TCP', { protocol: 'MESOS_TCP', portIndex: 0 }],
  ])('%s health check gets Marathon defaults', (protocol, want) => {
    const hc = protocol === 'HTTP' ? { protocol, path: '/health' } : { protocol };
    const app = parseAppDefinition({ id: '/h', cmd: 'x', healthChecks: [hc] });
    expect(app.healthChecks).toEqual([
      { ...want, gracePeriodSeconds: 300, intervalSeconds: 60, timeoutSeconds: 20, maxConsecutiveFailures: 3, delaySeconds: 15, ignoreHttp1xx: false, ipProtocol: 'IPv4' },
    ]);
  });

  test('protocol defaults to HTTP; explicit port and COMMAND checks', () => {
    const app = parseAppDefinition({
      id: '/h',
      cmd: 'x',
      portDefinitions: [{ port: 0 }, { port: 0 }],
      healthChecks: [{}, { protocol: 'TCP', port: 9999, intervalSeconds: 5, timeoutSeconds: 2 }, { protocol: 'COMMAND', command: { value: 'curl -f http://$HOST:$PORT0/' } }, { protocol: 'MESOS_HTTP', portIndex: 1, ipProtocol: 'IPv6' }],
    });
    expect(app.healthChecks.map((h) => [h.protocol, h.path, h.portIndex, h.port])).toEqual([
      ['HTTP', '/', 0, undefined],
      ['TCP', undefined, undefined, 9999],
      ['COMMAND', undefined, undefined, undefined],
      ['MESOS_HTTP', '/', 1, undefined],
    ]);
    expect(app.healthChecks[1]).toMatchObject({ intervalSeconds: 5, timeoutSeconds: 2 });
    expect(app.healthChecks[2]?.command).toEqual({ value: 'curl -f http://$HOST:$PORT0/' });
    expect(app.healthChecks[3]?.ipProtocol).toBe('IPv6');
  });

  test('constraints, upgradeStrategy, backoff, killSelection, roles', () => {
    const app = parseAppDefinition({
      id: '/c',
      cmd: 'x',
      constraints: [['hostname', 'UNIQUE'], ['rack', 'GROUP_BY', '3'], ['zone', 'LIKE', 'us-east-[0-9]'], ['host', 'MAX_PER', '2'], ['role', 'IS', 'edge'], ['dc', 'CLUSTER', 'a'], ['x', 'UNLIKE', 'bad.*']],
      upgradeStrategy: { minimumHealthCapacity: 0.5, maximumOverCapacity: 0 },
      backoffSeconds: 2,
      backoffFactor: 2,
      maxLaunchDelaySeconds: 60,
      killSelection: 'OLDEST_FIRST',
      acceptedResourceRoles: ['*'],
    });
    expect(app.constraints).toHaveLength(7);
    expect(app.constraints[0]).toEqual(['hostname', 'UNIQUE']);
    expect(app.upgradeStrategy).toEqual({ minimumHealthCapacity: 0.5, maximumOverCapacity: 0 });
    expect([app.backoffSeconds, app.backoffFactor, app.maxLaunchDelaySeconds, app.killSelection]).toEqual([2, 2, 60, 'OLDEST_FIRST']);
    expect(app.acceptedResourceRoles).toEqual(['*']);
  });

  test.each([
    ['web', '/', '/web'],
    ['web', '/prod', '/prod/web'],
    ['./web', '/prod', '/prod/web'],
    ['../web', '/prod/east', '/prod/web'],
    ['/prod/./web', '/', '/prod/web'],
    ['/prod/x/../web', '/', '/prod/web'],
    ['/a.b/c-1', '/', '/a.b/c-1'],
  ])('id %s under %s → %s', (id, base, want) => {
    expect(parseAppDefinition({ id, cmd: 'x' }, { baseGroup: base }).id).toBe(want);
  });

  test('taskKillGracePeriodSeconds is kept (the agent waits it between SIGTERM and SIGKILL); absent stays absent; bad values name the field', () => {
    expect(parseAppDefinition({ id: '/k', cmd: 'x', taskKillGracePeriodSeconds: 20 }).taskKillGracePeriodSeconds).toBe(20);
    expect(parseAppDefinition({ id: '/k', cmd: 'x' })).not.toHaveProperty('taskKillGracePeriodSeconds');
    for (const bad of [-1, 1.5, 3601, '5']) {
      expect(() => parseAppDefinition({ id: '/k', cmd: 'x', taskKillGracePeriodSeconds: bad })).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/taskKillGracePeriodSeconds' })] }));
    }
  });

  test('Marathon fields Marina does not use are accepted and dropped', () => {
    const app = parseAppDefinition({ id: '/u', cmd: 'x', uris: ['https://example.invalid/a.tgz'], fetch: [], unreachableStrategy: { inactiveAfterSeconds: 0 } });
    expect(app).not.toHaveProperty('uris');
    expect(app).not.toHaveProperty('fetch');
  });
});
