import { serviceClient, type WatchMessageMsg } from '../../../../lib/client/grpc-proto';
import type { StateView, ViewChange } from '../../state/view';
import { CHUNK_BYTES, SnapshotCache } from './watch-encoding';

const def = serviceClient('Watch').service.Watch;
const encode = (m: WatchMessageMsg) => def.responseSerialize(m);
const decode = (b: Buffer) => def.responseDeserialize(b) as WatchMessageMsg;

function fakeView(changes: ViewChange[]) {
  let calls = 0;
  const view = { revision: 7, snapshotChanges: () => (calls++, changes) } as unknown as StateView;
  return { view, calls: () => calls };
}

const change = (id: string, bytes: number, agentId?: string): ViewChange => ({ kind: agentId ? 'task' : 'app', op: 'put', id, valueJson: JSON.stringify({ pad: 'x'.repeat(bytes) }), revision: 1, agentId });

function chunksOf(cache: SnapshotCache, agentId = '') {
  const snap = cache.acquire(agentId, false);
  const out: WatchMessageMsg[] = [];
  for (let i = 0, b = snap.chunk(0); b; b = snap.chunk(++i)) out.push(decode(b));
  snap.release();
  return out;
}

describe('SnapshotCache', () => {
  test('cuts a snapshot into chunks of at most CHUNK_BYTES, a big object alone, more on all but the last', () => {
    const { view } = fakeView([...Array.from({ length: 40 }, (_, i) => change(`a${i}`, 20_000)), change('big', 3 * CHUNK_BYTES), change('z', 10)]);
    const msgs = chunksOf(new SnapshotCache(view, encode));
    expect(msgs.length).toBeGreaterThan(3);
    expect(msgs.map((m) => m.snapshot!.more)).toEqual([...msgs.slice(1).map(() => true), false]);
    expect(msgs.every((m) => m.revision === 7)).toBe(true);
    expect(msgs.flatMap((m) => m.snapshot!.objects.map((o) => o.id))).toEqual([...Array.from({ length: 40 }, (_, i) => `a${i}`), 'big', 'z']);
    expect(msgs.find((m) => m.snapshot!.objects.some((o) => o.id === 'big'))!.snapshot!.objects).toHaveLength(1);
  });

  test('an empty state is one final chunk', () => {
    const msgs = chunksOf(new SnapshotCache(fakeView([]).view, encode));
    expect(msgs).toEqual([expect.objectContaining({ revision: 7, snapshot: expect.objectContaining({ objects: [], more: false }) })]);
  });

  test('streams at the same revision and filter share one encoding; the last release frees it', () => {
    const f = fakeView([change('a', 10), change('t1', 10, 'agent-1'), change('t2', 10, 'agent-2')]);
    const cache = new SnapshotCache(f.view, encode);
    const s1 = cache.acquire('', false);
    const s2 = cache.acquire('', false);
    expect(s2).toBe(s1);
    expect(s1.chunk(0)).toBe(s2.chunk(0));
    const mine = cache.acquire('agent-1', false);
    expect(decode(mine.chunk(0)!).snapshot!.objects.map((o) => o.id)).toEqual(['a', 't1']);
    expect([cache.size, f.calls()]).toEqual([2, 2]);
    s1.release();
    s2.release();
    mine.release();
    expect(cache.size).toBe(0);
    cache.acquire('', false).release();
    expect(f.calls()).toBe(3);
  });
});

describe('SnapshotCache.batch', () => {
  test('one encoding per filter for the batch being dispatched; filtered-out batches are undefined', () => {
    const cache = new SnapshotCache(fakeView([]).view, encode);
    const b1 = { revision: 9, changes: [change('t1', 5, 'agent-1')] };
    const all = cache.batch(b1, '');
    expect(cache.batch(b1, '')).toBe(all);
    expect(decode(all!).batch!.changes.map((c) => c.id)).toEqual(['t1']);
    expect(cache.batch(b1, 'agent-2')).toBeUndefined();
    const b2 = { revision: 10, changes: [change('a', 5)] };
    expect(decode(cache.batch(b2, 'agent-2')!).revision).toBe(10);
    expect(cache.batch(b1, '')).not.toBe(all); // only the latest batch is remembered
  });
});
