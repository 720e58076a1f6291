import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { serviceKey } from '../../model/vip-table';
import { isMarinaObject } from '../../model/names';
import { diffTables } from '../../sync/tracker';
import { syntheticTable } from '../../../../bench/lb/synthetic';
import { nftChainNames } from './apply';
import { hpChain, netChain, prefixOf, probability, renderDelta, renderFull, svcChain, SERVICES, type IptRenderOptions } from './render';
import { IptTracer } from './testing/ipt-tracer';

function svc(ip: string, port: number, proto: 'tcp' | 'udp', backends: string[], affinitySeconds?: number): VipService {
  const bs: Backend[] = backends.map((b, i) => ({ ip: b, port: 8080, taskId: `t${i}` }));
  return { key: serviceKey(ip, port, proto), ip, port, proto, family: 4, appIds: ['/web'], backends: bs, affinitySeconds };
}
const table = (...s: VipService[]): VipTable => new Map(s.map((x) => [x.key, x]));
const opts: IptRenderOptions = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false };
const FIXED = ['MARINA-EXTERNAL', 'MARINA-HAIRPIN', 'MARINA-MARK-MASQ', 'MARINA-POSTROUTING', 'MARINA-SERVICES'];
const CLIENT = '198.18.9.9'; // inside the cluster CIDR, not a backend
const OUTSIDE = '203.0.113.5';

/** Full sync of `prev`, then the delta to `cur`, both replayed; returns the tracer and the delta. */
function step(prev: VipTable, cur: VipTable, o = opts) {
  const t = new IptTracer();
  t.apply(renderFull(prev, 4, o).text);
  const delta = renderDelta(diffTables(prev, cur), cur, 4, o);
  t.apply(delta.text);
  return { t, delta };
}

function expectEven(shares: Map<string, number>, backends: string[]): void {
  expect([...shares.keys()].sort()).toEqual(backends.map((b) => `${b}:8080`).sort());
  for (const s of shares.values()) expect(s).toBeCloseTo(1 / backends.length, 6);
}

