/**
 * Marathon's groups as a read view: the tree of the stored groups
 * (deploy/groups.ts: the ones /v2/groups named, empty ones too) and of the
 * path prefixes of the app and pod ids (`/shop/web` lives in group `/shop`,
 * inside the root `/`), rendered as GroupInfo (group.raml) with the parts
 * `embed` asks for. A group's `dependencies` and `enforceRole` are its
 * stored ones (none and false for a group only implied by an app id); its
 * version is the newest of its record's and its members'.
 */
import type { AppDefinition } from '../../../../../lib/model/app';
import { podSpecOf } from '../../../../../lib/validation/pod';
import type { StateView } from '../../../state/view';
import { renderApp } from '../render/app';
import type { AppEmbeds } from '../render/embed';
import { groupRecord, groupRecords, parentOf, underGroup } from '../../../deploy/groups';
import { listVersions, versionKey } from '../../../deploy/versions';

type Obj = Record<string, unknown>;

/** What a group carries: sub-groups, apps (with their own embeds), pods. */
export interface GroupEmbeds {
  groups: boolean;
  apps: boolean;
  pods: boolean;
  app: AppEmbeds;
}

const APP_PARTS = ['tasks', 'counts', 'deployments', 'readiness', 'lastTaskFailure', 'taskStats'] as const;

/** Marathon's embed parameter for groups; without one: group.groups, group.apps and group.pods (GroupsResource's defaultEmbeds). */
export function parseGroupEmbeds(raw: unknown): GroupEmbeds {
  const values = ([] as unknown[]).concat(raw ?? []).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const app: AppEmbeds = { tasks: false, counts: false, deployments: false, readiness: false, lastTaskFailure: false, taskStats: false, marina: false };
  if (values.length === 0) return { groups: true, apps: true, pods: true, app };
  const out: GroupEmbeds = { groups: false, apps: false, pods: false, app };
  for (const v of values) {
    const m = /^group\.(groups|apps|pods)(?:\.(\w+))?$/.exec(v);
    if (!m) continue;
    if (m[1] === 'groups') out.groups = true;
    if (m[1] === 'pods') out.pods = true;
    if (m[1] === 'apps') {
      out.apps = true;
      const part = (APP_PARTS as readonly string[]).includes(m[2] ?? '') ? (m[2] as (typeof APP_PARTS)[number]) : m[2] === 'failures' ? 'lastTaskFailure' : undefined;
      if (part) app[part] = true;
    }
  }
  return out;
}

export { parentOf };

function under(group: string, id: string): boolean {
  return group === '/' || id.startsWith(group + '/');
}

/** The run specs anywhere below the group. */
export function membersOf(view: StateView, group: string): AppDefinition[] {
  return [...view.apps.values()].filter((a) => under(group, a.id)).sort((a, b) => a.id.localeCompare(b.id));
}

/** True when the group exists: the root always, a stored one, another while a run spec lives below it. */
export function groupExists(view: StateView, group: string): boolean {
  return group === '/' || groupRecord(view, group) !== undefined || [...view.apps.keys()].some((id) => id.startsWith(group + '/'));
}

/**
 * The group as GroupInfo; podStatus renders a pod member (PodStatus).
 * `members` are the run specs below it (the current ones, or as they were
 * at a version: groupAt).
 */
export function renderGroup(view: StateView, group: string, e: GroupEmbeds, podStatus: (app: AppDefinition) => Obj, members: AppDefinition[] = membersOf(view, group)): Obj {
  const direct = members.filter((a) => parentOf(a.id) === group);
  const subgroups = new Set<string>();
  const child = (id: string) => {
    const rest = id.slice(group === '/' ? 1 : group.length + 1);
    return (group === '/' ? '' : group) + '/' + (rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest);
  };
  for (const a of members) if (parentOf(a.id) !== group) subgroups.add(child(a.id));
  for (const g of groupRecords(view).keys()) if (g !== group && underGroup(group, g)) subgroups.add(child(g));
  const record = groupRecord(view, group);
  const versions = [...members.map((a) => a.version ?? ''), record?.version ?? ''].filter((v) => v !== '').sort();
  return {
    id: group,
    ...(e.apps ? { apps: direct.filter((a) => !podSpecOf(a.labels)).map((a) => renderApp(a, view, e.app)) } : {}),
    ...(e.pods ? { pods: direct.filter((a) => podSpecOf(a.labels)).map(podStatus) } : {}),
    ...(e.groups ? { groups: [...subgroups].sort().map((g) => renderGroup(view, g, e, podStatus, members.filter((a) => underGroup(g, a.id)))) } : {}),
    dependencies: record?.dependencies ?? [],
    ...(versions.length > 0 ? { version: versions[versions.length - 1] } : {}),
    enforceRole: record?.enforceRole ?? false,
  };
}

/**
 * The group as it was at `version` (GET /v2/groups/{id}/versions/{version}):
 * each member at its newest stored version not after it; a member created
 * later is left out. Versions are kept per run spec, so a member deleted
 * since is not shown; pods render as their definitions.
 */
export function groupAt(view: StateView, group: string, version: string, renderPodDef: (app: AppDefinition) => Obj): Obj {
  const then: AppDefinition[] = [];
  for (const a of membersOf(view, group)) {
    const v = listVersions(view, a.id).find((x) => x <= version);
    const old = v ? view.value<AppDefinition>(versionKey(a.id, v)) : undefined;
    if (old) then.push(old);
  }
  const e: GroupEmbeds = { ...parseGroupEmbeds(undefined) };
  return renderGroup(view, group, e, renderPodDef, then);
}

/** GET /v2/groups/{id}/versions: the versions of the group's members and of the stored groups in it, newest first. */
export function groupVersions(view: StateView, group: string, versionsOf: (appId: string) => string[]): string[] {
  const all = new Set<string>();
  for (const a of membersOf(view, group)) for (const v of versionsOf(a.id)) all.add(v);
  for (const g of groupRecords(view).values()) if (underGroup(group, g.id)) all.add(g.version);
  return [...all].sort().reverse();
}
