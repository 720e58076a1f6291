/**
 * The etcd store (clusters, HA): the contract over etcd's KV, watch and lease
 * APIs via the etcd3 package. Keys are full paths (no namespacing). Errors
 * are mapped to MarinaError in errors.ts.
 */
import { ConsecutiveBreaker, circuitBreaker, handleWhen, retry } from 'cockatiel';
import { Etcd3, GRPCResourceExhastedError, isRecoverableError } from 'etcd3';
import type * as RPC from 'etcd3/lib/rpc';
import { MarinaError, isMarinaError } from '../../errors';
import { logger } from '../../log';
import type { KeyValue, Lease, RangeResult, Store, TxnRequest, TxnResult, Watch, WatchHandler, WatchOptions } from '../contract';
import { LeaseHandle } from '../_lease-handle';
import { checkKey, checkTtl, checkTxn } from '../_validate';
import { toCompare, toKv, toRequestOp, prefixEnd } from './convert';
import { call, mapEtcdError } from './errors';
import { etcdCredentials, tlsHint, type EtcdTlsFiles } from './tls';
import { EtcdWatch } from './watch';
import { rangePaged } from './range';
import { DEFAULT_MAX_GRPC_MESSAGE_BYTES } from '../../client/grpc-proto';

const log = logger('store-etcd');

/** Errors worth a retry or counting against the host (etcd3's test, minus "message too large"). */
const transient = (err: Error) => isRecoverableError(err) && !(err instanceof GRPCResourceExhastedError);

export interface EtcdStoreOptions {
  /** Client URLs, e.g. ['http://127.0.0.1:2379']. */
  endpoints: string[];
  /** Deadline of each unary call (default 10 s). */
  callTimeoutMs?: number;
  /** Connect timeout (default 5 s). */
  dialTimeoutMs?: number;
  /** TLS files (https:// endpoints; client certificate for --client-cert-auth). */
  tls?: EtcdTlsFiles;
  /**
   * Marina's key prefix: the revision probe reads inside it, so an etcd user
   * whose role covers only the prefix (docs/store.md) can run Marina.
   */
  prefix?: string;
}

export class EtcdStore implements Store {
  readonly kind = 'etcd' as const;
  private readonly watches = new Set<EtcdWatch>();
  private readonly leases = new Set<LeaseHandle>();

  private constructor(
    private readonly client: Etcd3,
    private readonly revisionKey: string,
  ) {}

