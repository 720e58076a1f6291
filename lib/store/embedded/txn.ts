/** Evaluating a txn against the embedded tables, with etcd's compare rules. */
import { MarinaError } from '../../errors';
import type { KeyValue, Op, TxnRequest } from '../contract';
import { compareHolds } from '../_compare';
import type { Tables, WriteContext } from './tables';

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
