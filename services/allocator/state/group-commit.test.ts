import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { absent, type Store } from '../../../lib/store/contract';
import { openStore } from '../../../lib/store/open';
import { GroupCommitter } from './group-commit';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marina-gc-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const create = (key: string, value = 'v') => ({ compares: [absent(key)], success: [{ type: 'put' as const, key, value }] });

test('concurrent transactions are merged; a failed merge gives every part its own outcome', async () => {
  await store.put('/t/taken', 'x');
  const sends: number[] = [];
  const gc = new GroupCommitter(store, 128, 1, (n) => sends.push(n));
  const [a, b, c] = await Promise.all([gc.txn(create('/t/a')), gc.txn(create('/t/b')), gc.txn(create('/t/taken', 'y'))]);
  // a went alone; b and c were merged, failed on c's compare, then re-run one by one
  expect(sends).toEqual([1, 2, 1, 1]);
  expect([a.succeeded, b.succeeded, c.succeeded]).toEqual([true, true, false]);
  expect((await store.get('/t/b'))?.value).toBe('v');
  expect((await store.get('/t/taken'))?.value).toBe('x');
});

test('merged parts commit atomically at one revision; overlapping keys and oversize groups stay apart', async () => {
  const sends: number[] = [];
  const gc = new GroupCommitter(store, 4, 1, (n) => sends.push(n));
  const results = await Promise.all([
    gc.txn(create('/t/0')),
    gc.txn(create('/t/1')),
    gc.txn(create('/t/2')),
    gc.txn(create('/t/1', 'again')), // same key as a queued part: not in its group
    gc.txn({ compares: [], success: ['/t/5', '/t/6', '/t/7'].map((key) => ({ type: 'put' as const, key, value: 'v' })) }),
  ]);
  expect(results.map((r) => r.succeeded)).toEqual([true, true, true, false, true]);
  expect(results[1].revision).toBe(results[2].revision);
  // /t/0 alone; then /t/1 + /t/2 (the second /t/1 shares a key, the 3-put part would exceed 4 ops); then those two together
  expect(sends.slice(0, 2)).toEqual([1, 2]);
  expect((await store.get('/t/1'))?.value).toBe('v');
  expect((await store.get('/t/7'))?.value).toBe('v');
});
