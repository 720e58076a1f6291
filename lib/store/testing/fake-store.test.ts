/**
 * The fake store passes the same contract suite as etcd and the embedded
 * store, and its scripted failures behave as the real ones they stand for.
 */
import { isMarinaError } from '../../errors';
import { absent } from '../contract';
import { describeStoreContract, Recorder } from './contract-suite';
import { FakeStore } from './fake-store';

describeStoreContract('fake', async () => {
  const store = new FakeStore();
  return { store, second: store, cleanup: () => store.close() };
});

describe('fake store scripting', () => {
  test('failNext rejects the next call of one operation only', async () => {
    const s = new FakeStore({ sweep: false });
    s.failNext('txn');
    await expect(s.put('/a', '1')).rejects.toMatchObject({ code: 'MARINA_ERR_STORE_UNAVAILABLE' });
    expect(await s.put('/a', '1')).toBe(1);
    expect((await s.get('/a'))?.value).toBe('1');
    await s.close();
  });

  test('beforeNextTxn lets another writer win the race: the compares fail for real', async () => {
    const s = new FakeStore({ sweep: false });
    s.beforeNextTxn(async () => {
      await s.put('/port/31000', 'other');
    });
    const res = await s.txn({ compares: [absent('/port/31000')], success: [{ type: 'put', key: '/port/31000', value: 'mine' }], failure: [{ type: 'get', key: '/port/31000' }] });
    expect(res.succeeded).toBe(false);
    expect(res.gets[0]?.value).toBe('other');
    await s.close();
  });

  test('advance expires leases on the manual clock and deletes their keys in one revision', async () => {
    let now = 1_000_000;
    const s = new FakeStore({ now: () => now, sweep: false });
    const lease = await s.grantLease(10);
    await s.put('/agents/a1', 'x', { lease: lease.id });
    await s.put('/agents/a2', 'y', { lease: lease.id });
    const before = await s.currentRevision();
    s.advance(9_999);
    expect(await s.get('/agents/a1')).toBeDefined();
    s.advance(1);
    expect(await s.get('/agents/a1')).toBeUndefined();
    expect(await s.get('/agents/a2')).toBeUndefined();
    expect(await s.currentRevision()).toBe(before + 1);
    await lease.lost;
    await expect(s.refreshLease(lease.id)).rejects.toMatchObject({ code: 'MARINA_ERR_LEASE_NOT_FOUND' });
    await s.close();
  });

  test('a broken watch reports the error, gets nothing meanwhile, and resumes without loss or repeat', async () => {
    const s = new FakeStore({ sweep: false });
    const rec = new Recorder();
    const errors: string[] = [];
    await s.watch('/k/', rec.handler, { onError: (e) => errors.push(e.message) });
    await s.put('/k/1', 'a');
    await rec.waitForRevision(1);
    s.disconnectWatches();
    await s.put('/k/2', 'b');
    await new Promise((r) => setTimeout(r, 10));
    expect(rec.lines).toEqual(['put /k/1=a@1']);
    s.reconnectWatches();
    await rec.waitForRevision(2);
    expect(errors).toEqual(['fake store: watch stream broken']);
    expect(rec.lines).toEqual(['put /k/1=a@1', 'put /k/2=b@2']);
    await s.close();
  });

  test('a watch whose gap was compacted while it was broken resumes with a resync', async () => {
    const s = new FakeStore({ sweep: false });
    const rec = new Recorder();
    await s.watch('/k/', rec.handler);
    await s.put('/k/1', 'a');
    await rec.waitForRevision(1);
    s.disconnectWatches();
    await s.put('/k/2', 'b');
    await s.delete('/k/1');
    await s.compact(3);
    s.reconnectWatches();
    await rec.waitForRevision(3);
    expect(rec.items[1]).toMatchObject({ type: 'resync', revision: 3, kvs: [{ key: '/k/2', value: 'b' }] });
    await s.close();
  });

  test('delayTxns holds every txn back (a slow store)', async () => {
    const s = new FakeStore({ sweep: false });
    s.delayTxns(30);
    let done = false;
    const p = s.put('/slow', '1').then(() => (done = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false);
    await p;
    expect(done).toBe(true);
    await s.close();
  });

  test('a closed fake refuses calls as an unavailable store', async () => {
    const s = new FakeStore({ sweep: false });
    await s.close();
    let err: unknown;
    await s.get('/x').catch((e) => (err = e));
    expect(isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE')).toBe(true);
  });
});
