/**
 * Marathon's deployment lock: a change to a run spec that a deployment in
 * flight changes is refused (409, AppLockedException) unless forced; a
 * forced change cancels those deployments in its own transaction (their
 * keys deleted, compared on modRevision) and supersedes them.
 */
import { randomUUID } from 'node:crypto';
import { MarinaError } from '../../../../lib/errors';
import type { AppDefinition } from '../../../../lib/model/app';
import type { Claims } from '../../alloc/claims';
import { K } from '../../state/keys';
import { deploymentsAffecting, newRecord, type ChangeKind } from './record';

/** Marathon's AppLockedException: the message (with its literal placeholder) and the deployments in the way. */
export class AppLockedError extends MarinaError {
  constructor(readonly deploymentIds: string[]) {
    super('MARINA_ERR_APP_LOCKED', "App is locked by one or more deployments. Override with the option '?force=true'. View details at '/v2/deployments/<DEPLOYMENT_ID>'.");
  }

  override toJSON(): ReturnType<MarinaError['toJSON']> & { deployments: Array<{ id: string }> } {
    return { ...super.toJSON(), deployments: this.deploymentIds.map((id) => ({ id })) };
  }
}

/** How a write treats deployments in flight: force cancels them, else a lock is a 409. */
export interface WriteOptions {
  force: boolean;
  /** The change is one action of this deployment (a group change), already stored and lock-checked. */
  partOf?: string;
}

/** Callers that did not say (gRPC, internal) supersede, as before deployments were kept. */
export const SUPERSEDE: WriteOptions = { force: true };

/** Throw AppLockedError when a deployment changes one of ids (unless forced); else add the cancels of those deployments to claims. */
export function cancelLocksInto(claims: Claims, ids: string[], opts: WriteOptions): void {
  const locks = deploymentsAffecting(claims.view, ids);
  if (locks.length === 0) return;
  if (!opts.force) throw new AppLockedError(locks.map((d) => d.id));
  for (const d of locks) {
    const e = claims.view.entry(K.deployment(d.id));
    if (e) claims.deletes.set(K.deployment(d.id), e.modRevision);
  }
}

/**
 * Add to claims a deployment of one change (after the lock check above)
 * and return its id; it is stored in the transaction that makes the change.
 */
export function deploymentInto(claims: Claims, kind: ChangeKind, before: AppDefinition | null, after: AppDefinition | null, version: string, opts: WriteOptions): string {
  if (opts.partOf !== undefined) return opts.partOf;
  cancelLocksInto(claims, [(after ?? before)!.id], opts);
  const id = randomUUID();
  claims.create(K.deployment(id), newRecord(id, kind, before, after, version));
  return id;
}
