import type { Policy } from '../../../lib/model/policy';
import { desiredTable } from './desired';
import { diffPolicyTables } from './diff';
import { parseCounters, parseKernelTable } from './kernel';
import { appChainName, counterName } from './names';
import { renderDelta } from './render';

// Items as `nft -j` (1.0.6) lists them: counter objects, a named counter reference in a rule
// (`{"counter": "<name>"}`) and an anonymous one (`{"counter": {"packets", "bytes"}}`).
const meta = { metainfo: { version: '1.0.6', json_schema_version: 1 } };
const counter = (name: string, packets = 0, bytes = 0) => ({ counter: { family: 'inet', name, table: 'marina-policy', handle: 1, packets, bytes } });
const chain = (name: string, hook?: string) => ({ chain: { family: 'inet', table: 'marina-policy', name, handle: 2, ...(hook ? { type: 'filter', hook, prio: 0, policy: 'accept' } : {}) } });
const rule = (ch: string, comment: string, ctr: unknown) => ({ rule: { family: 'inet', table: 'marina-policy', chain: ch, handle: 3, comment, expr: [...(ctr === undefined ? [] : [{ counter: ctr }]), { accept: null }] } });
const listing = (...items: unknown[]) => JSON.stringify({ nftables: [meta, { table: { family: 'inet', name: 'marina-policy', handle: 1 } }, ...items] });

describe('the policy table read back', () => {
  it('reads each rule\'s counts from its named counter; names that are not a rule\'s are left out', () => {
    const json = listing(counter('in-0123456789_1234abcd_i_0_deadbeef', 5, 300), counter('in-0123456789_drop_00ff00ff', 3, 180), counter('hand', 9, 9));
    expect(parseCounters(json)).toEqual([
      { chain: 'in-0123456789', tag: '1234abcd:i:0:deadbeef', packets: 5, bytes: 300 },
      { chain: 'in-0123456789', tag: 'drop:00ff00ff', packets: 3, bytes: 180 },
    ]);
    expect([...parseKernelTable(json).table.counters!]).toEqual(['in-0123456789_1234abcd_i_0_deadbeef', 'in-0123456789_drop_00ff00ff', 'hand']);
  });

  it('a counted rule without its own named counter (an older agent\'s anonymous one, another name) differs from the desired rule', () => {
    const c = 'in-0123456789';
    const k = parseKernelTable(listing(chain(c), rule(c, '1234abcd:i:0:deadbeef', counterName(c, '1234abcd:i:0:deadbeef')), rule(c, 'drop:00ff00ff', { packets: 1, bytes: 60 }), rule(c, 'drop:11ff00ff', 'other'), rule(c, 'base:22ff00ff', undefined)));
    expect(k.table.chains.get(c)!.rules.map((r) => r.tag)).toEqual(['1234abcd:i:0:deadbeef', 'drop:00ff00ff~counter', 'drop:11ff00ff~counter', 'base:22ff00ff']);
  });

  it('after `nft flush table` the repair refills the chains with the counters still there, and deletes orphans after the flush', () => {
    const p: Policy = { id: 'db', selector: { apps: ['/shop/db'] }, ingress: [{ from: { apps: ['/shop/web'] }, ports: [{ port: 5432, protocol: 'tcp' }] }] };
    const desired = desiredTable({ agentId: 'h1', policies: [p], apps: [{ id: '/shop/web' }, { id: '/shop/db' }], tasks: [{ id: 'd', appId: '/shop/db', agentId: 'h1', ips: ['198.18.1.3'], hostMode: false }] });
    const db = appChainName('/shop/db', 'ingress');
    const names = desired.chains.get(db)!.rules.map((r) => counterName(db, r.tag));
    const orphan = counterName(appChainName('/gone', 'ingress'), 'drop:00ff00ff');
    const maps = ['in4', 'in6', 'out4', 'out6'].map((m) => ({ map: { family: 'inet', name: m, table: 'marina-policy', type: m.endsWith('6') ? 'ipv6_addr' : 'ipv4_addr', map: 'verdict', ...(m === 'in4' ? { elem: [['198.18.1.3', { goto: { target: db } }]] } : {}) } }));
    const sets = [...desired.sets.keys()].map((name) => ({ set: { family: 'inet', name, table: 'marina-policy', type: 'ipv4_addr' } }));
    const k = parseKernelTable(listing(...names.map((n) => counter(n, 7)), counter(orphan), ...maps, ...sets, chain(db), chain('forward', 'forward')));
    const d = diffPolicyTables(k.table, desired);
    expect(d.addCounters).toEqual([]);
    expect(d.delCounters).toEqual([orphan]);
    expect(d.rewriteChains.map((c) => c.name).sort()).toEqual([db, 'forward'].sort());
    const lines = renderDelta(d).trim().split('\n');
    expect(lines.filter((l) => l.includes(' counter inet '))).toEqual([`delete counter inet marina-policy ${orphan}`]);
    expect(lines.at(-1)).toBe(`delete counter inet marina-policy ${orphan}`);
  });
});
