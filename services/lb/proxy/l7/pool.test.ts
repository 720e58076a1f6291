import { BackendPool } from './pool';

const bs = [{ ip: '198.18.2.1', port: 1 }, { ip: '198.18.2.2', port: 2 }, { ip: '198.18.2.3', port: 3 }];

describe('BackendPool', () => {
  afterEach(() => undefined);
  it('round-robins over members', () => {
    const p = new BackendPool('roundrobin');
    p.update(bs, 'roundrobin');
    expect([0, 1, 2, 3].map(() => p.pick()!.port)).toEqual([1, 2, 3, 1]);
    p.close();
  });
  it('least-connections picks the member with fewest active requests', () => {
    const p = new BackendPool('leastconn');
    p.update(bs, 'leastconn');
    const a = p.pick()!;
    p.begin(a);
    const b = p.pick()!;
    p.begin(b);
    expect(p.pick()!.port).toBe(3);
    p.close();
  });
  it('ejects a member after consecutive connect failures, keeps it when it is all that is left', () => {
    const p = new BackendPool('roundrobin', 2, 60_000);
    p.update(bs.slice(0, 2), 'roundrobin');
    const m = p.members[0];
    for (let i = 0; i < 2; i++) (p.begin(m), p.end(m, 'connect-failed'));
    expect(new Set([0, 1, 2, 3].map(() => p.pick()!.port))).toEqual(new Set([2]));
    expect(p.pick(new Set(['198.18.2.2:2']))!.port).toBe(1);
    p.close();
  });
  it('drains: a removed member keeps its in-flight request and gets no new ones', () => {
    const p = new BackendPool('roundrobin');
    p.update(bs, 'roundrobin');
    const m = p.members[0];
    p.begin(m);
    p.update(bs.slice(1), 'roundrobin');
    expect(m.draining).toBe(true);
    expect([0, 1, 2].map(() => p.pick()!.port)).not.toContain(1);
    p.end(m, true);
    p.close();
  });
});

describe('BackendPool.end', () => {
  it('counts relayed responses and errors; a client that went away is neither', () => {
    const p = new BackendPool('roundrobin');
    p.update(bs.slice(0, 1), 'roundrobin');
    const m = p.members[0];
    for (const ok of [true, true, false, 'aborted'] as const) (p.begin(m), p.end(m, ok));
    expect([m.active, m.requests, m.errors, m.failures]).toEqual([0, 2, 1, 0]);
    p.close();
  });
});
