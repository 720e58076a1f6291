import { FeedFreshness } from './freshness';

describe('FeedFreshness', () => {
  test('nothing heard yet: not connected, every age null', () => {
    expect(new FeedFreshness(() => 0).report()).toEqual({ connected: false, ageSeconds: null, lastSnapshotAgeSeconds: null, lastBatchAgeSeconds: null, lastKeepAliveAgeSeconds: null });
  });

  test('ages count from each kind of message; the overall age from the latest; a broken stream keeps the ages', () => {
    let now = 1_000;
    const f = new FeedFreshness(() => now);
    f.heard('snapshot');
    now = 3_000;
    f.heard('batch');
    now = 4_500;
    f.heard('keepAlive');
    now = 5_000;
    expect(f.report()).toEqual({ connected: true, ageSeconds: 0.5, lastSnapshotAgeSeconds: 4, lastBatchAgeSeconds: 2, lastKeepAliveAgeSeconds: 0.5 });
    f.lost();
    now = 15_000;
    expect(f.report()).toMatchObject({ connected: false, ageSeconds: 10.5, lastSnapshotAgeSeconds: 14 });
    f.heard('snapshot');
    expect(f.report()).toMatchObject({ connected: true, ageSeconds: 0, lastSnapshotAgeSeconds: 0, lastBatchAgeSeconds: 12 });
  });
});
