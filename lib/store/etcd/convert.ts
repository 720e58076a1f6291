/** Between Marina's store types and etcd's wire types (etcd3 raw RPC shapes). */
import type * as RPC from 'etcd3/lib/rpc';
import type { Compare, KeyValue, Op, WatchEvent } from '../contract';

/** The smallest key greater than every key starting with prefix (etcd's range_end for a prefix). */
export function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  for (let i = b.length - 1; i >= 0; i--) {
    if (b[i] < 0xff) {
      const end = Buffer.from(b.subarray(0, i + 1));
      end[i]++;
      return end;
    }
  }
  return Buffer.from([0]); // all keys
}

export function toKv(kv: RPC.IKeyValue): KeyValue {
  const out: KeyValue = {
    key: kv.key.toString(),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
  };
  if (kv.lease && kv.lease !== '0') out.lease = String(kv.lease);
  return out;
}

const RESULT = { '==': 'Equal', '!=': 'NotEqual', '<': 'Less', '>': 'Greater' } as const;

export function toCompare(c: Compare): RPC.ICompare {
  const base = { key: Buffer.from(c.key), result: RESULT[c.op] };
  switch (c.target) {
    case 'value':
      return { ...base, target: 'Value', value: Buffer.from(String(c.value)) };
    case 'version':
      return { ...base, target: 'Version', version: Number(c.value) };
    case 'createRevision':
      return { ...base, target: 'Create', create_revision: Number(c.value) };
    case 'modRevision':
      return { ...base, target: 'Mod', mod_revision: Number(c.value) };
  }
}

export function toRequestOp(op: Op): RPC.IRequestOp {
  switch (op.type) {
    case 'put':
      return { request_put: { key: Buffer.from(op.key), value: Buffer.from(op.value), lease: op.lease ?? 0 } };
    case 'delete':
      return { request_delete_range: { key: Buffer.from(op.key) } };
    case 'deletePrefix':
      return { request_delete_range: { key: Buffer.from(op.prefix || '\0'), range_end: prefixEnd(op.prefix) } };
    case 'get':
      return { request_range: { key: Buffer.from(op.key) } };
  }
}

export function toWatchEvent(e: RPC.IEvent): WatchEvent {
  const kv = e.kv;
  const isPut = e.type === 'Put';
  return {
    type: isPut ? 'put' : 'delete',
    key: kv.key.toString(),
    value: isPut ? kv.value.toString() : e.prev_kv?.value.toString(),
    revision: Number(kv.mod_revision),
    createRevision: isPut ? Number(kv.create_revision) : 0,
    version: isPut ? Number(kv.version) : 0,
  };
}
