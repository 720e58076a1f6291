import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { serviceKey } from '../../model/vip-table';
import { diffTables } from '../../sync/tracker';
import { syntheticTable } from '../../../../bench/lb/synthetic';
import { nftChainNames } from './apply';
import { groupOf, probability, renderDelta, renderFull, sepChain, svcChain, SERVICES } from './render';

function svc(ip: string, port: number, proto: 'tcp' | 'udp', backends: string[], affinitySeconds?: number): VipService {
  const bs: Backend[] = backends.map((b, i) => ({ ip: b, port: 8080, taskId: `t${i}` }));
  return { key: serviceKey(ip, port, proto), ip, port, proto, family: 4, appIds: ['/web'], backends: bs, affinitySeconds };
}
const table = (...s: VipService[]): VipTable => new Map(s.map((x) => [x.key, x]));
const opts = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false };

/** Replays iptables-restore --noflush text into chains (declared = flushed) to trace a packet. */
class IptTracer {
  chains = new Map<string, Map<string, string[]>>([['nat', new Map()], ['filter', new Map()]]);
  apply(text: string): void {
    let table = '';
    for (const line of text.split('\n')) {
      if (line.startsWith('*')) table = line.slice(1);
      else if (line.startsWith(':')) this.chains.get(table)!.set(line.slice(1).split(' ')[0], []);
      else if (line.startsWith('-X ')) {
        const name = line.slice(3);
        for (const rules of this.chains.get(table)!.values()) if (rules.some((r) => r.endsWith(`-j ${name}`))) throw new Error(`-X ${name}: still referenced`);
        this.chains.get(table)!.delete(name);
      } else if (line.startsWith('-A ')) {
        const [, chain] = line.split(' ');
        const rules = this.chains.get(table)!.get(chain);
        if (!rules) throw new Error(`-A to undeclared chain ${chain}`);
        rules.push(line);
      }
    }
  }
  /** Backends a new connection may land on, with their probability; 'reject' or 'pass'. */
  trace(ip: string, port: number): Map<string, number> | 'reject' | 'pass' {
    const dst = `-d ${ip}/32 -p tcp -m tcp --dport ${port} `;
    if (this.chains.get('filter')!.get(SERVICES)?.some((r) => r.includes(dst) && / -j REJECT( --reject-with tcp-reset)?$/.test(r))) return 'reject';
    const jump = this.chains.get('nat')!.get(SERVICES)?.find((r) => r.includes(dst));
    if (!jump) return 'pass';
    const svcRules = this.chains.get('nat')!.get(jump.split('-j ')[1])!.filter((r) => !r.includes('MARK-MASQ'));
    const out = new Map<string, number>();
    let remaining = 1;
    for (const r of svcRules) {
      const p = /--probability (\S+)/.exec(r);
      const share = remaining * (p ? Number(p[1]) : 1);
      remaining -= share;
      const sep = this.chains.get('nat')!.get(r.split('-j ')[1]);
      if (!sep) throw new Error(`jump to missing chain in ${r}`);
      const dnat = sep.find((x) => x.includes('DNAT'))!;
      out.set(/--to-destination (\S+)/.exec(dnat)![1], share);
    }
    return out;
  }
}

