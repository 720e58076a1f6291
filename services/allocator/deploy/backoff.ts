/**
 * Launch delay for apps whose tasks keep failing (Marathon's backoffSeconds,
 * backoffFactor, maxLaunchDelaySeconds). Each TASK_FAILED of a wanted task
 * bumps `backoff/<appId>` in the same transaction that releases the task:
 * the n-th failure in a row delays the next launch of the app by
 * min(backoffSeconds × backoffFactor^(n-1), maxLaunchDelaySeconds). The key
 * is in the store, so every replica (and the leader's reconciler) honours
 * it. A config change (PUT of a new definition), a task of the app's current
 * config turning ready (running and passing its health checks: Marathon
 * resets the delay once a launch succeeded) or app deletion removes it.
 * Every launch of the app waits for it: replacements, rollout steps and
 * scale-ups by the user alike.
 */
import type { AppDefinition } from '../../../lib/model/app';
import type { Claims } from '../alloc/claims';
import { K } from '../state/keys';
import type { StateView } from '../state/view';

/** The last failed task of an app (Marathon's lastTaskFailure). */
export interface TaskFailure {
  taskId: string;
  host: string;
  agentId: string;
  state: string;
  message: string;
  timestamp: string;
  version: string;
}

export interface BackoffState {
  /** Failures in a row of the app's tasks. */
  failures: number;
  /** Epoch ms before which no new task of the app is launched. */
  nextLaunchAt: number;
  /** The failure that set this delay. */
  lastFailure?: TaskFailure;
}

/** The delay after the n-th failure in a row (n >= 1), in ms. */
export function launchDelayMs(app: AppDefinition, failures: number): number {
  const seconds = Math.min(app.backoffSeconds * app.backoffFactor ** Math.max(0, failures - 1), app.maxLaunchDelaySeconds);
  return Math.round(seconds * 1000);
}

/** Add to claims: one more failure of app, guarded by the key's modRevision. */
export function backoffInto(claims: Claims, app: AppDefinition, now = Date.now(), lastFailure?: TaskFailure): BackoffState {
  const key = K.backoff(app.id);
  const prev = claims.view.value<BackoffState>(key);
  const failures = (prev?.failures ?? 0) + 1;
  const next: BackoffState = { failures, nextLaunchAt: now + launchDelayMs(app, failures), ...(lastFailure ? { lastFailure } : {}) };
  claims.updates.set(key, { value: JSON.stringify(next), modRevision: claims.view.entry(key)?.modRevision ?? 0 });
  return next;
}

/** The app's launch delay as stored, if it backs off. */
export function backoffOf(view: StateView, appId: string): BackoffState | undefined {
  return view.value<BackoffState>(K.backoff(appId));
}

/** Epoch ms before which the app may not launch (0 = now). */
export function launchBlockedUntil(view: StateView, appId: string): number {
  return view.value<BackoffState>(K.backoff(appId))?.nextLaunchAt ?? 0;
}

/** Add to claims: clear the app's launch delay (guarded by the key's modRevision); false when none. */
export function resetBackoffInto(claims: Claims, appId: string): boolean {
  const e = claims.view.entry(K.backoff(appId));
  if (!e) return false;
  claims.deletes.set(K.backoff(appId), e.modRevision);
  return true;
}
