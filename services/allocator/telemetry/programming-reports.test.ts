import { ProgrammingReports, parseReport } from './programming-reports';

describe("the allocator's reports", () => {
  const summary = { count: 4, sum: 0.2, buckets: [{ le: 0.05, count: 3 }, { le: 0.1, count: 4 }, { le: null, count: 4 }] };
  const json = JSON.stringify(summary);

  test('422 naming a bad component or host', () => {
    expect(() => parseReport({ component: 'kube-proxy', host: 'h1', summaryJson: json })).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/component' })] }));
    expect(() => parseReport({ component: 'dns', host: '-x', summaryJson: json })).toThrow(expect.objectContaining({ details: [expect.objectContaining({ path: '/host' })] }));
  });

  test('the latest per component, host and reporter, with p50/p99; stale ones dropped', () => {
    let now = Date.parse('2026-12-04T09:00:00Z');
    const reports = new ProgrammingReports(() => now);
    const lb = { name: 'token:aaaa1111', role: 'viewer' as const, via: 'token' as const };
    reports.record(lb, parseReport({ component: 'lb', host: 'h2', summaryJson: json }));
    reports.record(lb, parseReport({ component: 'lb', host: 'h1', summaryJson: JSON.stringify({ ...summary, count: 1, buckets: [{ le: 0.05, count: 1 }, { le: null, count: 1 }] }) }));
    now += 1000;
    reports.record(lb, parseReport({ component: 'lb', host: 'h1', summaryJson: json }));
    // another reporter claiming the same host does not overwrite it
    reports.record({ name: 'token:bbbb2222', role: 'viewer', via: 'token' }, parseReport({ component: 'lb', host: 'h1', summaryJson: JSON.stringify({ count: 0, sum: 0, buckets: [] }) }));
    const list = reports.list();
    expect(list.map((r) => [r.host, r.reporter, r.count])).toEqual([['h1', 'token:aaaa1111', 4], ['h1', 'token:bbbb2222', 0], ['h2', 'token:aaaa1111', 4]]);
    expect(list[0]).toMatchObject({ component: 'lb', sumSeconds: 0.2, updatedAt: '2026-12-04T09:00:01.000Z' });
    expect(list[0]!.p50Seconds).toBeCloseTo(0.05 * (2 / 3), 9);
    expect(list[0]!.p99Seconds).toBeCloseTo(0.05 + 0.05 * 0.96, 9);
    expect(list[1]!.p50Seconds).toBeUndefined();
    now += 10 * 60_000;
    expect(reports.list().map((r) => r.host)).toEqual(['h1', 'h1']);
  });
});
