import { Registry } from '../metrics';
import { programmingHistogram } from './programming-latency';
import { parseSummary, quantile, summarize } from './programming-summary';

describe('a programming-latency summary', () => {
  test('read from the histogram as /metrics has it; p50/p99 estimated as histogram_quantile does', async () => {
    const h = programmingHistogram('marina_test_programming_duration_seconds', 'test', new Registry());
    for (const s of [0.003, 0.004, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.7]) h.observe(s);
    const s = await summarize(h);
    expect(s.count).toBe(10);
    expect(s.sum).toBeCloseTo(0.847, 6);
    expect(s.buckets.at(-1)).toEqual({ le: null, count: 10 });
    expect(s.buckets.find((b) => b.le === 0.025)).toEqual({ le: 0.025, count: 9 });
    // the 5th of 10 is in (0.01, 0.025], which holds 7 (3rd..9th): 0.01 + 0.015 * (5 - 2) / 7
    expect(quantile(s, 0.5)).toBeCloseTo(0.01 + (0.015 * 3) / 7, 9);
    // the 9.9th is in (0.5, 1]: 0.5 + 0.5 * 0.9
    expect(quantile(s, 0.99)).toBeCloseTo(0.95, 9);
    // round-trips through the wire's JSON (+Inf as null)
    expect(parseSummary(JSON.stringify(s))).toEqual(s);
    expect(quantile({ count: 0, sum: 0, buckets: [{ le: null, count: 0 }] }, 0.5)).toBeUndefined();
    // beyond the last finite bound: that bound
    expect(quantile({ count: 2, sum: 90, buckets: [{ le: 30, count: 0 }, { le: null, count: 2 }] }, 0.5)).toBe(30);
  });

  test.each([
    ['{', '/summaryJson'],
    [JSON.stringify({ count: -1, sum: 0, buckets: [] }), '/summaryJson/count'],
    [JSON.stringify({ count: 1, sum: 'x', buckets: [] }), '/summaryJson/sum'],
    [JSON.stringify({ count: 1, sum: 1, buckets: [{ le: 2, count: 1 }, { le: 1, count: 1 }] }), '/summaryJson/buckets/1'],
    [JSON.stringify({ count: 1, sum: 1, buckets: [{ le: null, count: 1 }, { le: 1, count: 1 }] }), '/summaryJson/buckets/0'],
    [JSON.stringify({ count: 1, sum: 1, buckets: Array.from({ length: 65 }, (_, i) => ({ le: i + 1, count: 1 })) }), '/summaryJson/buckets'],
  ])('%s → 422 at %s', (text, path) => {
    expect(() => parseSummary(text)).toThrow(expect.objectContaining({ httpStatus: 422, details: [expect.objectContaining({ path })] }));
  });
});