  /** Connect and check etcd answers (fails with MARINA_ERR_STORE_UNAVAILABLE otherwise). */
  static async open(opts: EtcdStoreOptions): Promise<EtcdStore> {
    if (!Array.isArray(opts.endpoints) || opts.endpoints.length === 0) {
      throw new MarinaError('MARINA_ERR_CONFIG', 'etcd store: endpoints is required (e.g. http://127.0.0.1:2379)');
    }
    const timeout = opts.callTimeoutMs ?? 10_000;
    const credentials = etcdCredentials(opts.tls, opts.endpoints);
    const client = new Etcd3({
      hosts: opts.endpoints,
      ...(credentials ? { credentials } : {}),
      dialTimeout: opts.dialTimeoutMs ?? 5_000,
      // one value may be as large as an app (8 MiB body limit); ranges are paged (range.ts)
      // and watch responses fragmented (watch.ts), so no message is near this
      grpcOptions: { 'grpc.max_receive_message_length': DEFAULT_MAX_GRPC_MESSAGE_BYTES, 'grpc.max_send_message_length': DEFAULT_MAX_GRPC_MESSAGE_BYTES },
      // etcd3's defaults, except that a too-large answer is not a host failure: it must
      // neither be retried as is nor open the circuit breaker (range.ts retries a smaller page)
      faultHandling: {
        host: () => circuitBreaker(handleWhen(transient), { halfOpenAfter: 5_000, breaker: new ConsecutiveBreaker(3) }),
        global: retry(handleWhen(transient), { maxAttempts: 3 }),
      },
      defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + timeout }),
    });
    const store = new EtcdStore(client, opts.prefix ? `${opts.prefix.replace(/\/+$/, '')}/` : '\0');
    try {
      await store.currentRevision();
    } catch (err) {
      client.close();
      if (isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE')) {
        throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `cannot connect to etcd at ${opts.endpoints.join(', ')}: ${err.message}${tlsHint(opts.endpoints)}`, { cause: err });
      }
      throw err;
    }
    log.info({ endpoints: opts.endpoints, tls: credentials !== undefined, clientCert: credentials?.certChain !== undefined }, 'etcd store connected');
    return store;
  }

  async get(key: string): Promise<KeyValue | undefined> {
    checkKey(key);
    const res = await call(`get ${key}`, () => this.client.kv.range({ key: Buffer.from(key) }));
    return res.kvs.length > 0 ? toKv(res.kvs[0]) : undefined;
  }

  async range(prefix: string, opts: { limit?: number } = {}): Promise<RangeResult> {
    return rangePaged(this.client, prefix, opts.limit ?? 0);
  }

  async put(key: string, value: string, opts: { lease?: string } = {}): Promise<number> {
    checkKey(key);
    return (await this.txn({ compares: [], success: [{ type: 'put', key, value, lease: opts.lease }] })).revision;
  }

  async delete(key: string): Promise<number> {
    checkKey(key);
    return (await this.txn({ compares: [], success: [{ type: 'delete', key }] })).revision;
  }

  async txn(req: TxnRequest): Promise<TxnResult> {
    checkTxn(req);
    const res = await call('txn', () =>
      this.client.kv.txn({ compare: req.compares.map(toCompare), success: req.success.map(toRequestOp), failure: (req.failure ?? []).map(toRequestOp) }),
    );
    const gets: (KeyValue | undefined)[] = [];
    for (const r of res.responses as Partial<RPC.IResponseOp>[]) {
      if (r.response_range) gets.push(r.response_range.kvs.length > 0 ? toKv(r.response_range.kvs[0]) : undefined);
    }
    return { succeeded: res.succeeded, revision: Number(res.header.revision), gets };
  }

  async watch(prefix: string, handler: WatchHandler, opts: WatchOptions = {}): Promise<Watch> {
    const from = opts.fromRevision ?? (await this.currentRevision()) + 1;
    const w = new EtcdWatch(this.client, prefix, handler, from, opts);
    try {
      await w.start();
    } catch (err) {
      await w.cancel();
      throw mapEtcdError(err, `watch ${prefix}`);
    }
    this.watches.add(w);
    return {
      get lastRevision() {
        return w.lastRevision;
      },
      cancel: async () => {
        this.watches.delete(w);
        await w.cancel();
      },
    };
  }

  async grantLease(ttlSeconds: number): Promise<Lease> {
    checkTtl(ttlSeconds);
    const res = await call('lease grant', () => this.client.leaseClient.leaseGrant({ TTL: ttlSeconds }));
    const handle = new LeaseHandle(String(res.ID), Number(res.TTL) || ttlSeconds, {
      refresh: (id) => this.refreshLease(id),
      revoke: (id) => this.revokeLease(id),
      remainingMs: (id) => this.remainingMs(id),
    });
    this.leases.add(handle);
    void handle.lost.then(() => this.leases.delete(handle));
    return handle;
  }

  async refreshLease(id: string): Promise<void> {
    const ttl = await call(`lease keep-alive ${id}`, async () => {
      const stream = await this.client.leaseClient.leaseKeepAlive();
      try {
        return await new Promise<number>((resolve, reject) => {
          stream.on('data', (r) => resolve(Number(r.TTL)));
          stream.on('error', reject);
          stream.on('end', () => reject(new Error('lease keep-alive stream ended')));
          stream.write({ ID: id });
        });
      } finally {
        stream.end();
      }
    });
    if (ttl <= 0) throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', `lease ${id} not found (expired or revoked)`);
  }

  async revokeLease(id: string): Promise<void> {
    try {
      await call(`lease revoke ${id}`, () => this.client.leaseClient.leaseRevoke({ ID: id }));
    } catch (err) {
      if (err instanceof MarinaError && err.code === 'MARINA_ERR_LEASE_NOT_FOUND') return; // already gone
      throw err;
    }
  }

  async compact(revision: number): Promise<void> {
    await call(`compact ${revision}`, () => this.client.kv.compact({ revision, physical: true }));
  }

  async currentRevision(): Promise<number> {
    // Any range answers with the store's revision; one inside Marina's prefix is allowed to a prefix-scoped etcd user.
    const res = await call('revision', () => this.client.kv.range({ key: Buffer.from(this.revisionKey), range_end: this.revisionKey === '\0' ? undefined : prefixEnd(this.revisionKey), limit: 1, count_only: true }));
    return Number(res.header.revision);
  }

  async close(): Promise<void> {
    await Promise.all([...this.watches].map((w) => w.cancel()));
    this.watches.clear();
    for (const l of this.leases) l.dispose();
    this.leases.clear();
    this.client.close();
  }

  private async remainingMs(id: string): Promise<number | undefined> {
    const res = await call(`lease ttl ${id}`, () => this.client.leaseClient.leaseTimeToLive({ ID: id }));
    // etcd answers in whole seconds: -1 = gone, 0 = under a second left.
    const ttl = Number(res.TTL);
    if (ttl < 0) return undefined;
    return ttl === 0 ? 200 : ttl * 1000;
  }
}
