/**
 * Groups as stored: Marathon keeps a group object even with nothing in it
 * (POST /v2/groups {"id": "/empty"}), with its own `dependencies`,
 * `enforceRole` and version. Marina stores one `groups/<id>` key per group
 * a /v2/groups request named, written in the transaction of that request's
 * deployment; groups only implied by an app id (`/a/b` for `/a/b/web`) are
 * not stored. Deleting a group deletes its key and every key below it.
 */
import type { Claims } from '../alloc/claims';
import { K } from '../state/keys';
import type { StateView } from '../state/view';

export interface GroupRecord {
  id: string;
  dependencies: string[];
  enforceRole: boolean;
  version: string;
}

/** What one request does to stored groups: records to write (version set at commit), ids whose subtree goes. */
export interface GroupWrites {
  put: Array<Omit<GroupRecord, 'version'>>;
  remove: string[];
}

export const NO_GROUP_WRITES: GroupWrites = { put: [], remove: [] };

const DIR = 'groups/';

/** The group of a run spec or group: its id without the last segment (`/web` → `/`). */
export function parentOf(id: string): string {
  const i = id.lastIndexOf('/');
  return i <= 0 ? '/' : id.slice(0, i);
}

/** True when `id` is `group` or below it (the root holds everything). */
export function underGroup(group: string, id: string): boolean {
  return group === '/' || id === group || id.startsWith(group + '/');
}

/** Every stored group, by id. */
export function groupRecords(view: StateView): Map<string, GroupRecord> {
  const out = new Map<string, GroupRecord>();
  for (const key of view.dir(DIR)) {
    const g = view.value<GroupRecord>(key);
    if (g) out.set(g.id, g);
  }
  return out;
}

export function groupRecord(view: StateView, id: string): GroupRecord | undefined {
  return view.value<GroupRecord>(K.group(id));
}

/** Add the writes to claims: removals first (a subtree), then the records at `version`. */
export function groupWritesInto(claims: Claims, w: GroupWrites, version: string): void {
  const stored = groupRecords(claims.view);
  for (const id of w.remove) {
    for (const g of stored.keys()) {
      if (g === '/' || !underGroup(id, g)) continue;
      claims.deletes.set(K.group(g), claims.view.entry(K.group(g))!.modRevision);
    }
  }
  for (const g of w.put) {
    if (g.id === '/') continue;
    const key = K.group(g.id);
    claims.deletes.delete(key);
    claims.updates.set(key, { value: JSON.stringify({ ...g, version }), modRevision: claims.view.entry(key)?.modRevision ?? 0 });
  }
}
