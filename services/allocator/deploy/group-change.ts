/**
 * Marathon's group_change_failed: every change of the root group (an app,
 * pod or group write) that fails after validation — typically a deployment
 * lock (409) or a store conflict — publishes the group, the version it
 * tried and the reason. The failure is written to one store key
 * (overwritten, so bounded) so that every replica's event stream carries
 * it, as every other event comes from the store's watch. Validation (422)
 * and unknown ids (404) fail before a change starts: no event, as Marathon.
 * group_change_success needs no key: it follows the new deployment record
 * (events/translate.ts). A change that failed because the store is away
 * records nothing (the record could not be written either), and the answer
 * never waits for the record: a frozen store must still get its 503 at once.
 */
import { isMarinaError } from '../../../lib/errors';
import { abs, type AllocatorContext } from '../context';
import { K } from '../state/keys';

export interface GroupChangeFailure {
  groupId: string;
  version: string;
  reason: string;
}

/** Run a change of `groupId`; when it fails past validation, record the failure and rethrow. */
export async function groupChange<T>(ctx: AllocatorContext, groupId: string, change: () => Promise<T>): Promise<T> {
  const version = new Date().toISOString();
  try {
    return await change();
  } catch (err) {
    const before = isMarinaError(err, 'MARINA_ERR_INVALID') || isMarinaError(err, 'MARINA_ERR_NOT_FOUND');
    if (!before && !isMarinaError(err, 'MARINA_ERR_STORE_UNAVAILABLE') && ctx.storeHealth.isHealthy) {
      const failure: GroupChangeFailure = { groupId, version, reason: (err as Error).message };
      void ctx.store.put(abs(ctx, K.groupChangeFailed()), JSON.stringify(failure)).catch((e: unknown) => ctx.log.warn({ err: (e as Error).message }, 'failed to record a group change failure'));
    }
    throw err;
  }
}
