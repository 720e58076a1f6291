import type { Policy } from '../../../lib/model/policy';
import { desiredTable, type DesiredPolicyTable, type PolicyInputs, type PolicyTaskView } from './desired';
import { diffPolicyTables, isEmptyPolicyDiff } from './diff';
import { changedPolicies, patchPolicies } from './incremental-policies';
import { appChainName } from './names';
import { renderDelta } from './render';

const apps = [
  { id: '/shop/web', labels: { tier: 'front' } },
  { id: '/shop/db', labels: { tier: 'data' } },
  { id: '/shop/cache', labels: { tier: 'data' } },
  { id: '/other/app' },
  { id: '/other/hm' },
  { id: '/lonely', labels: { tier: 'front' } },
];
const t = (id: string, appId: string, agentId: string, ips: string[], hostMode = false): PolicyTaskView => ({ id, appId, agentId, ips, hostMode });
const tasks = [
  t('w1', '/shop/web', 'h1', ['198.18.1.2']),
  t('d1', '/shop/db', 'h1', ['198.18.1.3', '2001:2:0:1::3']),
  t('c1', '/shop/cache', 'h1', ['198.18.1.4']),
  t('o1', '/other/app', 'h1', ['198.18.1.5']),
  t('hm1', '/other/hm', 'h1', ['198.18.0.11'], true),
  t('w2', '/shop/web', 'h2', ['198.18.2.2']),
  t('d2', '/shop/db', 'h2', ['198.18.2.3']),
  t('o2', '/other/app', 'h2', ['198.18.2.5']),
  t('l2', '/lonely', 'h2', ['198.18.2.9', '2001:2:0:2::9']),
];
const inputs = (policies: Policy[]): PolicyInputs => ({ agentId: 'h1', policies, apps, tasks });

const db: Policy = { id: 'db', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };
const deny: Policy = { id: 'deny', selector: { apps: ['/shop/*'] }, ingress: [] };
const byLabel: Policy = { id: 'lbl', selector: { labels: { tier: 'data' } }, ingress: [{ from: { labels: { tier: 'front' } }, ports: [{ port: 6379, protocol: 'tcp' }] }] };
const out: Policy = { id: 'out', selector: { apps: ['/other/app'] }, ingress: [{}], egress: [{ to: { apps: ['/shop/db'] } }] };
const hm: Policy = { id: 'hm', selector: { apps: ['/other/hm'] }, ingress: [] };
const webToo: Policy = { id: 'web-too', selector: { apps: ['/shop/cache'] }, ingress: [{ from: { apps: ['/shop/web'] } }] };
const base = [db, deny, byLabel, out];

/** Everything a table holds, order aside (maps and sets by name, elements sorted). */
function canon(x: DesiredPolicyTable) {
  const sorted = <T>(l: T[]) => [...l].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return {
    sets: sorted([...x.sets].map(([n, s]) => [n, s.family, sorted([...s.elements])])),
    maps: Object.fromEntries(Object.entries(x.maps).map(([m, v]) => [m, sorted([...v])])),
    chains: sorted([...x.chains.values()].map((c) => [c.name, c.appId, c.hook, c.rules.map((r) => `${r.text} # ${r.tag}`), c.policyIds])),
    hostModeTasks: sorted([...x.hostModeTasks]),
    peers: sorted([...x.peers.keys()]),
  };
}

/** A delta as its lines, each element on its own line, sorted (the order of statements aside). */
const lines = (s: string) => s.split('\n').filter(Boolean).flatMap((l) => (l.match(/\{ (.*) \}$/) ? l.match(/\{ (.*) \}$/)![1].split(', ').map((e) => `${l.split(' {')[0]} ${e}`) : [l])).sort();

function check(before: Policy[], after: Policy[]) {
  const prev = desiredTable(inputs(before));
  const res = patchPolicies(prev, new Map(before.map((p) => [p.id, p])), inputs(after));
  const full = desiredTable(inputs(after));
  expect(canon(res.table)).toEqual(canon(full));
  expect(isEmptyPolicyDiff(diffPolicyTables(res.table, full))).toBe(true);
  expect(lines(renderDelta(res.diff))).toEqual(lines(renderDelta(diffPolicyTables(prev, full))));
  return { prev, res, full };
}

