/**
 * A prefix read in pages, all at the revision of the first page, so a state
 * of any size comes in messages the gRPC channel accepts: one range of
 * everything under /marina is one message, and a cluster of thousands of
 * tasks is far over grpc-js's 4 MiB (the "Received message larger than max"
 * loop of a restarting allocator). A page that is still too large (big
 * values) is retried smaller, down to one key. If the pinned revision is
 * compacted between pages, the read starts over at the newest revision.
 */
import type { Etcd3 } from 'etcd3';
import { isMarinaError } from '../../errors';
import type { KeyValue, RangeResult } from '../contract';
import { prefixEnd, toKv } from './convert';
import { call } from './errors';

/** Keys per page (shrunk on a too-large answer). */
export const RANGE_PAGE_KEYS = 1_000;

function tooLarge(err: unknown): boolean {
  return /larger than max|RESOURCE_EXHAUSTED|ResourceExhast/i.test(`${String(err)} ${String((err as { cause?: unknown }).cause ?? '')}`);
}

/** Every key under prefix (at most `limit` when > 0), in key order, read at one revision. */
export async function rangePaged(client: Etcd3, prefix: string, limit = 0): Promise<RangeResult> {
  for (;;) {
    try {
      return await readPages(client, prefix, limit);
    } catch (err) {
      if (!isMarinaError(err, 'MARINA_ERR_COMPACTED')) throw err;
    }
  }
}

async function readPages(client: Etcd3, prefix: string, limit: number): Promise<RangeResult> {
  const end = prefixEnd(prefix);
  const kvs: KeyValue[] = [];
  let key = Buffer.from(prefix || '\0');
  let revision = 0;
  let page = RANGE_PAGE_KEYS;
  for (;;) {
    const want = limit > 0 ? Math.min(page, limit - kvs.length) : page;
    let res;
    try {
      res = await call(`range ${prefix}`, () =>
        client.kv.range({ key, range_end: end, limit: want, revision: revision || undefined, sort_order: 'Ascend', sort_target: 'Key' }),
      );
    } catch (err) {
      if (page > 1 && tooLarge(err)) {
        page = Math.max(1, Math.floor(page / 4));
        continue;
      }
      throw err;
    }
    revision ||= Number(res.header.revision);
    for (const kv of res.kvs) kvs.push(toKv(kv));
    if (!res.more || res.kvs.length === 0 || (limit > 0 && kvs.length >= limit)) return { kvs, revision };
    key = Buffer.concat([res.kvs[res.kvs.length - 1].key, Buffer.from([0])]);
  }
}
