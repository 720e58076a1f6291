import { isMarinaError } from '../errors';
import { parsePolicy, type PolicyCheck } from './policy';

const known = new Set(['/shop/db', '/shop/web', '/other/app']);
const check: PolicyCheck = { appExists: (id) => known.has(id), limits: { maxPolicyRules: 4, maxPolicyEntries: 3 } };

/** The paths a 422 names, or 'ok'. */
function paths(input: unknown, c: PolicyCheck = check): string[] | 'ok' {
  try {
    parsePolicy(input, c);
    return 'ok';
  } catch (err) {
    if (!isMarinaError(err, 'MARINA_ERR_INVALID')) throw err;
    return err.details.map((d) => d.path);
  }
}

const base = { id: 'db-ingress', selector: { apps: ['/shop/db'] } };

describe('parsePolicy', () => {
  test.each<[string, unknown, string[] | 'ok']>([
    ['the issue example', { ...base, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] }, 'ok'],
    ['a group default deny, group not there yet', { id: 'shop-deny', selector: { apps: ['/nothing-yet/*'] }, ingress: [] }, 'ok'],
    ['labels only', { id: 'l', selector: { labels: { tier: 'db' } } }, 'ok'],
    ['cidrs of both families, egress, reject', { ...base, egress: [{ to: { cidrs: ['198.18.0.0/24', '2001:db8::/64'] } }], action: 'reject' }, 'ok'],
    ['a range and udp', { ...base, ingress: [{ ports: [{ port: 1000, endPort: 2000, protocol: 'udp' }] }] }, 'ok'],
    ['not an object', [], ['/']],
    ['no id', { selector: { apps: ['/shop/db'] } }, ['/id']],
    ['bad id', { ...base, id: 'Bad/Id' }, ['/id']],
    ['no selector', { id: 'x' }, ['/selector']],
    ['selector selecting nothing', { id: 'x', selector: {} }, ['/selector']],
    ['selector with empty lists', { id: 'x', selector: { apps: [], labels: {} } }, ['/selector']],
    ['relative app id', { id: 'x', selector: { apps: ['shop/db'] } }, ['/selector/apps(0)']],
    ['bad segment', { id: 'x', selector: { apps: ['/Shop/*'] } }, ['/selector/apps(0)']],
    ['unknown exact app', { id: 'x', selector: { apps: ['/shop/db', '/shop/nope'] } }, ['/selector/apps(1)']],
    ['unknown app in a peer', { ...base, ingress: [{ from: { apps: ['/ghost'] } }] }, ['/ingress(0)/from/apps(0)']],
    ['port out of range', { ...base, ingress: [{ ports: [{ port: 0 }, { port: 70000, protocol: 'tcp' }] }] }, ['/ingress(0)/ports(0)/port', '/ingress(0)/ports(1)/port']],
    ['endPort below port', { ...base, ingress: [{ ports: [{ port: 100, endPort: 99 }] }] }, ['/ingress(0)/ports(0)/endPort']],
    ['bad protocol', { ...base, ingress: [{ ports: [{ port: 1, protocol: 'icmp' }] }] }, ['/ingress(0)/ports(0)/protocol']],
    ['port missing', { ...base, ingress: [{ ports: [{ protocol: 'tcp' }] }] }, ['/ingress(0)/ports(0)/port']],
    ['bad cidr', { ...base, ingress: [{ from: { cidrs: ['198.18.0.0/33'] } }] }, ['/ingress(0)/from/cidrs(0)']],
    ['overlapping cidrs', { ...base, ingress: [{ from: { cidrs: ['198.18.0.0/16', '198.18.5.0/24'] } }] }, ['/ingress(0)/from/cidrs(1)']],
    ['overlapping v6 cidrs', { ...base, egress: [{ to: { cidrs: ['2001:db8::/32', '2001:db8:1::/48'] } }] }, ['/egress(0)/to/cidrs(1)']],
    ['an empty peer', { ...base, ingress: [{ from: {} }] }, ['/ingress(0)/from']],
    ['bad action', { ...base, action: 'allow' }, ['/action']],
    ['unknown fields', { ...base, ingres: [], ingress: [{ form: {} }] }, ['/ingres', '/ingress(0)/form']],
    ['to in an ingress rule', { ...base, ingress: [{ to: { apps: ['/shop/web'] } }] }, ['/ingress(0)/to']],
    ['too many rules', { ...base, ingress: [{}, {}, {}], egress: [{}, {}] }, ['/ingress']],
    ['too many entries', { ...base, ingress: [{ ports: [{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }] }] }, ['/ingress(0)/ports']],
  ])('%s', (_name, input, want) => {
    expect(paths(input)).toEqual(want);
  });

  test('the URL id fills a missing body id and must match a given one', () => {
    expect(parsePolicy({ selector: { apps: ['/shop/*'] } }, { pathId: 'p1' }).id).toBe('p1');
    expect(paths({ id: 'p2', selector: { apps: ['/shop/*'] } }, { pathId: 'p1' })).toEqual(['/id']);
  });

  test('normalises: protocol defaults to tcp, cidr host bits cleared, a bare address is a /32', () => {
    const p = parsePolicy({ ...base, ingress: [{ from: { cidrs: ['198.18.0.7/24', '198.19.0.1'] }, ports: [{ port: 80 }] }] });
    expect(p.ingress).toEqual([{ from: { cidrs: ['198.18.0.0/24', '198.19.0.1/32'] }, ports: [{ port: 80, protocol: 'tcp' }] }]);
  });

  test('a 422 message names the field', () => {
    try {
      parsePolicy({ id: 'x', selector: { apps: ['/ghost'] } }, check);
      throw new Error('accepted');
    } catch (err) {
      expect(isMarinaError(err) && err.httpStatus).toBe(422);
      expect(isMarinaError(err) && err.details).toEqual([{ path: '/selector/apps(0)', errors: [expect.stringMatching(/app '\/ghost' does not exist/)] }]);
    }
  });
});
