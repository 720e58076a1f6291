/** Evaluating a txn against the embedded tables, with etcd's compare rules. */
import { MarinaError } from '../../errors';
import type { Compare, KeyValue, Op, TxnRequest } from '../contract';
import type { Tables, WriteContext } from './tables';

function cmp<T extends string | number>(a: T, op: Compare['op'], b: T): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
  }
}

/** Byte order of UTF-8, as etcd compares values. */
function cmpBytes(a: string, op: Compare['op'], b: string): boolean {
  const d = Buffer.compare(Buffer.from(a), Buffer.from(b));
  return cmp(d, op, 0);
}

/** etcd's rule: a value compare on a missing key always fails; numeric fields of a missing key are 0. */
export function compareHolds(c: Compare, kv: KeyValue | undefined): boolean {
  if (c.target === 'value') return kv !== undefined && cmpBytes(kv.value, c.op, c.value as string);
  const actual = kv ? kv[c.target] : 0;
  return cmp(actual, c.op, c.value as number);
}

/** Run the txn inside an open SQLite transaction; returns whether compares held and the gets. */
export function applyTxn(t: Tables, w: WriteContext, req: TxnRequest, now: number): { succeeded: boolean; gets: (KeyValue | undefined)[] } {
  const succeeded = req.compares.every((c) => compareHolds(c, t.get(c.key)));
  const ops = succeeded ? req.success : (req.failure ?? []);
  const gets: (KeyValue | undefined)[] = [];
  for (const op of ops) applyOp(t, w, op, gets, now);
  return { succeeded, gets };
}

function applyOp(t: Tables, w: WriteContext, op: Op, gets: (KeyValue | undefined)[], now: number): void {
  switch (op.type) {
    case 'put':
      if (op.lease !== undefined) checkLeaseLive(t, op.lease, now);
      w.put(op.key, op.value, op.lease);
      return;
    case 'delete':
      w.delete(op.key);
      return;
    case 'deletePrefix':
      w.deletePrefix(op.prefix);
      return;
    case 'get':
      gets.push(t.get(op.key));
      return;
  }
}

export function checkLeaseLive(t: Tables, id: string, now: number): void {
  const lease = t.lease(id);
  if (!lease || lease.expires_at <= now) {
    throw new MarinaError('MARINA_ERR_LEASE_NOT_FOUND', `lease ${id} not found (expired or revoked)`);
  }
}
