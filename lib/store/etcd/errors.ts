/** etcd/gRPC errors become MarinaErrors here, once, where they enter Marina. */
import * as etcd from 'etcd3';
import { isMarinaError, MarinaError, errorMessage } from '../../errors';

/** Map any error thrown by the etcd3 client while doing `what` (e.g. "txn", "get /marina/x"). */
export function mapEtcdError(err: unknown, what: string): MarinaError {
  if (isMarinaError(err)) return err;
  const msg = errorMessage(err);
  const wrap = (code: ConstructorParameters<typeof MarinaError>[0], text: string) =>
    new MarinaError(code, `etcd ${what}: ${text}`, { cause: err });
  if (err instanceof etcd.EtcdLeaseInvalidError || /requested lease not found|lease not found/i.test(msg)) {
    return wrap('MARINA_ERR_LEASE_NOT_FOUND', 'lease not found (expired or revoked)');
  }
  if (err instanceof etcd.EtcdPermissionDeniedError || err instanceof etcd.EtcdAuthenticationFailedError || err instanceof etcd.EtcdInvalidAuthTokenError || err instanceof etcd.GRPCUnauthenticatedError || /permission denied|user name is empty|authentication failed|invalid auth token/i.test(msg)) {
    return wrap('MARINA_ERR_STORE_PERMISSION', `${msg} (the etcd user, the CN of --etcd-cert, needs the role docs/store.md describes: readwrite on Marina's --prefix)`);
  }
  if (/required revision has been compacted/i.test(msg)) return wrap('MARINA_ERR_COMPACTED', msg);
  if (/required revision is a future revision/i.test(msg)) return wrap('MARINA_ERR_INVALID', msg);
  if (/duplicate key given in txn/i.test(msg) || err instanceof etcd.GRPCInvalidArgumentError) return wrap('MARINA_ERR_INVALID', msg);
  if (
    err instanceof etcd.GRPCUnavailableError ||
    err instanceof etcd.GRPCDeadlineExceededError ||
    err instanceof etcd.GRPCCancelledError ||
    err instanceof etcd.ClientClosedError ||
    /unavailable|ECONNREFUSED|deadline|No connection|circuit|isolated|broken/i.test(msg)
  ) {
    return wrap('MARINA_ERR_STORE_UNAVAILABLE', msg);
  }
  return wrap('MARINA_ERR_INTERNAL', msg);
}

/** Await p, mapping any rejection. */
export async function call<T>(what: string, p: () => Promise<T>): Promise<T> {
  try {
    return await p();
  } catch (err) {
    throw mapEtcdError(err, what);
  }
}