describe('iptables render', () => {
  it('probabilities are 1/n, 1/(n-1), … so each backend gets an equal share', () => {
    expect([0, 1, 2].map((i) => probability(i, 3))).toEqual(['0.3333333333', '0.5000000000', '1.0000000000']);
    const t = new IptTracer();
    t.apply(renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11', '198.18.2.12'])), 4, opts).text);
    const shares = t.trace('198.19.250.1', 80) as Map<string, number>;
    expect([...shares.keys()]).toEqual(['198.18.2.10:8080', '198.18.2.11:8080', '198.18.2.12:8080']);
    for (const s of shares.values()) expect(s).toBeCloseTo(1 / 3, 6);
  });

  it('a backend change rewrites only that service chain and the new/old endpoint chains', () => {
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const other = svc('198.19.250.2', 80, 'tcp', ['198.18.2.20']);
    const t = new IptTracer();
    const prev = table(a, other);
    t.apply(renderFull(prev, 4, opts).text);
    const b = svc('198.19.250.1', 80, 'tcp', ['198.18.2.11', '198.18.2.12']);
    const cur = table(b, other);
    const delta = renderDelta(diffTables(prev, cur), cur, 4, opts);
    expect(delta.chains.sort()).toEqual([svcChain(b), sepChain(b, b.backends[1]), sepChain(a, a.backends[0])].sort());
    expect(delta.text).not.toContain(SERVICES);
    t.apply(delta.text);
    expect([...(t.trace('198.19.250.1', 80) as Map<string, number>).keys()]).toEqual(['198.18.2.11:8080', '198.18.2.12:8080']);
    expect(t.trace('198.19.250.2', 80)).toBeInstanceOf(Map);
  });

  it('scale to zero rejects, back to one dispatches, removal leaves only the fixed chains', () => {
    const t = new IptTracer();
    let prev = table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10']));
    t.apply(renderFull(prev, 4, opts).text);
    for (const [bs, want] of [[[], 'reject'], [['198.18.2.13'], 'map']] as const) {
      const cur = table(svc('198.19.250.1', 80, 'tcp', [...bs]));
      t.apply(renderDelta(diffTables(prev, cur), cur, 4, opts).text);
      const got = t.trace('198.19.250.1', 80);
      expect(want === 'map' ? got instanceof Map : got).toBe(want === 'map' ? true : 'reject');
      prev = cur;
    }
    t.apply(renderDelta(diffTables(prev, table()), table(), 4, opts).text);
    expect(t.trace('198.19.250.1', 80)).toBe('pass');
    expect([...t.chains.get('nat')!.keys()].sort()).toEqual(['MARINA-MARK-MASQ', 'MARINA-POSTROUTING', 'MARINA-SERVICES']);
  });

  it('full sync deletes stale MARINA chains it finds', () => {
    const text = renderFull(table(), 4, opts, ['MARINA-SVC-OLD', 'MARINA-SERVICES']).text;
    expect(text).toContain('-X MARINA-SVC-OLD');
    expect(text).not.toContain('-X MARINA-SERVICES');
  });

  it('affinity uses recent with the timeout', () => {
    const text = renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11'], 600)), 4, opts).text;
    expect(text.match(/--rcheck --seconds 600 --reap/g)).toHaveLength(2);
    expect(text.match(/-m recent --name MARINA-SEP-\S+ --set/g)).toHaveLength(2);
  });

  it('an endpoint chain is named after its service chain, within iptables\' 28 characters', () => {
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const b = svc('198.19.250.2', 80, 'tcp', ['198.18.2.10']);
    for (const s of [a, b]) {
      expect(svcChain(s)).toMatch(/^MARINA-SVC-[A-Z0-9]{10}$/);
      for (const be of s.backends) {
        expect(sepChain(s, be).startsWith(`${svcChain(s)}-`)).toBe(true);
        expect(sepChain(s, be).length).toBeLessThanOrEqual(28);
        expect(groupOf(sepChain(s, be))).toBe(svcChain(s));
      }
    }
    expect(sepChain(a, a.backends[0])).not.toBe(sepChain(a, a.backends[1]));
    expect(sepChain(a, a.backends[0])).not.toBe(sepChain(b, b.backends[0]));
    expect(groupOf(SERVICES)).toBeUndefined();
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
    let table = '';
    for (const line of text.split('\n')) {
      if (line.startsWith('*')) {
        table = line.slice(1);
        list.length = 0; // one cache request per table
      } else if (table !== 'nat') continue;
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
    ['a VIP added (MARINA-SERVICES rewritten)', () => {
      const prev = syntheticTable(2000, 3);
      const cur = new Map(prev);
      const added = svc('198.18.250.9', 80, 'tcp', ['198.18.2.10']);
      cur.set(added.key, added);
      return renderDelta(diffTables(prev, cur), cur, 4, opts).text;
    }],
  ])('%s: the sorted chain-name list is walked a few steps per mention, not through every chain', (_, batch) => {
    const { steps, mentions } = listWalk(batch());
    expect(mentions).toBeGreaterThan(2000);
    expect(steps / mentions).toBeLessThan(8);
  });

  it('the same lines in ascending name order walk hundreds of steps per mention (what the order avoids)', () => {
    const lines = renderFull(syntheticTable(500, 3), 4, opts).text.split('\n');
    const body = lines.filter((l) => /^[:-]/.test(l)).sort();
    const { steps, mentions } = listWalk(['*nat', ...body, 'COMMIT'].join('\n'));
    expect(steps / mentions).toBeGreaterThan(100);
  });

  it('a full resync replaces the earlier layout\'s chains, each flushed before it is deleted and deleted after nothing jumps to it', () => {
    const t = new IptTracer();
    const old = ['*nat', ':MARINA-SERVICES - [0:0]', ':MARINA-SVC-OLDSERVICE0000 - [0:0]', ':MARINA-SEP-OLDENDPOINT0000 - [0:0]', ':MARINA-MARK-MASQ - [0:0]',
      '-A MARINA-SERVICES -d 198.19.250.1/32 -p tcp -m tcp --dport 80 -j MARINA-SVC-OLDSERVICE0000',
      '-A MARINA-SVC-OLDSERVICE0000 -j MARINA-SEP-OLDENDPOINT0000', '-A MARINA-SEP-OLDENDPOINT0000 -s 198.18.2.10/32 -j MARINA-MARK-MASQ', 'COMMIT'];
    t.apply(old.join('\n'));
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const stale = svc('198.19.250.1', 80, 'tcp', ['198.18.2.12']);
    t.apply(renderFull(table(stale), 4, opts, [...t.chains.get('nat')!.keys()]).text);
    const full = renderFull(table(a), 4, opts, [...t.chains.get('nat')!.keys()]);
    expect(full.deleted.sort()).toEqual([sepChain(stale, stale.backends[0])]);
    t.apply(full.text);
    expect([...t.chains.get('nat')!.keys()].sort()).toEqual(['MARINA-MARK-MASQ', 'MARINA-POSTROUTING', 'MARINA-SERVICES', svcChain(a), ...a.backends.map((b) => sepChain(a, b))].sort());
    expect([...(t.trace('198.19.250.1', 80) as Map<string, number>).keys()]).toEqual(['198.18.2.10:8080', '198.18.2.11:8080']);
  });

  it('removing a service deletes its endpoint chains before its service chain', () => {
    const a = svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']);
    const t = new IptTracer();
    t.apply(renderFull(table(a), 4, opts).text);
    const delta = renderDelta(diffTables(table(a), table()), table(), 4, opts);
    const deletes = delta.text.split('\n').filter((l) => l.startsWith('-X '));
    expect(deletes.at(-1)).toBe(`-X ${svcChain(a)}`);
    expect(deletes).toHaveLength(3);
    t.apply(delta.text);
    expect(t.trace('198.19.250.1', 80)).toBe('pass');
  });

  it('only the MARINA-SERVICES rules carry the comment naming the apps and the VIP', () => {
    const text = renderFull(table(svc('198.19.250.1', 80, 'tcp', ['198.18.2.10', '198.18.2.11']), svc('198.19.250.2', 53, 'udp', [])), 4, opts).text;
    const commented = text.split('\n').filter((l) => l.includes('--comment'));
    expect(commented).toHaveLength(2);
    for (const l of commented) expect(l).toMatch(/^-A MARINA-SERVICES -m comment --comment "\/web 198\.19\.250\.[12]:(80\/tcp|53\/udp)"/);
  });

  it('nft list chains: the names of one table only', () => {
    const listing = ['table ip filter {', '\tchain MARINA-SERVICES {', '\t}', '}', 'table ip nat {', '\tchain PREROUTING {', '\t\ttype nat hook prerouting priority dstnat; policy accept;', '\t}', '\tchain MARINA-SVC-ABCDEFGHIJ {', '\t}', '}'].join('\n');
    expect(nftChainNames(listing, 'nat')).toEqual(['PREROUTING', 'MARINA-SVC-ABCDEFGHIJ']);
    expect(nftChainNames(listing, 'filter')).toEqual(['MARINA-SERVICES']);
  });
});
