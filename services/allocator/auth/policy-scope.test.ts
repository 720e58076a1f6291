import type { Identity } from '../../../lib/auth/identity';
import { deniedPolicyScope } from './policy-scope';

const deployer: Identity = { name: 't', role: 'deployer', via: 'token', prefixes: ['/shop'] };

describe('deniedPolicyScope', () => {
  test.each<[string, Identity, Array<Record<string, unknown> | undefined>, boolean]>([
    ['admin anywhere', { name: 'a', role: 'admin', via: 'token' }, [{ apps: ['/*'] }], false],
    ['viewer never', { name: 'v', role: 'viewer', via: 'token' }, [{ apps: ['/shop/db'] }], true],
    ['deployer inside', deployer, [{ apps: ['/shop/db', '/shop/*'] }], false],
    ['deployer: the prefix group itself', deployer, [{ apps: ['/shop/*'] }, undefined], false],
    ['deployer outside', deployer, [{ apps: ['/shop/db', '/bank/*'] }], true],
    ['deployer: a sibling sharing letters', deployer, [{ apps: ['/shopping/*'] }], true],
    ['deployer: everything', deployer, [{ apps: ['/*'] }], true],
    ['deployer: labels alone', deployer, [{ labels: { tier: 'db' } }], true],
    ['deployer: labels with apps inside', deployer, [{ apps: ['/shop/*'], labels: { tier: 'db' } }], false],
    ['deployer replacing a policy outside', deployer, [{ apps: ['/shop/db'] }, { apps: ['/bank/vault'] }], true],
    ['no selector: validation answers', deployer, [undefined], false],
  ])('%s', (_n, id, selectors, denied) => expect(deniedPolicyScope(id, selectors) !== undefined).toBe(denied));
});
