/**
 * The store contract suite: ONE set of tests that every Store implementation
 * passes (etcd, embedded, fake). Call describeStoreContract from a test file
 * with a factory that returns a fresh, empty store (and, for the race test,
 * a second client of the same store: for etcd a second connection; for the
 * embedded store, which one process owns, the same instance).
 */
import { isMarinaError } from '../../errors';
import { absent, type Compare, type Store, type WatchEvent, type WatchItem } from '../contract';

export interface StoreFixture {
  store: Store;
  /** A second client of the same data (may be `store` itself). */
  second: Store;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, fn: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Resolve with p, or reject after ms naming what did not happen (the timer is cleared either way). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Collects what a watch delivers. */
export class Recorder {
  readonly items: WatchItem[] = [];
  readonly handler = (item: WatchItem): void => {
    this.items.push(item);
  };
  get events(): WatchEvent[] {
    return this.items.flatMap((i) => (i.type === 'events' ? i.events : []));
  }
  /** type key=value@revision lines, for exact sequence assertions. */
  get lines(): string[] {
    return this.events.map((e) => `${e.type} ${e.key}=${e.type === 'put' ? e.value : ''}@${e.revision}`);
  }
  waitForRevision(rev: number, timeoutMs?: number): Promise<void> {
    return until(`watch to reach revision ${rev}`, () => this.items.some((i) => i.revision >= rev), timeoutMs);
  }
}

async function expectCode(p: Promise<unknown>, code: string, field?: RegExp): Promise<void> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(isMarinaError(err)).toBe(true);
  if (!isMarinaError(err)) return;
  expect(err.code).toBe(code);
  if (field) expect(JSON.stringify(err.toJSON())).toMatch(field);
}

export function describeStoreContract(name: string, makeStore: () => Promise<StoreFixture>): void {
  describe(`store contract: ${name}`, () => {
    let f: StoreFixture;
    let s: Store;
    beforeEach(async () => {
      f = await makeStore();
      s = f.store;
    });
    afterEach(async () => {
      await f?.cleanup();
    });

    describeBasics(() => s);
    describeTxn(() => s);
    it('two clients racing create-if-absent on 1,000 keys: each key is won exactly once', async () => {
      await raceCreateIfAbsent(f.store, f.second, 1000);
    }, 60_000);
    describeWatch(() => s);
    describeLeases(() => s);
  });
}

