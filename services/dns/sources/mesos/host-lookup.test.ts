import { HostResolver, namesToResolve, type HostLookup } from './host-lookup';

const LIMITS = { concurrency: 2, timeoutMs: 50, budgetMs: 10_000 };

/** A resolver that answers from a table and records what it was asked; `never` names never answer. */
function table(answers: Record<string, string[] | 'fail' | 'never'>): HostLookup & { asked: string[] } {
  const asked: string[] = [];
  const fn = (async (host: string) => {
    asked.push(host);
    const a = answers[host];
    if (a === undefined || a === 'fail') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    if (a === 'never') return new Promise<string[]>(() => undefined);
    return a;
  }) as HostLookup & { asked: string[] };
  fn.asked = asked;
  return fn;
}

describe('namesToResolve', () => {
  it('lists the host names (not IP literals) of agents and frameworks once, the PID host before the hostname', () => {
    expect(
      namesToResolve({
        leader: 'master@198.18.0.1:5050',
        slaves: [
          { id: 'S1', pid: 'slave(1)@agent-1.example.org:5051', hostname: 'ignored.example.org' },
          { id: 'S2', pid: 'slave(1)@198.18.0.12:5051', hostname: 'agent-2.example.org' },
          { id: 'S3', hostname: 'agent-3.example.org' },
        ],
        frameworks: [
          { name: 'm', pid: 'scheduler(1)@[2001:db8::1]:25501' },
          { name: 'h', hostname: 'sched.example.org' },
          { name: 'h2', hostname: 'agent-1.example.org' },
        ],
      }),
    ).toEqual(['agent-1.example.org', 'agent-3.example.org', 'sched.example.org']);
  });
});

describe('HostResolver', () => {
  it('keeps the first IPv4 and the first IPv6 of each answer; a failed name has no addresses', async () => {
    const r = new HostResolver(table({ 'a.example.org': ['2001:db8::5', '198.18.0.5', '198.18.0.6'], 'b.example.org': 'fail' }), LIMITS);
    expect(await r.resolve(['a.example.org', 'b.example.org'])).toEqual(new Map([['a.example.org', ['198.18.0.5', '2001:db8::5']]]));
  });

  it('keeps the previous answer of a name whose lookup now fails or does not answer in time', async () => {
    const answers: Record<string, string[] | 'fail' | 'never'> = { 'a.example.org': ['198.18.0.5'], 'b.example.org': ['198.18.0.6'] };
    const r = new HostResolver(table(answers), LIMITS);
    await r.resolve(['a.example.org', 'b.example.org']);
    answers['a.example.org'] = 'fail';
    answers['b.example.org'] = 'never';
    expect(await r.resolve(['a.example.org', 'b.example.org'])).toEqual(new Map([['a.example.org', ['198.18.0.5']], ['b.example.org', ['198.18.0.6']]]));
    // A name no longer in the document is forgotten.
    expect(await r.resolve([])).toEqual(new Map());
    expect(await r.resolve(['a.example.org'])).toEqual(new Map());
  });

  it('stops looking up once the budget is spent, and asks each name once per read', async () => {
    const lookup = table({ 'a.example.org': ['198.18.0.5'] });
    expect(await new HostResolver(lookup, { ...LIMITS, budgetMs: -1 }).resolve(['a.example.org'])).toEqual(new Map());
    expect(lookup.asked).toEqual([]);
    await new HostResolver(lookup, LIMITS).resolve(['a.example.org', 'x.example.org', 'y.example.org']);
    expect(lookup.asked.sort()).toEqual(['a.example.org', 'x.example.org', 'y.example.org']);
  });
});
