/**
 * The one store contract suite against both implementations: a real etcd
 * (test/helpers/etcd.ts, free loopback ports) and the embedded store (temp dir).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../../lib/store/testing/contract-suite';
import { EmbeddedStore } from '../../lib/store/embedded/embedded-store';
import { EtcdStore } from '../../lib/store/etcd/etcd-store';
import { etcdContractFixture, startEtcd, stopAllEtcd, type EtcdHandle } from '../helpers/etcd';

let etcd: EtcdHandle | undefined;
afterAll(async () => {
  await stopAllEtcd();
});

/** One etcd for the file; each test gets a fresh one only when it needs a clean revision space. */
async function sharedEtcd(): Promise<EtcdHandle> {
  etcd ??= await startEtcd();
  return etcd;
}

describeStoreContract('embedded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'marina-store-'));
  const store = await EmbeddedStore.open(dir);
  return {
    store,
    second: store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeStoreContract('etcd', async () => {
  const handle = await sharedEtcd();
  return etcdContractFixture(() => EtcdStore.open({ endpoints: [handle.endpoint] }));
});
