import { underPrefix, type Identity } from '../../../lib/auth/identity';
import { appIdsOf, deniedByPrefix, deniedByRole, routeRule } from './http-policy';
import { parseTokenSpec } from './tokens';

const who = (role: Identity['role'], prefixes?: string[]): Identity => ({ name: 't', role, via: 'token', ...(prefixes ? { prefixes } : {}) });

describe('routeRule', () => {
  test.each([
    ['GET', '/ping', 'open'],
    ['POST', '/ping', 'admin'],
    ['GET', '/ui/', 'open'],
    ['GET', '/ui/:file', 'open'],
    ['POST', '/ui/:file', 'admin'],
    ['GET', '/v1/map', 'read'],
    ['GET', '/v1/map/tasks/:id', 'read'],
    ['GET', '/v2/apps/*', 'read'],
    ['GET', '/metrics', 'read'],
    ['GET', '/v1/tokens', 'admin'],
    ['POST', '/v2/apps', 'app-write'],
    ['DELETE', '/v2/pods/*', 'app-write'],
    ['POST', '/v2/tasks/delete', 'app-write'],
    ['POST', '/v2/networks', 'admin'],
    ['POST', '/v1/alloc/gc', 'admin'],
    ['PUT', '/v2/something-new', 'admin'],
    ['POST', '/v1/trace', 'trace'],
    ['POST', '/v1/trace/checks', 'trace'],
    ['POST', '/v1/policies', 'policy-write'],
    ['DELETE', '/v1/policies/:id', 'policy-write'],
    ['GET', '/v1/policies/why', 'read'],
    ['GET', '/v1/tasks/:id/logs', 'task-logs'],
    ['GET', '/v1/tasks', 'read'],
  ])('%s %s → %s', (method, url, rule) => expect(routeRule(method, url)).toBe(rule));
});

describe('deniedByRole', () => {
  test.each([
    ['admin', 'admin', false],
    ['viewer', 'read', false],
    ['viewer', 'app-write', true],
    ['deployer', 'app-write', false],
    ['deployer', 'admin', true],
    ['agent', 'read', true],
    ['agent', 'open', false],
    ['deployer', 'trace', false],
    ['viewer', 'trace', true],
    ['agent', 'trace', true],
    ['deployer', 'policy-write', false],
    ['viewer', 'policy-write', true],
    ['deployer', 'task-logs', false],
    ['viewer', 'task-logs', true],
    ['agent', 'task-logs', true],
    ['admin', 'task-logs', false],
  ] as const)('%s on %s denied: %s', (role, rule, denied) => expect(deniedByRole(who(role), rule) !== undefined).toBe(denied));
});

describe('deployer prefixes', () => {
  test('a prefix holds itself and what is below it, not siblings sharing its letters', () => {
    expect(underPrefix('/shop', ['/shop'])).toBe(true);
    expect(underPrefix('/shop/web', ['/shop/'])).toBe(true);
    expect(underPrefix('shop/web', ['/shop'])).toBe(true);
    expect(underPrefix('/shopping', ['/shop'])).toBe(false);
    expect(underPrefix('/anything', ['/'])).toBe(true);
  });
  test('the ids of a request: the path (without /tasks…), body ids, the apps of killed tasks', () => {
    expect(appIdsOf('/v2/apps/*', 'shop/web/tasks/t1', undefined, () => undefined)).toEqual(['/shop/web']);
    expect(appIdsOf('/v2/apps', undefined, [{ id: '/a' }, { id: '/b' }], () => undefined)).toEqual(['/a', '/b']);
    expect(appIdsOf('/v2/tasks/delete', undefined, { ids: ['t1', 't2'] }, (t) => (t === 't1' ? '/bank/x' : undefined))).toEqual(['/bank/x']);
    expect(deniedByPrefix(who('deployer', ['/shop']), ['/shop/a', '/bank/x'])).toMatch(/\/bank\/x is outside/);
    expect(deniedByPrefix(who('deployer', ['/shop']), ['/shop/a'])).toBeUndefined();
  });
});

describe('parseTokenSpec', () => {
  test.each([
    [{ role: 'root' }, '/role'],
    [{ role: 'deployer' }, '/prefixes'],
    [{ role: 'viewer', prefixes: ['/x'] }, '/prefixes'],
    [{ role: 'deployer', prefixes: ['x'] }, '/prefixes'],
    [{ role: 'viewer', node: 'h1' }, '/node'],
    [{ role: 'agent', node: 'bad name' }, '/node'],
    [{ role: 'viewer', ttlSeconds: -1 }, '/ttlSeconds'],
    [{ role: 'viewer', singleUse: true }, '/singleUse'],
    [[], '/role'],
  ])('%j is refused naming %s', (body, path) => {
    expect(() => parseTokenSpec(body)).toThrow(expect.objectContaining({ code: 'MARINA_ERR_INVALID', details: [expect.objectContaining({ path })] }));
  });
  test('a good spec comes back without undefined fields', () => {
    expect(parseTokenSpec({ role: 'agent', node: 'h1', singleUse: true, ttlSeconds: 60 })).toEqual({ role: 'agent', node: 'h1', singleUse: true, ttlSeconds: 60 });
  });
});
