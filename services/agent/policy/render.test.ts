import type { Policy } from '../../../lib/model/policy';
import { desiredTable, type PolicyInputs, type PolicyTaskView } from './desired';
import { diffPolicyTables, isEmptyPolicyDiff } from './diff';
import { appChainName, peerKey, peerSetName } from './names';
import { renderDelta, renderFull } from './render';

const dbIngress: Policy = { id: 'db-ingress', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }], version: '2026-12-04T05:00:00.000Z' };
const apps = [{ id: '/shop/web' }, { id: '/shop/db', labels: { tier: 'data' } }, { id: '/other/app' }];
const task = (id: string, appId: string, agentId: string, ip: string, hostMode = false): PolicyTaskView => ({ id, appId, agentId, ips: [ip], hostMode });
const tasks = [task('w1', '/shop/web', 'h1', '198.18.1.2'), task('w2', '/shop/web', 'h2', '198.18.2.2'), task('d1', '/shop/db', 'h1', '198.18.1.3'), task('o1', '/other/app', 'h1', '198.18.1.4'), task('d6', '/shop/db', 'h1', 'fd00::3')];
const inputs = (policies: Policy[], t = tasks, agentId = 'h1'): PolicyInputs => ({ agentId, policies, apps, tasks: t });

const webSet = peerSetName(peerKey({ apps: ['/shop/web'] }), 4);
const dbChain = appChainName('/shop/db', 'ingress');

