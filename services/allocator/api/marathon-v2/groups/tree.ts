/**
 * Marathon's groups as a read view: the tree of path prefixes of the app
 * and pod ids (`/shop/web` lives in group `/shop`, inside the root `/`),
 * rendered as GroupInfo (group.raml) with the parts `embed` asks for.
 * Marina keeps no group objects: a group exists while a run spec lives
 * under it, and its version is its newest member's.
 */
import type { AppDefinition } from '../../../../../lib/model/app';
import { podSpecOf } from '../../../../../lib/validation/pod';
import type { StateView } from '../../../state/view';
import { renderApp } from '../render/app';
import type { AppEmbeds } from '../render/embed';

type Obj = Record<string, unknown>;

/** What a group carries: sub-groups, apps (with their own embeds), pods. */
export interface GroupEmbeds {
  groups: boolean;
  apps: boolean;
  pods: boolean;
  app: AppEmbeds;
}

const APP_PARTS = ['tasks', 'counts', 'deployments', 'readiness', 'lastTaskFailure', 'taskStats'] as const;

/** Marathon's embed parameter for groups; without one: group.groups and group.apps (groups.raml). */
export function parseGroupEmbeds(raw: unknown): GroupEmbeds {
  const values = ([] as unknown[]).concat(raw ?? []).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter((v) => v !== '');
  const app: AppEmbeds = { tasks: false, counts: false, deployments: false, readiness: false, lastTaskFailure: false, taskStats: false, marina: false };
  if (values.length === 0) return { groups: true, apps: true, pods: false, app };
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

/** The group of a run spec: its id without the last segment (`/web` → `/`). */
export function parentOf(id: string): string {
  const i = id.lastIndexOf('/');
  return i <= 0 ? '/' : id.slice(0, i);
}

function under(group: string, id: string): boolean {
  return group === '/' || id.startsWith(group + '/');
}

/** The run specs anywhere below the group. */
export function membersOf(view: StateView, group: string): AppDefinition[] {
  return [...view.apps.values()].filter((a) => under(group, a.id)).sort((a, b) => a.id.localeCompare(b.id));
}

/** True when the group exists: the root always, another while a run spec lives below it. */
export function groupExists(view: StateView, group: string): boolean {
  return group === '/' || membersOf(view, group).length > 0;
}

/** The group as GroupInfo; podStatus renders a pod member (PodStatus). */
export function renderGroup(view: StateView, group: string, e: GroupEmbeds, podStatus: (app: AppDefinition) => Obj): Obj {
  const members = membersOf(view, group);
  const direct = members.filter((a) => parentOf(a.id) === group);
  const subgroups = new Set<string>();
  for (const a of members) {
    const rest = a.id.slice(group === '/' ? 1 : group.length + 1);
    if (rest.includes('/')) subgroups.add((group === '/' ? '' : group) + '/' + rest.slice(0, rest.indexOf('/')));
  }
  const versions = members.map((a) => a.version ?? '').filter((v) => v !== '').sort();
  return {
    id: group,
    ...(e.apps ? { apps: direct.filter((a) => !podSpecOf(a.labels)).map((a) => renderApp(a, view, e.app)) } : {}),
    ...(e.pods ? { pods: direct.filter((a) => podSpecOf(a.labels)).map(podStatus) } : {}),
    ...(e.groups ? { groups: [...subgroups].sort().map((g) => renderGroup(view, g, e, podStatus)) } : {}),
    dependencies: [],
    ...(versions.length > 0 ? { version: versions[versions.length - 1] } : {}),
  };
}

/** GET /v2/groups/{id}/versions: the versions of the group's members, newest first. */
export function groupVersions(view: StateView, group: string, versionsOf: (appId: string) => string[]): string[] {
  const all = new Set<string>();
  for (const a of membersOf(view, group)) for (const v of versionsOf(a.id)) all.add(v);
  return [...all].sort().reverse();
}