describe('a policy change patched into the applied table', () => {
  const cases: Array<[string, Policy[], Policy[]]> = [
    ['the first policy', [], [db]],
    ['a policy added beside others', base, [...base, webToo]],
    ['a policy deleted', base, [deny, byLabel, out]],
    ['the last policy deleted', [db], []],
    ['selector edited: another app', base, [{ ...db, selector: { apps: ['/shop/cache'] } }, deny, byLabel, out]],
    ['selector edited: a group prefix', base, [{ ...db, selector: { apps: ['/shop/*'] } }, deny, byLabel, out]],
    ['selector edited: a group prefix to an exact app', [{ ...deny }], [{ ...deny, selector: { apps: ['/shop/web'] } }]],
    ['selector edited: other labels', base, [db, deny, { ...byLabel, selector: { labels: { tier: 'front' } } }, out]],
    ['selector edited: labels and apps', base, [db, deny, { ...byLabel, selector: { apps: ['/shop/*'], labels: { tier: 'data' } } }, out]],
    ['rules edited: ports', base, [{ ...db, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }, { port: 53, protocol: 'udp' }] }] }, deny, byLabel, out]],
    ['peers edited: a new peer selector', base, [{ ...db, ingress: [{ from: { apps: ['/other/app'] } }] }, deny, byLabel, out]],
    ['peers edited: an IPv6 peer appears (a remote app with v6)', base, [{ ...db, ingress: [{ from: { apps: ['/lonely'] } }] }, deny, byLabel, out]],
    ['peers edited: labels peer', base, [{ ...db, ingress: [{ from: { labels: { tier: 'front' } } }] }, deny, byLabel, out]],
    ['peers edited: cidrs only (the peer set goes)', [db], [{ ...db, ingress: [{ from: { cidrs: ['198.18.9.0/24', '2001:2:0:9::/64'] } }] }]],
    ['peers edited: a set still named by another policy stays', [db, webToo], [{ ...db, ingress: [{ from: { cidrs: ['198.18.9.0/24'] } }] }, webToo]],
    ['egress added', [db], [{ ...db, egress: [{ to: { apps: ['/shop/web'] } }] }]],
    ['egress removed', base, [db, deny, byLabel, { ...out, egress: undefined }]],
    ['egress: [] (deny all egress)', [out], [{ ...out, egress: [] }]],
    ['reject toggled', base, [{ ...db, action: 'reject' }, deny, byLabel, out]],
    ['a policy selecting a host-mode app added', base, [...base, hm]],
    ['a policy selecting a host-mode app deleted', [...base, hm], base],
    ['a group policy now also selecting a host-mode app', [hm, deny], [hm, { ...deny, selector: { apps: ['/other/*'] } }]],
    ['a policy selecting only a remote app', base, [...base, { id: 'remote', selector: { apps: ['/lonely'] }, ingress: [] }]],
    ['several at once: one added, one deleted, one edited', base, [{ ...db, ingress: [] }, byLabel, out, webToo]],
    ['nothing changed', base, base],
  ];

  it.each(cases)('%s: equals the full render, with the same delta', (_name, before, after) => {
    check(before, after);
  });

  it('touches only the chains of the apps the changed policy selects; the rest of the table is shared', () => {
    const edited = { ...db, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5433, protocol: 'tcp' as const }] }] };
    const { prev, res } = check(base, [edited, deny, byLabel, out]);
    expect(res.diff.rewriteChains.map((c) => c.name)).toEqual([appChainName('/shop/db', 'ingress')]);
    expect(res.diff.addChains.length + res.diff.delChains.length + res.diff.addSets.length + res.diff.delSets.length).toBe(0);
    expect(res.table.chains.get(appChainName('/shop/web', 'ingress'))).toBe(prev.chains.get(appChainName('/shop/web', 'ingress')));
    for (const [name, s] of res.table.sets) expect(s).toBe(prev.sets.get(name));
    expect(res.table.maps).toEqual(prev.maps);
    for (const m of ['in4', 'in6', 'out4', 'out6'] as const) expect(res.table.maps[m]).toBe(prev.maps[m]); // the app keeps its chain: not even copied
  });

  it('finds changed policies by object identity, both versions', () => {
    const edited = { ...db };
    expect(changedPolicies(new Map(base.map((p) => [p.id, p])), base)).toEqual([]);
    expect(changedPolicies(new Map(base.map((p) => [p.id, p])), [edited, deny, byLabel])).toEqual([edited, db, out]);
  });

  it('equals the full render over a random walk of policy edits', () => {
    let seed = 11;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const selectors = [{ apps: ['/shop/db'] }, { apps: ['/shop/*'] }, { labels: { tier: 'data' } }, { apps: ['/other/*'] }, { apps: ['/lonely'] }, { apps: ['/shop/web', '/other/app'] }];
    const peers = [undefined, { apps: ['/shop/web'] }, { labels: { tier: 'front' } }, { apps: ['/lonely'] }, { cidrs: ['198.18.9.0/24'] }, { apps: ['/other/*'], cidrs: ['2001:2:0:9::/64'] }];
    const make = (id: string): Policy => ({
      id,
      selector: selectors[rnd(selectors.length)],
      ingress: Array.from({ length: rnd(3) }, () => {
        const from = peers[rnd(peers.length)];
        return { ...(from ? { from } : {}), ...(rnd(2) ? { ports: [{ port: 1000 + rnd(3), protocol: 'tcp' as const }] } : {}) };
      }),
      ...(rnd(3) === 0 ? { egress: rnd(2) ? [] : [{ to: { apps: ['/shop/db'] } }] } : {}),
      ...(rnd(4) === 0 ? { action: 'reject' as const } : {}),
    });
    let policies: Policy[] = [];
    let table = desiredTable(inputs(policies));
    for (let i = 0; i < 200; i++) {
      const next = [...policies];
      for (let k = 0; k < 1 + rnd(2); k++) {
        const id = `p${rnd(6)}`;
        const j = next.findIndex((p) => p.id === id);
        if (j >= 0 && rnd(3) === 0) next.splice(j, 1);
        else if (j >= 0) next[j] = make(id);
        else next.push(make(id));
      }
      const res = patchPolicies(table, new Map(policies.map((p) => [p.id, p])), inputs(next));
      const full = desiredTable(inputs(next));
      expect(canon(res.table)).toEqual(canon(full));
      expect(lines(renderDelta(res.diff))).toEqual(lines(renderDelta(diffPolicyTables(table, full))));
      table = res.table;
      policies = next;
    }
  });
});
