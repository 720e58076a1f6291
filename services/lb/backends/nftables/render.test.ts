import type { Backend, VipService, VipTable } from '../../model/vip-table';
import { serviceKey } from '../../model/vip-table';
import { diffTables } from '../../sync/tracker';
import { renderDelta, renderFull, type NftRenderOptions } from './render';
import { NftTracer } from './testing/tracer';

const opts: NftRenderOptions = { clusterCidrs: ['198.18.0.0/15'], masqueradeAll: false };

function svc(ip: string, port: number, proto: 'tcp' | 'udp', backends: Array<[string, number]>, affinitySeconds?: number): VipService {
  const bs: Backend[] = backends.map(([bip, bport], i) => ({ ip: bip, port: bport, taskId: `t${i}` }));
  return { key: serviceKey(ip, port, proto), ip, port, proto, family: ip.includes(':') ? 6 : 4, appIds: ['/web'], backends: bs, affinitySeconds };
}

function table(...svcs: VipService[]): VipTable {
  return new Map(svcs.map((s) => [s.key, s]));
}

describe('nftables render', () => {
  const web = svc('198.19.250.1', 80, 'tcp', [['198.18.2.10', 8080], ['198.18.2.11', 8080], ['198.18.2.12', 8080]]);
  const dns = svc('198.19.250.2', 53, 'udp', [['198.18.2.20', 5353]]);
  const empty = svc('198.19.250.3', 80, 'tcp', []);

  it.each([
    ['tcp VIP → its three backends', '198.19.250.1', 'tcp', 80, { kind: 'dnat', candidates: ['198.18.2.10:8080', '198.18.2.11:8080', '198.18.2.12:8080'] }],
    ['udp VIP → its backend', '198.19.250.2', 'udp', 53, { kind: 'dnat', candidates: ['198.18.2.20:5353'] }],
    ['udp to a tcp VIP passes', '198.19.250.1', 'udp', 80, { kind: 'pass' }],
    ['no backends → reject', '198.19.250.3', 'tcp', 80, { kind: 'reject' }],
    ['unknown address passes', '198.19.250.9', 'tcp', 80, { kind: 'pass' }],
  ] as const)('full: %s', (_name, ip, proto, port, want) => {
    const t = new NftTracer();
    t.apply(renderFull(table(web, dns, empty), opts).batch);
    expect(t.trace(ip, proto, port)).toEqual(want);
  });

  it('delta: scale 3 → 2 → 0 → 1 writes only changes and traces right at each step', () => {
    const t = new NftTracer();
    let prev = table(web, dns);
    let r = renderFull(prev, opts);
    t.apply(r.batch);
    const steps: Array<Array<[string, number]>> = [[['198.18.2.10', 8080], ['198.18.2.12', 8080]], [], [['198.18.2.13', 8080]]];
    for (const bs of steps) {
      const cur = table(svc('198.19.250.1', 80, 'tcp', bs), dns);
      r = renderDelta(diffTables(prev, cur), prev, cur, r.state, opts);
      expect(r.batch).not.toContain('198.19.250.2'); // the untouched udp service is not rewritten
      expect(r.batch).not.toContain('delete table');
      t.apply(r.batch);
      const want = bs.length === 0 ? { kind: 'reject' } : { kind: 'dnat', candidates: bs.map(([ip, p]) => `${ip}:${p}`) };
      expect(t.trace('198.19.250.1', 'tcp', 80)).toEqual(want);
      prev = cur;
    }
    expect(t.maps.get('hairpin4')?.has('198.18.2.11 . 198.18.2.11')).toBe(false);
    expect(t.maps.get('hairpin4')?.has('198.18.2.13 . 198.18.2.13')).toBe(true);
  });

  it('delta adds a pick chain when a service grows past every other', () => {
    const t = new NftTracer();
    const prev = table(dns);
    const r = renderFull(prev, opts);
    t.apply(r.batch);
    const cur = table(dns, web);
    t.apply(renderDelta(diffTables(prev, cur), prev, cur, r.state, opts).batch);
    expect(t.trace('198.19.250.1', 'tcp', 80)).toMatchObject({ kind: 'dnat' });
  });

  it('removing a service leaves no element behind', () => {
    const t = new NftTracer();
    const prev = table(web, empty);
    const r = renderFull(prev, opts);
    t.apply(r.batch);
    const cur = table();
    t.apply(renderDelta(diffTables(prev, cur), prev, cur, r.state, opts).batch);
    for (const [name, els] of t.maps) expect([name, els.size]).toEqual([name, 0]);
  });

  it('affinity services get their own chains with a timeout set per backend', () => {
    const aff = svc('198.19.250.5', 80, 'tcp', [['198.18.2.10', 80], ['198.18.2.11', 80]], 600);
    const { batch } = renderFull(table(aff), opts);
    const t = new NftTracer();
    t.apply(batch);
    expect(t.trace('198.19.250.5', 'tcp', 80)).toMatchObject({ kind: 'affinity' });
    expect(batch).toMatch(/flags dynamic,timeout; timeout 600s;/);
    expect(batch.match(/update @aff-\S+ \{ ip saddr \}/g)).toHaveLength(2);
  });

  it('masquerades sources outside the cluster CIDRs, or all with masqueradeAll', () => {
    expect(renderFull(table(web), opts).batch).toContain('ip saddr != { 198.18.0.0/15 } jump mark-for-masquerade');
    expect(renderFull(table(web), { clusterCidrs: [], masqueradeAll: true }).batch).toMatch(/pick-3 meta nfproto ipv4 jump mark-for-masquerade/);
  });

  it('renders IPv6 VIPs into the ip6 maps', () => {
    const v6 = svc('fd00:198::1', 80, 'tcp', [['fd00:198::10', 80]]);
    const t = new NftTracer();
    t.apply(renderFull(table(v6), opts).batch);
    expect(t.trace('fd00:198::1', 'tcp', 80)).toEqual({ kind: 'dnat', candidates: ['fd00:198::10:80'] });
  });

  it.each([1, 3, 16])('a VIP with %i backends added after an empty full sync adds elements only (nft 1.0.6 refuses a pick chain added later)', (n) => {
    const full = renderFull(table(), opts);
    const added = svc('198.19.250.9', 80, 'tcp', Array.from({ length: n }, (_, i): [string, number] => [`198.18.2.${10 + i}`, 8080]));
    const delta = renderDelta(diffTables(table(), table(added)), table(), table(added), full.state, opts);
    expect(delta.batch).not.toMatch(/add chain/);
    const t = new NftTracer();
    t.apply(full.batch);
    t.apply(delta.batch);
    expect((t.trace('198.19.250.9', 'tcp', 80) as { candidates: string[] }).candidates).toHaveLength(n);
  });
});
