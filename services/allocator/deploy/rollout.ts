/**
 * Rolling replacement after a config change (Marathon's upgradeStrategy).
 * The stored app carries versionInfo.lastConfigChangeAt; a task launched for
 * an older config is "old". Each step (run on every converge until no old
 * task is left) starts new instances and stops old ones within two bounds:
 *  - at least ceil(minimumHealthCapacity × instances) tasks stay serving
 *    (running and ready) — a new task counts only once it is ready;
 *  - at most floor((1 + maximumOverCapacity) × instances) tasks are wanted
 *    at once (old + new).
 * When the bounds leave no room (minimumHealthCapacity 1, maximumOverCapacity
 * 0) one extra instance is allowed, as Marathon does, so the rollout moves.
 */
import type { AppDefinition } from '../../../lib/model/app';
import { isServing, type Task } from '../../../lib/model/cluster';

/** Marathon's versionInfo as stored with the app by this allocator. */
export interface VersionInfo {
  lastConfigChangeAt: string;
  lastScalingAt: string;
}

export type StoredApp = AppDefinition & { versionInfo?: VersionInfo };

/** The config version tasks are launched for (undefined for apps stored before versionInfo). */
export function configVersion(app: AppDefinition): string | undefined {
  return (app as StoredApp).versionInfo?.lastConfigChangeAt;
}

export function isOld(app: AppDefinition, t: Task): boolean {
  const cv = configVersion(app);
  return cv !== undefined && t.appVersion !== cv;
}

export interface RolloutStep {
  launch: number;
  stop: Task[];
}

/** Bounds of the rollout for n instances. */
export function rolloutBounds(app: AppDefinition): { minServing: number; maxWanted: number } {
  const n = app.instances;
  const { minimumHealthCapacity: m, maximumOverCapacity: o } = app.upgradeStrategy;
  const minServing = Math.max(0, Math.ceil(m * n - 1e-9));
  let maxWanted = Math.floor((1 + o) * n + 1e-9);
  if (maxWanted <= n && minServing >= n && n > 0) maxWanted = n + 1;
  return { minServing, maxWanted };
}

/** One step given the app's live tasks (desired run, not terminal). Pure. */
export function rolloutStep(app: AppDefinition, live: Task[]): RolloutStep {
  const n = app.instances;
  const old = live.filter((t) => isOld(app, t));
  const fresh = live.length - old.length;
  const { minServing, maxWanted } = rolloutBounds(app);
  const launch = Math.max(0, Math.min(n - fresh, maxWanted - live.length));
  // old tasks that do not serve can go at once; serving ones while enough others serve
  const stop: Task[] = old.filter((t) => !isServing(t));
  let spare = live.filter(isServing).length - minServing;
  const servingOld = old.filter(isServing).sort((a, b) => a.stagedAt.localeCompare(b.stagedAt));
  for (const t of servingOld) {
    if (spare <= 0) break;
    stop.push(t);
    spare--;
  }
  return { launch, stop };
}

/** The app with a new instance count: a scaling, not a config change. */
export function scaled(app: AppDefinition, instances: number, version: string): StoredApp {
  const prev = (app as StoredApp).versionInfo;
  const lastConfigChangeAt = prev?.lastConfigChangeAt ?? app.version ?? version;
  return { ...app, instances, version, versionInfo: { lastConfigChangeAt, lastScalingAt: version } };
}
