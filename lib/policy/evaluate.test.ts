import type { Policy, PolicyApp } from '../model/policy';
import { resolveEndpoint, why, type PolicyWorld, type WhyTask } from './evaluate';

const apps = new Map<string, PolicyApp>([
  ['/shop/web', { id: '/shop/web', labels: { tier: 'web' } }],
  ['/shop/db', { id: '/shop/db', labels: { tier: 'db' } }],
  ['/other/app', { id: '/other/app' }],
  ['/shop/cache', { id: '/shop/cache' }],
]);
const taskList: WhyTask[] = [
  { id: 'shop_web.1', appId: '/shop/web', ipAddresses: [{ ipAddress: '198.18.10.2' }] },
  { id: 'shop_db.1', appId: '/shop/db', ipAddresses: [{ ipAddress: '198.18.10.3' }, { ipAddress: '2001:db8::3' }] },
  { id: 'other_app.1', appId: '/other/app', ipAddresses: [{ ipAddress: '198.18.11.9' }] },
];
const dbIngress: Policy = { id: 'db-ingress', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };
const shopDeny: Policy = { id: 'shop-deny', selector: { apps: ['/shop/*'] }, ingress: [] };
const fromNet: Policy = { id: 'from-net', selector: { labels: { tier: 'db' } }, ingress: [{ from: { cidrs: ['198.18.200.0/24'] }, ports: [{ port: 6000, endPort: 6010, protocol: 'udp' }] }] };
const webEgress: Policy = { id: 'web-egress', selector: { apps: ['/shop/web'] }, egress: [{ to: { labels: { tier: 'db' } } }] };

const tasks = new Map(taskList.map((t) => [t.id, t]));
const byId = (ps: Policy[]) => new Map(ps.map((p) => [p.id, p]));

function ask(policies: Policy[], from: string, to: string, port: number, protocol: 'tcp' | 'udp' = 'tcp') {
  const world: PolicyWorld = { policies: byId(policies), apps, tasks };
  const a = why(world, resolveEndpoint(world, from)!, resolveEndpoint(world, to)!, port, protocol);
  return [a.verdict, a.policy ?? null, a.direction, a.rule ?? null];
}

describe('why', () => {
  test.each<[string, Policy[], string, string, number, 'tcp' | 'udp', unknown[]]>([
    ['no policy: open', [], '/shop/web', '/shop/db', 5432, 'tcp', ['allow', null, 'ingress', null]],
    ['web reaches db on 5432', [dbIngress], '/shop/web', '/shop/db', 5432, 'tcp', ['allow', 'db-ingress', 'ingress', 0]],
    ['web cannot reach db on 22', [dbIngress], '/shop/web', '/shop/db', 22, 'tcp', ['deny', 'db-ingress', 'ingress', null]],
    ['udp 5432 is not tcp 5432', [dbIngress], '/shop/web', '/shop/db', 5432, 'udp', ['deny', 'db-ingress', 'ingress', null]],
    ['other app cannot reach db', [dbIngress], '/other/app', '/shop/db', 5432, 'tcp', ['deny', 'db-ingress', 'ingress', null]],
    ['an unselected app stays open', [dbIngress], '/other/app', '/shop/web', 80, 'tcp', ['allow', null, 'ingress', null]],
    ['group default deny plus an allow: rules OR', [shopDeny, dbIngress], '/shop/web', '/shop/db', 5432, 'tcp', ['allow', 'db-ingress', 'ingress', 0]],
    ['group default deny', [shopDeny], '/other/app', '/shop/cache', 80, 'tcp', ['deny', 'shop-deny', 'ingress', null]],
    ['by task id and by IP', [dbIngress], 'shop_web.1', '198.18.10.3', 5432, 'tcp', ['allow', 'db-ingress', 'ingress', 0]],
    ['cidr peer in a port range (labels selector)', [fromNet], '198.18.200.7', '/shop/db', 6005, 'udp', ['allow', 'from-net', 'ingress', 0]],
    ['outside the range', [fromNet], '198.18.200.7', '/shop/db', 6011, 'udp', ['deny', 'from-net', 'ingress', null]],
    ['outside the cidr', [fromNet], '198.18.201.7', '/shop/db', 6005, 'udp', ['deny', 'from-net', 'ingress', null]],
    ['egress allows the db', [webEgress], '/shop/web', '/shop/db', 5432, 'tcp', ['allow', null, 'ingress', null]],
    ['egress denies the rest', [webEgress], '/shop/web', '/other/app', 80, 'tcp', ['deny', 'web-egress', 'egress', null]],
    ['an IPv6 address of a task', [dbIngress], '/other/app', '2001:db8::3', 5432, 'tcp', ['deny', 'db-ingress', 'ingress', null]],
  ])('%s', (_n, policies, from, to, port, proto, want) => {
    expect(ask(policies, from, to, port, proto)).toEqual(want);
  });

  test('reasons read as the issue asks', () => {
    const world: PolicyWorld = { policies: byId([dbIngress]), apps, tasks };
    const r = (f: string, t: string, p: number) => why(world, resolveEndpoint(world, f)!, resolveEndpoint(world, t)!, p).reason;
    expect(r('/shop/web', '/other/app', 80)).toBe('no policy selects /other/app: open');
    expect(r('/shop/web', '/shop/db', 5432)).toBe('policy db-ingress ingress rule 0 admits /shop/web to /shop/db on 5432/tcp');
    expect(r('/other/app', '/shop/db', 5432)).toBe('/shop/db is selected by db-ingress; no ingress rule admits /other/app on 5432/tcp');
  });

  test('resolveEndpoint: unknown app or task is undefined; an unknown IP is an outside address', () => {
    const world: PolicyWorld = { policies: new Map(), apps, tasks };
    expect(resolveEndpoint(world, '/nope')).toBeUndefined();
    expect(resolveEndpoint(world, 'nope.1')).toBeUndefined();
    expect(resolveEndpoint(world, 'a:b')).toBeUndefined();
    expect(resolveEndpoint(world, '198.18.99.1')).toEqual({ given: '198.18.99.1', kind: 'ip', ips: ['198.18.99.1'] });
    expect(resolveEndpoint(world, '198.18.11.9')).toMatchObject({ kind: 'ip', app: { id: '/other/app' }, taskId: 'other_app.1' });
  });
});
