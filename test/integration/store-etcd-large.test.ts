/**
 * The etcd store with a prefix larger than any one gRPC message may be:
 * `range` pages (shrinking a page that is still too large) and a watch from
 * an old revision gets etcd's fragmented responses reassembled, with every
 * event exactly once, in order (issue 13, item 2). 48 values of 1 MiB, two
 * per revision: over the client's 32 MiB message limit in one range, and
 * fragments of etcd's 3 MiB request limit that end inside a revision.
 */
import type { WatchEvent, WatchItem } from '../../lib/store/contract';
import { EtcdStore } from '../../lib/store/etcd/etcd-store';
import { waitUntil } from '../helpers/_children';
import { startEtcd, type EtcdHandle } from '../helpers/etcd';

jest.setTimeout(120_000);

const N = 48;
const MiB = 1024 * 1024;

let etcd: EtcdHandle;
let store: EtcdStore;

beforeAll(async () => {
  etcd = await startEtcd({ extraArgs: ['--max-request-bytes', String(3 * MiB)] });
  store = await EtcdStore.open({ endpoints: [etcd.endpoint] });
});

afterAll(async () => {
  await store?.close();
  await etcd?.destroy();
});

const value = (i: number) => `${i}:`.padEnd(MiB, String.fromCharCode(97 + (i % 26)));

test('a 48 MiB prefix: one paged range and a fragmented watch backfill, each key exactly once', async () => {
  const first = (await store.currentRevision()) + 1;
  // two keys per txn: 2 MiB revisions, cut by 3 MiB fragments
  for (let i = 0; i < N; i += 2) {
    await store.txn({ compares: [], success: [i, i + 1].map((k) => ({ type: 'put' as const, key: `/big/${String(k).padStart(3, '0')}`, value: value(k) })) });
  }
  const res = await store.range('/big/');
  expect(res.kvs.map((kv) => kv.key)).toEqual(Array.from({ length: N }, (_, i) => `/big/${String(i).padStart(3, '0')}`));
  expect(res.kvs.every((kv, i) => kv.value === value(i))).toBe(true);
  expect(res.revision).toBe(first + N / 2 - 1);
  expect((await store.range('/big/', { limit: 5 })).kvs).toHaveLength(5);

  const events: WatchEvent[] = [];
  const revisions: number[] = [];
  const w = await store.watch(
    '/big/',
    (item: WatchItem) => {
      if (item.type !== 'events') throw new Error(`unexpected ${item.type}`);
      revisions.push(item.revision);
      events.push(...item.events);
    },
    { fromRevision: first },
  );
  try {
    await waitUntil(`${N} events`, async () => events.length >= N, 60_000);
    expect(events.map((e) => e.key)).toEqual(res.kvs.map((kv) => kv.key));
    expect(events.every((e, i) => e.value === value(i))).toBe(true);
    // whole revisions only: both puts of a txn arrive in the same item
    for (let i = 0; i < N; i += 2) expect(events[i].revision).toBe(events[i + 1].revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
  } finally {
    await w.cancel();
  }
});
