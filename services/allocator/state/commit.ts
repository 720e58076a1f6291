/**
 * Commit a plan: one store transaction whose compares say every created key
 * is absent and every updated key unchanged. Keys stay reserved in-process
 * until the view has seen the outcome, so later plans here do not pick them.
 */
import { absent, type Compare, type Op, type TxnResult } from '../../../lib/store/contract';
import { MarinaError } from '../../../lib/errors';
import { abs, type AllocatorContext } from '../context';
import type { Claims } from '../alloc/claims';

/**
 * A store that stops answering (an etcd freeze) must not hold API callers for
 * the client's own long timeout: after `ms` the caller gets a 503. The txn
 * may still apply later; its compares make a retry safe (a retried plan then
 * conflicts and re-plans from the view).
 */
function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export async function commit(ctx: AllocatorContext, claims: Claims, extra: { compares?: Compare[]; ops?: Op[]; failureGets?: string[] } = {}): Promise<TxnResult> {
  const compares: Compare[] = [...(extra.compares ?? [])];
  const success: Op[] = [...(extra.ops ?? [])];
  for (const [key, value] of claims.creates) {
    compares.push(absent(abs(ctx, key)));
    success.push({ type: 'put', key: abs(ctx, key), value });
  }
  for (const [key, u] of claims.updates) {
    compares.push({ key: abs(ctx, key), target: 'modRevision', op: '==', value: u.modRevision });
    success.push({ type: 'put', key: abs(ctx, key), value: u.value });
  }
  for (const [key, modRevision] of claims.deletes) {
    compares.push({ key: abs(ctx, key), target: 'modRevision', op: '==', value: modRevision });
    success.push({ type: 'delete', key: abs(ctx, key) });
  }
  for (const [key, modRevision] of claims.checks) {
    compares.push({ key: abs(ctx, key), target: 'modRevision', op: '==', value: modRevision });
  }
  const keys = [...claims.creates.keys()];
  ctx.reserved.addAll(keys);
  const started = process.hrtime.bigint();
  let res: TxnResult;
  try {
    const txn = ctx.committer.txn({ compares, success, failure: (extra.failureGets ?? []).map((k) => ({ type: 'get' as const, key: abs(ctx, k) })) });
    res = await withDeadline(txn, ctx.settings.storeTimeoutMs);
  } catch (err) {
    ctx.reserved.deleteAll(keys);
    if (err instanceof MarinaError) throw err;
    ctx.storeHealth.reportFailure(err as Error);
    throw new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `store transaction failed: ${(err as Error).message}`, { cause: err });
  }
  const done = process.hrtime.bigint();
  ctx.metrics.allocLatency.observe(Number(done - started) / 1e9);
  ctx.metrics.txns.inc({ result: res.succeeded ? 'ok' : 'conflict' });
  if (res.succeeded) {
    void ctx.view.waitFor(res.revision, 30_000).then(() => {
      ctx.metrics.viewLag.observe(Number(process.hrtime.bigint() - done) / 1e9);
      ctx.reserved.deleteAll(keys);
    });
  } else {
    ctx.reserved.deleteAll(keys);
  }
  return res;
}
