import { L4Balancer, sourceHash } from './balancer';

const bs = ['198.18.2.11', '198.18.2.12', '198.18.2.13'].map((ip, i) => ({ ip, port: 8080, taskId: `t${i}` }));

describe('L4Balancer policies', () => {
  it('roundrobin cycles through the backends in order', () => {
    const b = new L4Balancer(undefined, Date.now, 'roundrobin');
    b.update(bs, undefined);
    expect([0, 1, 2, 3, 4, 5].map(() => b.pick('198.18.9.1')!.ip)).toEqual([...bs, ...bs].map((x) => x.ip));
  });

  it('leastconn counts dials in flight and skips failed backends', () => {
    const b = new L4Balancer(undefined, Date.now, 'leastconn');
    b.update(bs, undefined);
    const first = b.pick('c')!;
    b.begin(first);
    const second = b.pick('c')!;
    expect(second.ip).not.toBe(first.ip);
    b.begin(second);
    b.closed(first, true);
    expect(b.members().find((m) => m.ip === first.ip)).toMatchObject({ active: 0, errors: 1, total: 0 });
    expect(b.pick('c', new Set([`${first.ip}:8080`]))!.ip).not.toBe(first.ip);
  });

  it('source keeps a client on one backend and spreads clients', () => {
    const b = new L4Balancer(undefined, Date.now, 'source');
    b.update(bs, undefined);
    const seen = new Set<string>();
    for (let c = 1; c <= 60; c++) {
      const ip = `198.18.9.${c}`;
      const a = b.pick(ip)!.ip;
      expect(b.pick(ip)!.ip).toBe(a);
      seen.add(a);
    }
    expect(seen.size).toBe(3);
    expect(sourceHash('198.18.9.1')).toBe(sourceHash('198.18.9.1'));
  });

  it('keeps counters of a removed backend until its connections close', () => {
    const b = new L4Balancer(undefined);
    b.update(bs, undefined);
    b.begin(bs[0]);
    b.connected(bs[0]);
    b.update(bs.slice(1), undefined);
    expect(b.stats.get('198.18.2.11:8080')).toMatchObject({ active: 1, total: 1 });
    b.closed(bs[0]);
    expect(b.stats.has('198.18.2.11:8080')).toBe(false);
  });
});
