/** openStore: the one place a Store implementation is chosen by name. */
import { MarinaError } from '../errors';
import type { Store } from './contract';
import { EmbeddedStore } from './embedded/embedded-store';
import { EtcdStore } from './etcd/etcd-store';
import type { EtcdTlsFiles } from './etcd/tls';

export interface OpenStoreOptions {
  kind: 'embedded' | 'etcd';
  /** embedded: directory holding marina.db and its LOCK file. */
  dataDir?: string;
  /** etcd: client URLs, e.g. ['http://127.0.0.1:2379']. */
  endpoints?: string[];
  /** etcd: TLS files (--etcd-cacert, --etcd-cert, --etcd-key). */
  etcdTls?: EtcdTlsFiles;
  /** etcd: Marina's key prefix (its etcd role may cover only that). */
  prefix?: string;
}

type Opener = (opts: OpenStoreOptions) => Promise<Store>;

const OPENERS: Record<OpenStoreOptions['kind'], Opener> = {
  embedded: (opts) => {
    if (!opts.dataDir) throw new MarinaError('MARINA_ERR_CONFIG', 'store kind "embedded" needs the option dataDir (e.g. --data-dir /var/lib/marina)');
    return EmbeddedStore.open(opts.dataDir);
  },
  etcd: (opts) => {
    if (!opts.endpoints || opts.endpoints.length === 0) {
      throw new MarinaError('MARINA_ERR_CONFIG', 'store kind "etcd" needs the option endpoints (e.g. --etcd-endpoints http://127.0.0.1:2379)');
    }
    const bad = opts.endpoints.find((e) => !/^https?:\/\/[^/]+/.test(e));
    if (bad !== undefined) throw new MarinaError('MARINA_ERR_CONFIG', `store option endpoints: ${JSON.stringify(bad)} is not an http(s):// URL`);
    return EtcdStore.open({ endpoints: opts.endpoints, tls: opts.etcdTls, prefix: opts.prefix });
  },
};

/** Open the store named by opts.kind; errors name the missing or invalid option. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const open = Object.hasOwn(OPENERS, opts.kind) ? OPENERS[opts.kind] : undefined;
  if (!open) {
    throw new MarinaError('MARINA_ERR_CONFIG', `store option kind: ${JSON.stringify(opts.kind)} is not one of ${Object.keys(OPENERS).join(', ')}`);
  }
  return open(opts);
}