describe('iptables render', () => {
  it('probabilities are 1/n, 1/(n-1), … so each backend gets an equal share of new connections', () => {
    expect([0, 1, 2].map((i) => probability(i, 3))).toEqual(['0.3333333333', '0.5000000000', '1.0000000000']);
    const t = new IptTracer();
    const bs = ['198.18.2.10', '198.18.2.11', '198.18.2.12'];
    t.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', bs)), 4, opts).text);
    expectEven(t.shares(CLIENT, '198.19.250.1', 80), bs);
    expect(t.shares(CLIENT, '198.19.250.1', 81).size).toBe(0);
  });

  it('a 3-backend VIP costs one chain and four rules; a single-backend VIP no chain and one rule (DNAT from the dispatch rule)', () => {
    const three = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11', '198.18.2.12']);
    const one = svc('198.19.250.2', 80, 'tcp', ['198.18.2.20']);
    const t = new IptTracer();
    t.apply(renderFull(table(three, one), 4, opts).text);
    const nat = t.chains.get('nat')!;
    expect(t.natChains().filter((c) => c.startsWith('MARINA-SVC-'))).toEqual([svcChain(three)]);
    expect(nat.get(svcChain(three))).toHaveLength(3);
    const dispatch = nat.get(netChain(prefixOf('198.19.250.1')))!;
    expect(dispatch).toHaveLength(2);
    expect(dispatch.find((r) => r.includes('198.19.250.2/32'))).toMatch(/ --dport 80 -j DNAT --to-destination 198\.18\.2\.20:8080$/);
    expectEven(t.shares(CLIENT, '198.19.250.2', 80), ['198.18.2.20']);
  });

  it('masquerades new connections from outside the cluster CIDRs only, and only those a VIP took', () => {
    const t = new IptTracer();
    t.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11'])), 4, { clusterCidrs: ['198.18.0.0/16', '198.19.0.0/16'], masqueradeAll: false }).text);
    expect(t.connect(OUTSIDE, '198.19.250.1', 80).every((o) => o.masquerade && o.to)).toBe(true);
    expect(t.connect(CLIENT, '198.19.250.1', 80).some((o) => o.masquerade)).toBe(false);
    expect(t.connect('198.19.3.3', '198.19.250.1', 80).some((o) => o.masquerade)).toBe(false); // second CIDR
    // Not a VIP: the outside-cluster mark is cleared again, nothing is masqueraded.
    expect(t.connect(OUTSIDE, '198.18.2.10', 8080)).toEqual([{ to: undefined, masquerade: false, p: 1 }]);
    const all = new IptTracer();
    all.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10'])), 4, { clusterCidrs: [], masqueradeAll: true }).text);
    expect(all.connect(CLIENT, '198.19.250.1', 80)).toEqual([{ to: '198.18.2.10:8080', masquerade: true, p: 1 }]);
    expect(all.connect(CLIENT, '198.18.2.10', 8080)[0].masquerade).toBe(false);
  });

  it('hairpin: a backend reaching itself through the VIP is masqueraded; reaching another backend is not', () => {
    const bs = ['198.18.2.10', '198.18.2.11', '198.18.3.12'];
    const t = new IptTracer();
    t.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', bs), svc('198.19.250.2', 80, 'tcp', ['198.18.3.12'])), 4, opts).text);
    for (const b of bs) {
      const masq = t.shares(b, '198.19.250.1', 80, true);
      expect([...masq.keys()]).toEqual([`${b}:8080`]);
      expect(masq.get(`${b}:8080`)).toBeCloseTo(1 / 3, 6);
      expect(t.shares(b, '198.19.250.1', 80, false).size).toBe(2);
    }
    expect(t.connect('198.18.3.12', '198.19.250.2', 80)).toEqual([{ to: '198.18.3.12:8080', masquerade: true, p: 1 }]);
    // One rule per backend address, shared by every VIP it serves, in a chain per /24.
    const hp = t.chains.get('nat')!.get(hpChain('198.18.3.0/24'))!;
    expect(hp).toEqual(['-A ' + hpChain('198.18.3.0/24') + ' -s 198.18.3.12/32 -d 198.18.3.12/32 -j MARINA-MARK-MASQ']);
  });

  it('a backend change rewrites only that service chain and appends the new address\'s hairpin rule; the full sync drops the stale one', () => {
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const other = svc('198.19.250.2', 80, 'tcp', ['198.18.2.20', '198.18.2.21']);
    const b = svc('198.19.250.1', 80, 'tcp', ['198.18.2.11', '198.18.2.12']);
    const { t, delta } = step(table(a, other), table(b, other));
    expect(delta.chains).toEqual([svcChain(b)]);
    expect(delta.text).not.toContain(SERVICES);
    expect(delta.text).toContain(`-A ${hpChain('198.18.2.0/24')} -s 198.18.2.12/32 -d 198.18.2.12/32 -j MARINA-MARK-MASQ`);
    expect(delta.text).not.toContain(`:${hpChain('198.18.2.0/24')}`);
    expect(t.chains.get('nat')!.get(hpChain('198.18.2.0/24'))!.some((r) => r.includes('198.18.2.10/32'))).toBe(true); // stale until the full sync
    t.apply(renderFull(table(b, other), 4, opts, t.natChains()).text);
    expect(t.chains.get('nat')!.get(hpChain('198.18.2.0/24'))!.some((r) => r.includes('198.18.2.10/32'))).toBe(false);
    expectEven(t.shares(CLIENT, '198.19.250.1', 80), ['198.18.2.11', '198.18.2.12']);
    expectEven(t.shares(CLIENT, '198.19.250.2', 80), ['198.18.2.20', '198.18.2.21']);
    expect([...t.shares('198.18.2.12', '198.19.250.1', 80, true).keys()]).toEqual(['198.18.2.12:8080']);
    expect(t.shares('198.18.2.10', '198.19.250.1', 80, true).size).toBe(0);
  });

  it('3 → 1 → 0 → 1 → 2 backends → removed: the service chain comes and goes, zero rejects, removal leaves only the fixed chains', () => {
    let prev = table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11', '198.18.2.12']));
    const t = new IptTracer();
    t.apply(renderFull(prev, 4, opts).text);
    for (const bs of [['198.18.2.13'], [], ['198.18.2.14'], ['198.18.2.14', '198.18.2.15']]) {
      const cur = table(svc('198.19.250.1', 80, 'tcp', bs));
      t.apply(renderDelta(diffTables(prev, cur), cur, 4, opts).text);
      expect(t.rejects('198.19.250.1', 80)).toBe(bs.length === 0);
      if (bs.length) expectEven(t.shares(CLIENT, '198.19.250.1', 80), bs);
      else expect(t.shares(CLIENT, '198.19.250.1', 80).size).toBe(0);
      expect(t.natChains().filter((c) => c.startsWith('MARINA-SVC-'))).toHaveLength(bs.length > 1 ? 1 : 0);
      prev = cur;
    }
    t.apply(renderDelta(diffTables(prev, table()), table(), 4, opts).text);
    expect(t.connect(CLIENT, '198.19.250.1', 80)).toEqual([{ to: undefined, masquerade: false, p: 1 }]);
    expect(t.rejects('198.19.250.1', 80)).toBe(false);
    expect(t.natChains().filter((c) => !c.startsWith('MARINA-HP-'))).toEqual(FIXED);
    t.apply(renderFull(table(), 4, opts, t.natChains()).text);
    expect(t.natChains()).toEqual(FIXED);
  });

  it('a VIP in a new /24 adds its prefix chain and a jump to it; one in a known /24 rewrites only that prefix chain', () => {
    const base = table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']));
    const known = new Map(base).set('k', svc('198.19.250.9', 80, 'tcp', ['198.18.2.10']));
    let { t, delta } = step(base, known);
    expect(delta.chains).toEqual([netChain('198.19.250.0/24')]);
    expectEven(t.shares(CLIENT, '198.19.250.9', 80), ['198.18.2.10']);
    const fresh = new Map(base).set('k', svc('198.19.7.9', 80, 'tcp', ['198.18.2.10']));
    ({ t, delta } = step(base, fresh));
    expect(delta.chains.sort()).toEqual([SERVICES, netChain('198.19.7.0/24')].sort());
    expectEven(t.shares(CLIENT, '198.19.7.9', 80), ['198.18.2.10']);
    expectEven(t.shares(CLIENT, '198.19.250.1', 80), ['198.18.2.10', '198.18.2.11']);
  });

  it('a delta equals a full sync of the new table, for a random walk of changes', () => {
    let prev = syntheticTable(30, 3);
    const t = new IptTracer();
    t.apply(renderFull(prev, 4, opts).text);
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 60; i++) {
      const cur: VipTable = new Map(prev);
      const keys = [...cur.keys()];
      const k = keys[rnd(keys.length)];
      const n = rnd(4);
      const bs = Array.from({ length: n }, (_, j) => `198.18.${100 + rnd(3)}.${1 + rnd(5) + j * 10}`);
      if (rnd(5) === 0) cur.delete(k);
      else cur.set(k, { ...svc(cur.get(k)!.ip, 80, 'tcp', [...new Set(bs)].sort()), key: k });
      if (rnd(6) === 0) cur.set(`n${i}`, { ...svc(`198.19.${rnd(4)}.${1 + rnd(9)}`, 80, 'tcp', ['198.18.100.1']), key: `n${i}` });
      t.apply(renderDelta(diffTables(prev, cur), cur, 4, opts).text);
      const ref = new IptTracer();
      ref.apply(renderFull(cur, 4, opts).text);
      // The same chains, but for hairpin chains a full sync would drop (their rules match no DNAT).
      expect(t.natChains().filter((c) => !c.startsWith('MARINA-HP-'))).toEqual(ref.natChains().filter((c) => !c.startsWith('MARINA-HP-')));
      for (const c of ref.natChains()) expect(t.natChains()).toContain(c);
      for (const s of cur.values()) {
        expect(t.shares(CLIENT, s.ip, 80)).toEqual(ref.shares(CLIENT, s.ip, 80));
        expect(t.rejects(s.ip, 80)).toBe(ref.rejects(s.ip, 80));
        for (const b of s.backends) expect(t.shares(b.ip, s.ip, 80, true)).toEqual(ref.shares(b.ip, s.ip, 80, true));
      }
      prev = cur;
    }
  });

  it('affinity: a known client goes back to its backend (recent --update), a new one is spread and remembered (--set)', () => {
    const text = renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11'], 600)), 4, opts).text;
    expect(text.match(/-m recent --name MARINA-SEP-\S+ --update --seconds 600 --reap -p tcp -j DNAT/g)).toHaveLength(2);
    expect(text.match(/-m recent --name MARINA-SEP-\S+ --set -p tcp -j DNAT/g)).toHaveLength(2);
    const t = new IptTracer();
    t.apply(text);
    expectEven(t.shares(CLIENT, '198.19.250.1', 80), ['198.18.2.10', '198.18.2.11']);
  });

  it('full sync deletes stale chains, an earlier layout\'s too, each flushed first and deleted once nothing jumps to it', () => {
    const t = new IptTracer();
    const old = ['*nat', ':MARINA-SERVICES - [0:0]', ':MARINA-SVC-OLDSERVICE - [0:0]', ':MARINA-SVC-OLDSERVICE-EP0001 - [0:0]', ':MARINA-SEP-OLDENDPOINT0000 - [0:0]', ':MARINA-MARK-MASQ - [0:0]',
      '-A MARINA-SERVICES -d 198.19.250.1/32 -p tcp -m tcp --dport 80 -j MARINA-SVC-OLDSERVICE',
      '-A MARINA-SVC-OLDSERVICE -m statistic --mode random --probability 0.5 -j MARINA-SVC-OLDSERVICE-EP0001', '-A MARINA-SVC-OLDSERVICE -j MARINA-SEP-OLDENDPOINT0000',
      '-A MARINA-SVC-OLDSERVICE-EP0001 -s 198.18.2.10/32 -j MARINA-MARK-MASQ', '-A MARINA-SEP-OLDENDPOINT0000 -s 198.18.2.11/32 -j MARINA-MARK-MASQ', 'COMMIT'];
    t.apply(old.join('\n'));
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const full = renderFull(table(a), 4, opts, t.natChains());
    expect(full.deleted.sort()).toEqual(['MARINA-SEP-OLDENDPOINT0000', 'MARINA-SVC-OLDSERVICE', 'MARINA-SVC-OLDSERVICE-EP0001']);
    t.apply(full.text);
    expect(t.natChains()).toEqual([...FIXED, hpChain('198.18.2.0/24'), netChain('198.19.250.0/24'), svcChain(a)].sort());
    expectEven(t.shares(CLIENT, '198.19.250.1', 80), ['198.18.2.10', '198.18.2.11']);
    // A later full sync with nothing left deletes the prefix chains too.
    t.apply(renderFull(table(), 4, opts, t.natChains()).text);
    expect(t.natChains()).toEqual(FIXED);
  });

  it('every chain it writes is one the cleanup predicate owns', () => {
    const t = new IptTracer();
    t.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11'], 60), svc('198.19.250.2', 53, 'udp', [])), 4, opts).text);
    for (const c of t.natChains()) expect(isMarinaObject(c)).toBe(true);
    expect(t.natChains().every((c) => c.length <= 28)).toBe(true);
  });

  it('prefixes: /24 for IPv4, /112 for IPv6 (however the address is written)', () => {
    expect(prefixOf('198.19.250.7')).toBe('198.19.250.0/24');
    expect(prefixOf('2001:2:0:fa::7')).toBe('2001:2:0:fa:0:0:0:0/112');
    expect(prefixOf('2001:2:0:fa:0:0:0:7')).toBe('2001:2:0:fa:0:0:0:0/112');
    expect(prefixOf('2001:2::fa:1:7')).toBe('2001:2:0:0:0:fa:1:0/112');
    expect(prefixOf('::1')).toBe('0:0:0:0:0:0:0:0/112');
  });

  /**
   * iptables-nft 1.8.9's --noflush restore lists every chain name a line
   * mentions (the chain, the jump target) in a list kept sorted by insertion
   * (nft-cache.c cache_chain_list_insert): each mention walks past the smaller
   * names already listed. This replays that walk over a batch.
   */
  function listWalk(text: string): { steps: number; mentions: number } {
    const list: string[] = [];
    let steps = 0;
    let mentions = 0;
    const insert = (name: string) => {
      mentions++;
      let i = 0;
      while (i < list.length && list[i] < name) i++;
      steps += i + 1;
      if (list[i] !== name) list.splice(i, 0, name);
    };
    let tbl = '';
    for (const line of text.split('\n')) {
      if (line.startsWith('*')) {
        tbl = line.slice(1);
        list.length = 0; // one cache request per table
      } else if (tbl !== 'nat') continue;
      else if (line.startsWith(':')) insert(line.slice(1).split(' ')[0]);
      else if (/^-[AX] /.test(line)) {
        insert(line.split(' ')[1]);
        const jump = / -j (MARINA-\S+)/.exec(line);
        if (jump) insert(jump[1]);
      }
    }
    return { steps, mentions };
  }

  it.each([
    ['full sync', () => renderFull(syntheticTable(2000, 3), 4, opts).text],
    ['full resync with stale chains of the earlier layout', () => renderFull(syntheticTable(2000, 3), 4, opts, [...Array.from({ length: 3000 }, (_, i) => `MARINA-SEP-OLD${i}`), ...Array.from({ length: 1000 }, (_, i) => `MARINA-SVC-OLDSERVICE${i}`)]).text],
  ])('%s: the sorted chain-name list is walked past the few fixed and prefix chains per mention, not through every chain', (_, batch) => {
    const { steps, mentions } = listWalk(batch());
    expect(mentions).toBeGreaterThan(8000);
    expect(steps / mentions).toBeLessThan(60);
  });

  it('the same lines in ascending name order walk hundreds of steps per mention (what the order avoids)', () => {
    const lines = renderFull(syntheticTable(2000, 3), 4, opts).text.split('\n');
    const body = lines.filter((l) => /^[:-]/.test(l) && !l.startsWith(':MARINA-SERVICES')).sort();
    const { steps, mentions } = listWalk(['*nat', ...body, 'COMMIT'].join('\n'));
    expect(steps / mentions).toBeGreaterThan(200);
  });

  it('only the dispatch rules carry the comment naming the apps and the VIP', () => {
    const text = renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']), svc('198.19.250.2', 53, 'udp', [])), 4, opts).text;
    const commented = text.split('\n').filter((l) => l.includes('--comment'));
    expect(commented).toHaveLength(2);
    expect(commented[0]).toMatch(/^-A MARINA-NET-\S+ -m comment --comment "\/web 198\.19\.250\.1:80\/tcp"/);
    expect(commented[1]).toMatch(/^-A MARINA-SERVICES -m comment --comment "\/web 198\.19\.250\.2:53\/udp" .* -j REJECT$/);
  });

  it('nft list chains: the names of one table only', () => {
    const listing = ['table ip filter {', '\tchain MARINA-SERVICES {', '\t}', '}', 'table ip nat {', '\tchain PREROUTING {', '\t\ttype nat hook prerouting priority dstnat; policy accept;', '\t}', '\tchain MARINA-SVC-ABCDEFGHIJ {', '\t}', '}'].join('\n');
    expect(nftChainNames(listing, 'nat')).toEqual(['PREROUTING', 'MARINA-SVC-ABCDEFGHIJ']);
    expect(nftChainNames(listing, 'filter')).toEqual(['MARINA-SERVICES']);
  });
});
