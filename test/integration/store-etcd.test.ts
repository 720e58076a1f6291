/** etcd-store specifics: a watch survives an etcd restart with no event lost or repeated. */
import { isMarinaError } from '../../lib/errors';
import { absent, type Store } from '../../lib/store/contract';
import { Recorder } from '../../lib/store/testing/contract-suite';
import { EtcdStore } from '../../lib/store/etcd/etcd-store';
import { openStore } from '../../lib/store/open';
import { waitUntil } from '../helpers/_children';
import { startEtcd, stopAllEtcd, type EtcdHandle } from '../helpers/etcd';
import { startTcpProxy } from '../helpers/tcp-proxy';

afterAll(async () => {
  await stopAllEtcd();
});

/** Create key once, retrying through an outage; a create-if-absent txn cannot apply twice. */
async function createOnce(s: Store, key: string, value: string): Promise<void> {
  await waitUntil(`create ${key}`, async () => {
    const res = await s.txn({ compares: [absent(key)], success: [{ type: 'put', key, value }], failure: [{ type: 'get', key }] });
    return res.succeeded || res.gets[0]?.value === value;
  }, 20_000, 100);
}

async function connect(etcd: EtcdHandle): Promise<EtcdStore> {
  let store: EtcdStore | undefined;
  await waitUntil('a client to connect', async () => {
    store = await EtcdStore.open({ endpoints: [etcd.endpoint], callTimeoutMs: 2_000 });
    return true;
  }, 20_000, 100);
  return store as EtcdStore;
}

describe('etcd store', () => {
  it('a watch survives etcd restarts (SIGTERM and SIGKILL) with no event lost or repeated', async () => {
    const etcd = await startEtcd();
    // The watcher reaches etcd through a proxy kept cut until the writes after
    // each restart are done, so it must resume from its last revision to see them.
    const proxy = await startTcpProxy(etcd.clientPort);
    const watcherClient = await EtcdStore.open({ endpoints: [proxy.url] });
    let writer = await EtcdStore.open({ endpoints: [etcd.endpoint] });
    const errors: Error[] = [];
    const rec = new Recorder();
    const first = await writer.put('/rw/000', 'a');
    const w = await watcherClient.watch('/rw/', rec.handler, { fromRevision: first, onError: (e) => errors.push(e) });
    const expected = ['/rw/000=a'];
    for (const [round, stop] of [[1, () => etcd.stop()], [2, () => etcd.kill()]] as const) {
      for (let i = 0; i < 5; i++) {
        await createOnce(writer, `/rw/${round}0${i}`, `before-${round}-${i}`);
        expected.push(`/rw/${round}0${i}=before-${round}-${i}`);
      }
      proxy.cut();
      await stop();
      await writer.close();
      await etcd.restart();
      writer = await connect(etcd);
      for (let i = 0; i < 5; i++) {
        await createOnce(writer, `/rw/${round}1${i}`, `after-${round}-${i}`);
        expected.push(`/rw/${round}1${i}=after-${round}-${i}`);
      }
      proxy.resume();
    }
    const last = await writer.currentRevision();
    await rec.waitForRevision(last, 20_000);
    expect(rec.events.map((e) => `${e.key}=${e.value}`)).toEqual(expected);
    const revs = rec.events.map((e) => e.revision);
    expect(new Set(revs).size).toBe(revs.length);
    expect([...revs].sort((a, b) => a - b)).toEqual(revs);
    expect(errors.length).toBeGreaterThanOrEqual(2); // it noticed both outages
    await w.cancel();
    await watcherClient.close();
    await writer.close();
    await proxy.stop();
    await etcd.destroy();
  }, 60_000);

  it('maps an unreachable etcd to MARINA_ERR_STORE_UNAVAILABLE', async () => {
    const etcd = await startEtcd();
    await etcd.destroy();
    const err = await openStore({ kind: 'etcd', endpoints: [etcd.endpoint] }).then(() => undefined, (e: unknown) => e);
    expect(isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE')).toBe(true);
    expect(isMarinaError(err) && err.retryable).toBe(true);
  }, 30_000);
});
