import { parseAppDefinition } from './index';
import { pathsOf } from './testing/field-errors';

describe('legacy Marathon forms (converted as Marathon 1.5 does)', () => {
  test('ports: [0, 0] → portDefinitions', () => {
    const app = parseAppDefinition({ id: '/old', cmd: 'x', ports: [0, 8080] });
    expect(app.portDefinitions).toEqual([
      { port: 0, protocol: 'tcp', labels: {} },
      { port: 8080, protocol: 'tcp', labels: {} },
    ]);
    expect(app).not.toHaveProperty('ports');
  });

  test('ports: [] → no ports', () => {
    expect(parseAppDefinition({ id: '/old', cmd: 'x', ports: [] }).portDefinitions).toEqual([]);
  });

  test('docker.network BRIDGE + docker.portMappings', () => {
    const app = parseAppDefinition({
      id: '/bridged',
      container: {
        type: 'DOCKER',
        docker: { image: 'nginx', network: 'BRIDGE', portMappings: [{ containerPort: 80, hostPort: 0, servicePort: 9000, protocol: 'tcp' }, { containerPort: 443 }] },
      },
    });
    expect(app.networks).toEqual([{ mode: 'container/bridge' }]);
    expect(app.container?.docker).toEqual({ image: 'nginx' });
    expect(app.container?.portMappings).toEqual([
      { containerPort: 80, hostPort: 0, servicePort: 9000, protocol: 'tcp', labels: {} },
      { containerPort: 443, hostPort: 0, servicePort: 0, protocol: 'tcp', labels: {} },
    ]);
    expect(app.portDefinitions).toBeUndefined();
  });

  test('docker.network HOST keeps host ports', () => {
    const app = parseAppDefinition({ id: '/h', container: { type: 'DOCKER', docker: { image: 'nginx', network: 'HOST' } }, ports: [0] });
    expect(app.networks).toEqual([{ mode: 'host' }]);
    expect(app.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', labels: {} }]);
  });

  test('docker.network USER + ipAddress.networkName', () => {
    const app = parseAppDefinition({
      id: '/u',
      container: { type: 'DOCKER', docker: { image: 'nginx', network: 'USER', portMappings: [{ containerPort: 80, name: 'http' }] } },
      ipAddress: { networkName: 'overlay-1' },
    });
    expect(app.networks).toEqual([{ mode: 'container', name: 'overlay-1' }]);
    expect(app.container?.portMappings).toEqual([{ containerPort: 80, servicePort: 0, protocol: 'tcp', name: 'http', labels: {} }]);
  });

  test('ipAddress with discovery ports (Mesos containerizer)', () => {
    const app = parseAppDefinition({
      id: '/ip-per-task',
      cmd: 'serve',
      ipAddress: { networkName: 'dcos', labels: { zone: 'a' }, discovery: { ports: [{ number: 80, name: 'http', protocol: 'tcp' }, { number: 53, name: 'dns', protocol: 'udp' }] } },
    });
    expect(app.networks).toEqual([{ mode: 'container', name: 'dcos', labels: { zone: 'a' } }]);
    expect(app.container?.type).toBe('MESOS');
    expect(app.container?.portMappings).toEqual([
      { containerPort: 80, servicePort: 0, protocol: 'tcp', name: 'http', labels: {} },
      { containerPort: 53, servicePort: 0, protocol: 'udp', name: 'dns', labels: {} },
    ]);
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['ports and portDefinitions', { id: '/x', cmd: 'x', ports: [0], portDefinitions: [] }, ['/ports']],
    ['bad legacy port', { id: '/x', cmd: 'x', ports: [0, 'http'] }, ['/ports(1)']],
    ['unknown docker.network', { id: '/x', container: { docker: { image: 'i', network: 'OVERLAY' } } }, ['/container/docker/network']],
    ['USER without networkName', { id: '/x', container: { docker: { image: 'i', network: 'USER' } } }, ['/container/docker/network']],
    ['docker.network with networks', { id: '/x', networks: [{ mode: 'host' }], container: { docker: { image: 'i', network: 'BRIDGE' } } }, ['/networks']],
    ['ipAddress with networks', { id: '/x', cmd: 'x', networks: [{ mode: 'host' }], ipAddress: { networkName: 'n' } }, ['/networks']],
    [
      'both portMappings forms',
      { id: '/x', networks: [{ mode: 'container/bridge' }], container: { docker: { image: 'i', portMappings: [] }, portMappings: [] } },
      ['/container/docker/portMappings'],
    ],
  ])('%s is rejected at its field', (_n, input, paths) => {
    expect(pathsOf(() => parseAppDefinition(input))).toEqual(paths);
  });
});
