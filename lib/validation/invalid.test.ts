import { parseAppDefinition } from './index';
import { detailsOf, pathsOf } from './testing/field-errors';

const base = { id: '/w', cmd: 'x' };

describe('parseAppDefinition: invalid input names each field', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    ['missing id', { cmd: 'x' }, ['/id']],
    ['uppercase id', { id: '/Web', cmd: 'x' }, ['/id']],
    ['id with underscore', { id: '/my_app', cmd: 'x' }, ['/id']],
    ['id naming the root', { id: '/', cmd: 'x' }, ['/id']],
    ['id above root', { id: '../x', cmd: 'x' }, ['/id']],
    ['cmd and args', { id: '/w', cmd: 'x', args: ['y'] }, ['/']],
    ['no cmd, args or container', { id: '/w' }, ['/']],
    ['negative instances', { ...base, instances: -1 }, ['/instances']],
    ['fractional instances', { ...base, instances: 1.5 }, ['/instances']],
    ['cpus as string', { ...base, cpus: '1' }, ['/cpus']],
    ['negative mem', { ...base, mem: -5 }, ['/mem']],
    ['env number', { ...base, env: { A: 1 } }, ['/env/A']],
    ['env secret', { ...base, env: { PW: { secret: 'pw' } } }, ['/env/PW']],
    ['label number', { ...base, labels: { a: 1 } }, ['/labels/a']],
    ['unknown field', { ...base, colour: 'red' }, ['/colour']],
    ['bad port', { ...base, portDefinitions: [{ port: 70000 }] }, ['/portDefinitions(0)/port']],
    ['missing port', { ...base, portDefinitions: [{ name: 'x' }] }, ['/portDefinitions(0)/port']],
    ['second port bad protocol', { ...base, portDefinitions: [{ port: 0 }, { port: 1, protocol: 'sctp' }] }, ['/portDefinitions(1)/protocol']],
    ['bad port name', { ...base, portDefinitions: [{ port: 0, name: 'HTTP_1' }] }, ['/portDefinitions(0)/name']],
    ['duplicate port names', { ...base, portDefinitions: [{ port: 0, name: 'a' }, { port: 0, name: 'a' }] }, ['/portDefinitions']],
    ['duplicate fixed ports', { ...base, portDefinitions: [{ port: 80 }, { port: 80 }] }, ['/portDefinitions']],
    ['bad VIP label', { ...base, portDefinitions: [{ port: 0, labels: { VIP_0: '/web' } }] }, ['/portDefinitions(0)/labels/VIP_0']],
    ['host mixed with container', { ...base, networks: [{ mode: 'host' }, { mode: 'container', name: 'a' }] }, ['/networks']],
    ['two bridges', { ...base, networks: [{ mode: 'container/bridge' }, { mode: 'container/bridge' }] }, ['/networks']],
    ['unnamed container network', { ...base, networks: [{ mode: 'container' }] }, ['/networks(0)/name']],
    ['bad network mode', { ...base, networks: [{ mode: 'overlay' }] }, ['/networks(0)/mode']],
    ['portDefinitions on bridge', { ...base, networks: [{ mode: 'container/bridge' }], portDefinitions: [{ port: 0 }] }, ['/portDefinitions']],
    ['portMappings on host', { ...base, container: { type: 'MESOS', portMappings: [{ containerPort: 80 }] } }, ['/container/portMappings']],
    [
      'bad hostPort',
      { ...base, networks: [{ mode: 'container/bridge' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: -1 }] } },
      ['/container/portMappings(0)/hostPort'],
    ],
    [
      'containerPort 0 on a virtual network',
      { ...base, networks: [{ mode: 'container', name: 'n' }], container: { type: 'MESOS', portMappings: [{ containerPort: 0 }] } },
      ['/container/portMappings(0)/containerPort'],
    ],
    [
      'unknown networkName',
      { ...base, networks: [{ mode: 'container', name: 'n' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, networkNames: ['m'] }] } },
      ['/container/portMappings(0)/networkNames(0)'],
    ],
    [
      'hostPort with two networks and no networkNames',
      { ...base, networks: [{ mode: 'container', name: 'a' }, { mode: 'container', name: 'b' }], container: { type: 'MESOS', portMappings: [{ containerPort: 80, hostPort: 0 }] } },
      ['/container/portMappings(0)/networkNames'],
    ],
    ['docker without image', { id: '/w', container: { type: 'DOCKER', docker: {} } }, ['/container/docker/image']],
    ['bad container type', { id: '/w', cmd: 'x', container: { type: 'RKT' } }, ['/container/type']],
    ['bad health protocol', { ...base, healthChecks: [{ protocol: 'ICMP' }] }, ['/healthChecks(0)/protocol']],
    ['portIndex out of range', { ...base, healthChecks: [{ protocol: 'TCP', portIndex: 1 }] }, ['/healthChecks(0)/portIndex']],
    ['port check on an app without ports', { ...base, portDefinitions: [], healthChecks: [{ protocol: 'HTTP' }] }, ['/healthChecks(0)']],
    ['port and portIndex', { ...base, healthChecks: [{ protocol: 'TCP', port: 80, portIndex: 0 }] }, ['/healthChecks(0)']],
    ['COMMAND without command', { ...base, healthChecks: [{ protocol: 'COMMAND' }] }, ['/healthChecks(0)/command']],
    ['path on TCP', { ...base, healthChecks: [{ protocol: 'TCP', path: '/x' }] }, ['/healthChecks(0)/path']],
    ['negative grace', { ...base, healthChecks: [{ gracePeriodSeconds: -1 }] }, ['/healthChecks(0)/gracePeriodSeconds']],
    ['upgradeStrategy over 1', { ...base, upgradeStrategy: { minimumHealthCapacity: 1.5 } }, ['/upgradeStrategy/minimumHealthCapacity']],
    ['constraint with 1 field', { ...base, constraints: [['hostname']] }, ['/constraints(0)']],
    ['unknown operator', { ...base, constraints: [['hostname', 'UNIQUE'], ['hostname', 'SOMETIMES']] }, ['/constraints(1)']],
    ['LIKE with bad regex', { ...base, constraints: [['rack', 'LIKE', '([a-']] }, ['/constraints(0)']],
    ['MAX_PER without number', { ...base, constraints: [['rack', 'MAX_PER', 'two']] }, ['/constraints(0)']],
    ['bad killSelection', { ...base, killSelection: 'RANDOM' }, ['/killSelection']],
    ['backoffFactor below 1', { ...base, backoffFactor: 0.5 }, ['/backoffFactor']],
    ['secrets', { ...base, secrets: { s: { source: 'x' } } }, ['/secrets']],
  ])('%s', (_name, input, paths) => {
    expect(pathsOf(() => parseAppDefinition(input))).toEqual(paths);
  });

  test('collects all errors, not just the first, in Marathon 422 shape', () => {
    const input = {
      id: '/Bad_Id',
      cmd: 'x',
      args: ['y'],
      instances: -1,
      portDefinitions: [{ port: 0, protocol: 'tcp' }, { port: 99999 }],
      healthChecks: [{ protocol: 'HTTP', portIndex: 5 }],
    };
    const details = detailsOf(() => parseAppDefinition(input));
    expect(details.map((d) => d.path).sort()).toEqual(['/', '/healthChecks(0)/portIndex', '/id', '/instances', '/portDefinitions(1)/port']);
    for (const d of details) expect(d.errors.length).toBeGreaterThan(0);
    try {
      parseAppDefinition(input);
    } catch (err) {
      const body = JSON.parse(JSON.stringify(err));
      expect(body.message).toBe('Object is not valid');
      expect(body.code).toBe('MARINA_ERR_INVALID');
      expect(body.details).toHaveLength(5);
    }
  });

  test('messages say what is expected', () => {
    const [d] = detailsOf(() => parseAppDefinition({ ...base, instances: -1 }));
    expect(d!.errors[0]).toBe('got -1, expected 0 or more');
    const [e] = detailsOf(() => parseAppDefinition({ ...base, cpus: 'lots' }));
    expect(e!.errors[0]).toBe('expected a number, got a string');
  });

  test.each([null, 42, 'app', [], true])('non-object input %j is a 422 at /', (input) => {
    expect(pathsOf(() => parseAppDefinition(input))).toEqual(['/']);
  });
});
