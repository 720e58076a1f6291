import { parseAppDefinition, parseAppUpdate } from './index';
import { pathsOf } from './testing/field-errors';

const existing = parseAppDefinition({
  id: '/prod/web',
  cmd: './serve',
  instances: 2,
  env: { A: '1' },
  portDefinitions: [{ port: 0, name: 'http' }],
  healthChecks: [{ protocol: 'HTTP', path: '/health' }],
  version: '2026-01-01T00:00:00.000Z',
});

describe('parseAppUpdate (PUT /v2/apps/{id})', () => {
  test('absent fields are kept, present ones replace', () => {
    const app = parseAppUpdate({ instances: 5, env: { B: '2' } }, existing);
    expect(app.instances).toBe(5);
    expect(app.env).toEqual({ B: '2' });
    expect(app.cmd).toBe('./serve');
    expect(app.portDefinitions).toEqual(existing.portDefinitions);
    expect(app.healthChecks).toEqual(existing.healthChecks);
    expect(app).not.toHaveProperty('version');
  });

  test('args replaces cmd (exclusive)', () => {
    const app = parseAppUpdate({ args: ['serve', '--fast'] }, existing);
    expect(app.args).toEqual(['serve', '--fast']);
    expect(app.cmd).toBeUndefined();
  });

  test('switching to a virtual network drops portDefinitions', () => {
    const app = parseAppUpdate(
      { networks: [{ mode: 'container', name: 'blue' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, name: 'http' }] } },
      existing,
    );
    expect(app.portDefinitions).toBeUndefined();
    expect(app.container?.portMappings?.[0]?.containerPort).toBe(80);
  });

  test('switching back to host drops portMappings and restores the default port', () => {
    const bridged = parseAppUpdate({ networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } }, existing);
    const host = parseAppUpdate({ networks: [{ mode: 'host' }] }, bridged);
    expect(host.container?.portMappings).toBeUndefined();
    expect(host.portDefinitions).toEqual([{ port: 0, protocol: 'tcp', name: 'default', labels: {} }]);
  });

  test('the same id is accepted; another id is a 422 at /id', () => {
    expect(parseAppUpdate({ id: '/prod/web', instances: 1 }, existing).instances).toBe(1);
    expect(pathsOf(() => parseAppUpdate({ id: '/prod/api' }, existing))).toEqual(['/id']);
  });

  test('an invalid update names its fields', () => {
    expect(pathsOf(() => parseAppUpdate({ instances: -2, healthChecks: [{ portIndex: 3 }] }, existing))).toEqual(['/healthChecks(0)/portIndex', '/instances']);
    expect(pathsOf(() => parseAppUpdate('nope', existing))).toEqual(['/']);
  });

  test('the stored app round-trips through an empty update', () => {
    const { version: _v, ...rest } = existing;
    expect(parseAppUpdate({}, existing)).toEqual(rest);
  });
});