function describeBasics(store: () => Store): void {
  it('put/get/delete keep revisions, versions and create revisions', async () => {
    const s = store();
    const r1 = await s.put('/c/a', 'one');
    expect(r1).toBe(await s.currentRevision());
    expect(await s.get('/c/a')).toEqual({ key: '/c/a', value: 'one', createRevision: r1, modRevision: r1, version: 1 });
    const r2 = await s.put('/c/a', 'two');
    expect(r2).toBe(r1 + 1);
    expect(await s.get('/c/a')).toEqual({ key: '/c/a', value: 'two', createRevision: r1, modRevision: r2, version: 2 });
    const r3 = await s.delete('/c/a');
    expect(r3).toBe(r2 + 1);
    expect(await s.get('/c/a')).toBeUndefined();
    expect(await s.delete('/c/a')).toBe(r3); // deleting nothing writes nothing
    const r4 = await s.put('/c/a', 'again');
    expect((await s.get('/c/a'))?.createRevision).toBe(r4); // a new life: new create revision, version 1
    expect((await s.get('/c/a'))?.version).toBe(1);
  });

  it('range returns the prefix in key order, honours limit, and reports the revision', async () => {
    const s = store();
    for (const k of ['/r/b', '/r/a', '/r/c/x', '/rz', '/q']) await s.put(k, k.toUpperCase());
    const all = await s.range('/r/');
    expect(all.kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b', '/r/c/x']);
    expect(all.kvs[0].value).toBe('/R/A');
    expect(all.revision).toBe(await s.currentRevision());
    expect((await s.range('/r/', { limit: 2 })).kvs.map((kv) => kv.key)).toEqual(['/r/a', '/r/b']);
    expect((await s.range('/nothing/')).kvs).toEqual([]);
  });

  it('rejects an empty key naming the field', async () => {
    await expectCode(store().put('', 'x'), 'MARINA_ERR_INVALID', /"path":"key"/);
  });
}

function describeTxn(store: () => Store): void {
  it('txn compares on value, version, createRevision and modRevision', async () => {
    const s = store();
    const rev = await s.put('/t/k', 'm');
    await s.put('/t/k', 'n'); // version 2, createRevision rev, modRevision rev+1
    const cases: [Compare, boolean][] = [
      [{ key: '/t/k', target: 'value', op: '==', value: 'n' }, true],
      [{ key: '/t/k', target: 'value', op: '!=', value: 'n' }, false],
      [{ key: '/t/k', target: 'value', op: '<', value: 'o' }, true],
      [{ key: '/t/k', target: 'value', op: '>', value: 'o' }, false],
      [{ key: '/t/k', target: 'version', op: '==', value: 2 }, true],
      [{ key: '/t/k', target: 'version', op: '>', value: 2 }, false],
      [{ key: '/t/k', target: 'createRevision', op: '==', value: rev }, true],
      [{ key: '/t/k', target: 'createRevision', op: '<', value: rev }, false],
      [{ key: '/t/k', target: 'modRevision', op: '==', value: rev + 1 }, true],
      [{ key: '/t/k', target: 'modRevision', op: '!=', value: rev + 1 }, false],
      [absent('/t/k'), false],
      [absent('/t/missing'), true],
      [{ key: '/t/missing', target: 'version', op: '==', value: 0 }, true],
      [{ key: '/t/missing', target: 'value', op: '!=', value: 'x' }, false], // value compares on a missing key fail (etcd)
    ];
    for (const [c, want] of cases) {
      const res = await s.txn({ compares: [c], success: [{ type: 'get', key: '/t/k' }], failure: [] });
      expect({ c, succeeded: res.succeeded }).toEqual({ c, succeeded: want });
      expect(res.gets).toHaveLength(want ? 1 : 0);
    }
  });

  it('txn writes all of a branch at one revision, or nothing', async () => {
    const s = store();
    await s.put('/t/guard', 'g');
    const before = await s.currentRevision();
    const ok = await s.txn({
      compares: [absent('/t/x'), { key: '/t/guard', target: 'value', op: '==', value: 'g' }],
      success: [
        { type: 'put', key: '/t/x', value: '1' },
        { type: 'put', key: '/t/y', value: '2' },
        { type: 'delete', key: '/t/guard' },
        { type: 'get', key: '/t/x' },
      ],
      failure: [{ type: 'put', key: '/t/failed', value: 'f' }],
    });
    expect(ok.succeeded).toBe(true);
    expect(ok.revision).toBe(before + 1);
    expect(ok.gets[0]).toMatchObject({ key: '/t/x', value: '1', modRevision: before + 1 });
    expect((await s.get('/t/y'))?.modRevision).toBe(before + 1);
    expect(await s.get('/t/guard')).toBeUndefined();
    const lost = await s.txn({ compares: [absent('/t/x')], success: [{ type: 'put', key: '/t/x', value: 'again' }], failure: [{ type: 'get', key: '/t/x' }] });
    expect(lost.succeeded).toBe(false);
    expect(lost.revision).toBe(before + 1);
    expect(lost.gets[0]?.value).toBe('1');
    // A failing op (unknown lease) aborts the whole branch.
    await expectCode(
      s.txn({ compares: [], success: [{ type: 'put', key: '/t/z1', value: 'a' }, { type: 'put', key: '/t/z2', value: 'b', lease: '12345' }] }),
      'MARINA_ERR_LEASE_NOT_FOUND',
    );
    expect(await s.get('/t/z1')).toBeUndefined();
    expect(await s.currentRevision()).toBe(before + 1);
  });

  it('txn deletePrefix removes a subtree in one revision', async () => {
    const s = store();
    for (const k of ['/d/a', '/d/b/c', '/dz']) await s.put(k, 'v');
    const res = await s.txn({ compares: [], success: [{ type: 'deletePrefix', prefix: '/d/' }] });
    expect((await s.range('/d')).kvs.map((kv) => kv.key)).toEqual(['/dz']);
    expect(res.revision).toBe(await s.currentRevision());
  });

  it('rejects a malformed txn naming the field', async () => {
    const bad = { key: '/t/k', target: 'size', op: '==', value: 1 } as unknown as Compare;
    await expectCode(store().txn({ compares: [bad], success: [] }), 'MARINA_ERR_INVALID', /compares\[0\]/);
    await expectCode(store().txn({ compares: [{ key: '/t/k', target: 'version', op: '==', value: 'x' }], success: [] }), 'MARINA_ERR_INVALID', /compares\[0\]\.value/);
  });
}

async function raceCreateIfAbsent(a: Store, b: Store, n: number): Promise<void> {
  const keys = Array.from({ length: n }, (_, i) => `/race/${String(i).padStart(4, '0')}`);
  const wins = new Map<string, string[]>();
  const claim = async (client: Store, who: string, order: string[]) => {
    let next = 0;
    const worker = async () => {
      while (next < order.length) {
        const key = order[next++];
        const res = await client.txn({ compares: [absent(key)], success: [{ type: 'put', key, value: who }], failure: [{ type: 'get', key }] });
        if (res.succeeded) wins.set(key, [...(wins.get(key) ?? []), who]);
        else expect(res.gets[0]?.value).toMatch(/^(a|b)$/);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  };
  // Same order for both, so they collide on most keys.
  await Promise.all([claim(a, 'a', keys), claim(b, 'b', [...keys])]);
  const stored = (await a.range('/race/')).kvs;
  expect(stored).toHaveLength(n);
  const doubles = [...wins.entries()].filter(([, w]) => w.length !== 1);
  expect(doubles).toEqual([]);
  expect(wins.size).toBe(n);
  for (const kv of stored) expect(wins.get(kv.key)).toEqual([kv.value]);
}

function describeWatch(store: () => Store): void {
  it('watch from a revision delivers every event once, in order, then live changes', async () => {
    const s = store();
    const first = await s.put('/w/a', '1');
    await s.put('/other', 'x');
    await s.put('/w/b', '2');
    await s.txn({ compares: [], success: [{ type: 'put', key: '/w/a', value: '3' }, { type: 'delete', key: '/w/b' }] });
    const rec = new Recorder();
    const w = await s.watch('/w/', rec.handler, { fromRevision: first });
    await s.put('/w/c', '4');
    const last = await s.delete('/w/a');
    await rec.waitForRevision(last);
    expect(rec.lines).toEqual([
      `put /w/a=1@${first}`,
      `put /w/b=2@${first + 2}`,
      `put /w/a=3@${first + 3}`,
      `delete /w/b=@${first + 3}`,
      `put /w/c=4@${first + 4}`,
      `delete /w/a=@${first + 5}`,
    ]);
    const revs = rec.items.map((i) => i.revision);
    expect([...revs].sort((x, y) => x - y)).toEqual(revs);
    expect(w.lastRevision).toBe(last);
    expect(rec.events[0]).toMatchObject({ createRevision: first, version: 1 });
    expect(rec.events[2]).toMatchObject({ createRevision: first, version: 2 });
    await w.cancel();
    await s.put('/w/d', 'after-cancel');
    await sleep(100);
    expect(rec.lines.some((l) => l.includes('after-cancel'))).toBe(false);
  });

  it('watch without fromRevision delivers only new changes', async () => {
    const s = store();
    await s.put('/n/old', 'old');
    const rec = new Recorder();
    const w = await s.watch('/n/', rec.handler);
    const rev = await s.put('/n/new', 'new');
    await rec.waitForRevision(rev);
    expect(rec.lines).toEqual([`put /n/new=new@${rev}`]);
    await w.cancel();
  });

  it('a watch from a compacted revision gets a resync item, then continues', async () => {
    const s = store();
    const first = await s.put('/k/a', '1');
    await s.put('/k/b', '2');
    await s.delete('/k/a');
    const compactAt = await s.put('/k/c', '3');
    await s.compact(compactAt);
    const rec = new Recorder();
    const w = await s.watch('/k/', rec.handler, { fromRevision: first });
    await rec.waitForRevision(compactAt);
    expect(rec.items[0].type).toBe('resync');
    const resync = rec.items[0] as Extract<WatchItem, { type: 'resync' }>;
    expect(resync.revision).toBeGreaterThanOrEqual(compactAt);
    expect(resync.kvs.map((kv) => `${kv.key}=${kv.value}`)).toEqual(['/k/b=2', '/k/c=3']);
    const next = await s.put('/k/d', '4');
    await rec.waitForRevision(next);
    expect(rec.lines).toEqual([`put /k/d=4@${next}`]);
    await expectCode(s.compact(compactAt - 1), 'MARINA_ERR_COMPACTED');
    await w.cancel();
  });
}

function describeLeases(store: () => Store): void {
  it('lease expiry deletes its keys in one revision and resolves lost', async () => {
    const s = store();
    const lease = await s.grantLease(1);
    await s.put('/l/a', 'a', { lease: lease.id });
    await s.put('/l/b', 'b', { lease: lease.id });
    await s.put('/l/keep', 'k');
    expect((await s.get('/l/a'))?.lease).toBe(lease.id);
    const rec = new Recorder();
    const w = await s.watch('/l/', rec.handler);
    await within(lease.lost, 8_000, 'lease loss');
    await until('leased keys to go', async () => (await s.range('/l/')).kvs.length === 1);
    expect((await s.range('/l/')).kvs.map((kv) => kv.key)).toEqual(['/l/keep']);
    await until('delete events', () => rec.events.length === 2);
    expect(rec.events.map((e) => `${e.type} ${e.key}`)).toEqual(['delete /l/a', 'delete /l/b']);
    expect(rec.events[0].revision).toBe(rec.events[1].revision);
    await expectCode(s.refreshLease(lease.id), 'MARINA_ERR_LEASE_NOT_FOUND');
    await expectCode(s.put('/l/late', 'x', { lease: lease.id }), 'MARINA_ERR_LEASE_NOT_FOUND');
    await w.cancel();
  }, 20_000);

  it('keepAlive holds a lease past its TTL; refreshLease works by id', async () => {
    const s = store();
    const lease = await s.grantLease(1);
    await s.put('/ka/x', 'x', { lease: lease.id });
    lease.keepAlive();
    await sleep(2_500);
    expect(await s.get('/ka/x')).toBeDefined();
    lease.release();
    await s.refreshLease(lease.id);
    await expect(s.refreshLease(lease.id)).resolves.toBeUndefined();
    await until('released lease to expire', async () => (await s.get('/ka/x')) === undefined, 8_000);
  }, 20_000);

  it('revoke deletes the keys now; revoking a gone lease succeeds', async () => {
    const s = store();
    const lease = await s.grantLease(30);
    await s.put('/rv/a', 'a', { lease: lease.id });
    const other = await s.grantLease(30);
    await s.put('/rv/b', 'b', { lease: other.id });
    await lease.revoke();
    await within(lease.lost, 2_000, 'lost after revoke');
    expect(await s.get('/rv/a')).toBeUndefined();
    await s.revokeLease(other.id);
    expect(await s.get('/rv/b')).toBeUndefined();
    await expect(s.revokeLease(other.id)).resolves.toBeUndefined();
    await expectCode(s.grantLease(0), 'MARINA_ERR_INVALID', /ttlSeconds/);
  }, 20_000);
}
