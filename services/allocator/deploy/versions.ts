/**
 * Stored config versions of an app (Marathon's /v2/apps/{id}/versions):
 * every write of the app (create, scale, update) also writes
 * `versions/<appId>/<version>` in the same transaction, so the list is
 * exactly the versions the app had. Bounded: past MAX_VERSIONS the oldest
 * are deleted in that transaction too; deleting the app deletes them all.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Claims } from '../alloc/claims';
import type { StateView } from '../state/view';

/** Marathon's --zk_max_versions default. */
export const MAX_VERSIONS = 50;

const dirOf = (appId: string) => `versions/${appId.replace(/^\//, '')}/`;
export const versionKey = (appId: string, version: string) => dirOf(appId) + version;

/** Version keys of the app, oldest first (ISO timestamps sort as strings); the view indexes them by app. */
function versionKeys(view: StateView, appId: string): string[] {
  return [...view.dir(dirOf(appId))].sort();
}

/** Add to claims: the app as stored at app.version, and drop the oldest past the bound. */
export function versionInto(claims: Claims, app: AppDefinition): void {
  if (!app.version) return;
  const keys = versionKeys(claims.view, app.id);
  claims.updates.set(versionKey(app.id, app.version), { value: JSON.stringify(app), modRevision: claims.view.entry(versionKey(app.id, app.version))?.modRevision ?? 0 });
  for (const k of keys.slice(0, Math.max(0, keys.length + 1 - MAX_VERSIONS))) claims.deletes.set(k, claims.view.entry(k)!.modRevision);
}

/** Add to claims: delete every stored version of the app. */
export function versionsDeleteInto(claims: Claims, appId: string): void {
  for (const k of versionKeys(claims.view, appId)) claims.deletes.set(k, claims.view.entry(k)!.modRevision);
}

/** The app's versions, newest first (Marathon's order). */
export function listVersions(view: StateView, appId: string): string[] {
  const dir = dirOf(appId);
  return versionKeys(view, appId).map((k) => k.slice(dir.length)).reverse();
}

export function getVersion(view: StateView, appId: string, version: string): AppDefinition {
  const app = view.value<AppDefinition>(versionKey(appId, version));
  if (!app) throw new MarinaError('MARINA_ERR_NOT_FOUND', `App '${appId}' does not exist in version ${version}`);
  return app;
}