describe('policy desired table and render', () => {
  it('without policies holds only the base chains and empty maps (default open)', () => {
    const t = desiredTable(inputs([]));
    expect([...t.chains.keys()]).toEqual(['forward']);
    expect(t.maps.in4.size + t.maps.in6.size + t.sets.size).toBe(0);
    const text = renderFull(t);
    expect(text).toContain('add chain inet marina-policy forward { type filter hook forward priority filter; policy accept; }');
    expect(text.split('\n').filter((l) => l.startsWith('add rule inet marina-policy forward'))[0]).toMatch(/ct state established,related accept/);
  });

  it('dispatches the selected app\'s local IPs (v4 and v6) into its chain; peers are cluster-wide', () => {
    const t = desiredTable(inputs([dbIngress]));
    expect([...t.maps.in4]).toEqual([['198.18.1.3', `goto ${dbChain}`]]);
    expect([...t.maps.in6]).toEqual([['fd00::3', `goto ${dbChain}`]]);
    expect([...t.sets.get(webSet)!.elements].sort()).toEqual(['198.18.1.2', '198.18.2.2']);
    const rules = t.chains.get(dbChain)!.rules.map((r) => r.text);
    expect(rules).toEqual([`ip saddr @${webSet} meta l4proto tcp th dport 5432 counter accept`, 'counter drop']); // no IPv6 web task: no ip6 rule
    const web6 = desiredTable(inputs([dbIngress], [...tasks, task('w6', '/shop/web', 'h2', 'fd00::2')]));
    expect(web6.chains.get(dbChain)!.rules.map((r) => r.text)[1]).toBe(`ip6 saddr @${peerSetName(peerKey({ apps: ['/shop/web'] }), 6)} meta l4proto tcp th dport 5432 counter accept`);
    expect([...web6.sets.get(peerSetName(peerKey({ apps: ['/shop/web'] }), 6))!.elements]).toEqual(['fd00::2']);
    // a host without db tasks has no chain for it
    expect(desiredTable(inputs([dbIngress], tasks, 'h2')).chains.has(dbChain)).toBe(false);
  });

  it('renders CIDRs per family, port ranges, reject, group prefixes and labels', () => {
    const p: Policy = { id: 'p', selector: { apps: ['/shop/*'], labels: { tier: 'data' } }, action: 'reject', ingress: [{ from: { cidrs: ['198.18.9.0/24', 'fd00:9::/64'] }, ports: [{ port: 8000, endPort: 8010, protocol: 'tcp' }, { port: 53, protocol: 'udp' }] }] };
    const t = desiredTable(inputs([p]));
    expect(t.chains.has(appChainName('/shop/web', 'ingress'))).toBe(false); // no tier=data label
    expect(t.chains.get(dbChain)!.rules.map((r) => r.text)).toEqual([
      'ip saddr { 198.18.9.0/24 } meta l4proto tcp th dport 8000-8010 counter accept',
      'ip saddr { 198.18.9.0/24 } meta l4proto udp th dport 53 counter accept',
      'ip6 saddr { fd00:9::/64 } meta l4proto tcp th dport 8000-8010 counter accept',
      'ip6 saddr { fd00:9::/64 } meta l4proto udp th dport 53 counter accept',
      'meta l4proto tcp counter reject with tcp reset',
      'counter reject with icmpx type admin-prohibited',
    ]);
  });

  it('a default deny is only the counted drop; egress gets a jump chain that returns on allow', () => {
    const deny: Policy = { id: 'shop-deny', selector: { apps: ['/shop/*'] }, ingress: [] };
    const egress: Policy = { id: 'web-out', selector: { apps: ['/shop/web'] }, ingress: [{}], egress: [{ to: { apps: ['/shop/db'] } }] };
    const t = desiredTable(inputs([deny, egress]));
    const web = appChainName('/shop/web', 'egress');
    expect(t.maps.out4.get('198.18.1.2')).toBe(`jump ${web}`);
    // db has an IPv6 task (fd00::3): both families
    expect(t.chains.get(web)!.rules.map((r) => r.text)).toEqual([`ip daddr @${peerSetName(peerKey({ apps: ['/shop/db'] }), 4)} counter return`, `ip6 daddr @${peerSetName(peerKey({ apps: ['/shop/db'] }), 6)} counter return`, 'counter drop']);
    expect(t.chains.get(dbChain)!.rules.map((r) => r.text)).toEqual(['counter drop']);
    expect(t.chains.get(appChainName('/shop/web', 'ingress'))!.policyIds).toEqual(['shop-deny', 'web-out']);
  });

  it('skips host-mode tasks and reports them per policy', () => {
    const t = desiredTable(inputs([dbIngress], [...tasks.filter((x) => x.appId !== '/shop/db'), task('dh', '/shop/db', 'h1', '198.18.0.11', true)]));
    expect(t.maps.in4.size).toBe(0);
    expect(t.hostModeTasks.get('db-ingress')).toEqual(['dh']);
  });

  it('a task start is one element in the delta; a policy change rewrites only its chain', () => {
    const before = desiredTable(inputs([dbIngress]));
    const after = desiredTable(inputs([dbIngress], [...tasks, task('w3', '/shop/web', 'h3', '198.18.3.2'), task('d2', '/shop/db', 'h1', '198.18.1.5')]));
    expect(renderDelta(diffPolicyTables(before, after)).trim().split('\n')).toEqual([`add element inet marina-policy ${webSet} { 198.18.3.2 }`, `add element inet marina-policy in4 { 198.18.1.5 : goto ${dbChain} }`]);
    const wider: Policy = { ...dbIngress, ingress: [{ ...dbIngress.ingress![0], ports: [{ port: 5432, protocol: 'tcp' }, { port: 22, protocol: 'tcp' }] }] };
    const lines = renderDelta(diffPolicyTables(before, desiredTable(inputs([wider])))).trim().split('\n');
    expect(lines[0]).toBe(`flush chain inet marina-policy ${dbChain}`);
    expect(lines.slice(1).every((l) => l.startsWith(`add rule inet marina-policy ${dbChain} `))).toBe(true);
    expect(isEmptyPolicyDiff(diffPolicyTables(before, desiredTable(inputs([dbIngress]))))).toBe(true);
  });

  it('deleting the policy removes its chain after its map elements, and its sets last', () => {
    const before = desiredTable(inputs([dbIngress]));
    const lines = renderDelta(diffPolicyTables(before, desiredTable(inputs([])))).trim().split('\n');
    expect(lines).toEqual([
      'delete element inet marina-policy in4 { 198.18.1.3 }',
      'delete element inet marina-policy in6 { fd00::3 }',
      `flush chain inet marina-policy ${dbChain}`,
      `delete chain inet marina-policy ${dbChain}`,
      `delete set inet marina-policy ${webSet}`,
    ]);
  });

  it('names are short and stable whatever the id length', () => {
    const long = '/' + 'x'.repeat(500);
    expect(appChainName(long, 'ingress')).toMatch(/^in-[0-9a-f]{10}$/);
    expect(appChainName(long, 'ingress')).toBe(appChainName(long, 'ingress'));
  });
});
