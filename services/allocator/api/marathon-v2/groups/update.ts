/**
 * Marathon's GroupUpdate (group.raml) → the run-spec changes it makes and
 * the groups it stores. `apps` (when given) becomes the group's own apps:
 * new ones start, changed ones restart or scale, the group's apps not listed
 * stop; `pods` the same for its pods; `groups` (when given) the same,
 * recursively, for the sub-groups (a sub-group not listed stops with every
 * run spec below it, and its stored groups go). `scaleBy` alone scales
 * every app below the group by the factor (Marathon's ceil). Every group the
 * body names is stored (deploy/groups.ts) with its `dependencies` (kept when
 * not given, as Marathon's GroupUpdate) and `enforceRole` (top-level groups
 * only, Marathon 1.9+; default false); a group's dependencies are also added
 * to each of its apps', which is what orders their launches. Ids are
 * relative to their group; an absolute id must name a direct child ("not
 * child of" 422, Marathon's).
 */
import { invalid, MarinaError, type FieldError } from '../../../../../lib/errors';
import type { AppDefinition } from '../../../../../lib/model/app';
import { parseAppDefinition } from '../../../../../lib/validation';
import { canonicalAppId } from '../../../../../lib/validation/app-id';
import { isObj } from '../../../../../lib/validation/issues';
import type { AllocatorContext } from '../../../context';
import { checkAppPolicy, checkScale } from '../../../deploy/app-policy';
import { changeOf } from '../../../deploy/deployments/apply';
import type { SpecChange } from '../../../deploy/deployments/plan';
import { groupVersions, membersOf, parentOf } from './tree';
import { getVersion, listVersions } from '../../../deploy/versions';
import { podSpecOf, podToAppJson } from '../../../../../lib/validation/pod';
import { groupRecord, groupRecords, NO_GROUP_WRITES, underGroup, type GroupWrites } from '../../../deploy/groups';

const FIELDS = new Set(['id', 'apps', 'groups', 'dependencies', 'scaleBy', 'version', 'enforceRole', 'pods']);
/** Apps one group request may name (a bound on what one request makes the allocator plan). */
export const MAX_GROUP_APPS = 1000;
/** Groups one request may name (each is a stored key). */
export const MAX_GROUP_GROUPS = 1000;

interface GroupSpec {
  id: string;
  apps?: AppDefinition[];
  pods?: AppDefinition[];
  groups?: GroupSpec[];
  /** As given (undefined: keep the stored ones). */
  dependencies?: string[];
  enforceRole?: boolean;
}

/** Resolve a group id (relative to base) or add an issue. */
function groupId(raw: unknown, base: string, path: string, issues: FieldError[]): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') {
    issues.push({ path, errors: ['expected a string'] });
    return undefined;
  }
  if (raw === '/' || (raw === '' && base === '/')) return '/';
  const res = canonicalAppId(raw, base);
  if ('error' in res) {
    issues.push({ path, errors: [res.error] });
    return undefined;
  }
  return res.id;
}

function parseGroup(body: unknown, id: string, path: string, deps: string[], issues: FieldError[], count: { apps: number; groups: number }, storedDeps: (id: string) => string[]): GroupSpec {
  if (!isObj(body)) {
    issues.push({ path: path || '/', errors: ['expected a JSON object (a group)'] });
    return { id };
  }
  for (const k of Object.keys(body)) if (!FIELDS.has(k)) issues.push({ path: `${path}/${k}`, errors: ['unknown field'] });
  const out: GroupSpec = { id };
  const groupDeps = [...deps];
  if (body.dependencies !== undefined) {
    if (!Array.isArray(body.dependencies) || body.dependencies.some((d) => typeof d !== 'string')) issues.push({ path: `${path}/dependencies`, errors: ['expected an array of ids'] });
    else {
      out.dependencies = [];
      for (const [i, d] of (body.dependencies as string[]).entries()) {
        const res = canonicalAppId(d, id);
        if ('error' in res) issues.push({ path: `${path}/dependencies(${i})`, errors: [res.error] });
        else out.dependencies.push(res.id);
      }
      groupDeps.push(...out.dependencies);
    }
  } else groupDeps.push(...storedDeps(id)); // kept: they still order the group's apps
  if (body.enforceRole !== undefined) {
    if (typeof body.enforceRole !== 'boolean') issues.push({ path: `${path}/enforceRole`, errors: ['expected a boolean'] });
    else if (body.enforceRole && (id === '/' || parentOf(id) !== '/')) issues.push({ path: `${path}/enforceRole`, errors: [`enforceRole can only be set for top-level groups, and ${id} is not top-level`] });
    else out.enforceRole = body.enforceRole;
  }
  if (body.pods !== undefined) {
    if (!Array.isArray(body.pods)) issues.push({ path: `${path}/pods`, errors: ['expected an array of pods'] });
    else {
      out.pods = [];
      for (const [i, raw] of body.pods.entries()) {
        if (++count.apps > MAX_GROUP_APPS) {
          issues.push({ path: `${path}/pods`, errors: [`at most ${MAX_GROUP_APPS} apps and pods in one group request`] });
          break;
        }
        const at = `${path}/pods(${i})`;
        try {
          // a pod's id is relative to its group, as an app's
          const rel = isObj(raw) && typeof raw.id === 'string' ? canonicalAppId(raw.id, id) : undefined;
          const pod = parseAppDefinition(podToAppJson(isObj(raw) && rel && 'id' in rel ? { ...raw, id: rel.id } : raw), { baseGroup: id });
          if (parentOf(pod.id) !== id) issues.push({ path: `${at}/id`, errors: [`identifier ${pod.id} is not child of ${id}. Hint: use relative paths.`] });
          out.pods.push(pod);
        } catch (err) {
          if (!(err instanceof MarinaError) || err.details.length === 0) throw err;
          for (const d of err.details) issues.push({ path: `${at}${d.path === '/' ? '' : d.path}`, errors: d.errors });
        }
      }
    }
  }
  if (body.apps !== undefined) {
    if (!Array.isArray(body.apps)) issues.push({ path: `${path}/apps`, errors: ['expected an array of apps'] });
    else {
      out.apps = [];
      for (const [i, raw] of body.apps.entries()) {
        if (++count.apps > MAX_GROUP_APPS) {
          issues.push({ path: `${path}/apps`, errors: [`at most ${MAX_GROUP_APPS} apps in one group request`] });
          break;
        }
        const at = `${path}/apps(${i})`;
        try {
          const app = parseAppDefinition(raw, { baseGroup: id });
          if (parentOf(app.id) !== id) issues.push({ path: `${at}/id`, errors: [`identifier ${app.id} is not child of ${id}. Hint: use relative paths.`] });
          const all = [...new Set([...(app.dependencies ?? []), ...groupDeps.filter((d) => d !== app.id)])];
          out.apps.push({ ...app, ...(all.length > 0 ? { dependencies: all } : {}) });
        } catch (err) {
          if (!(err instanceof MarinaError) || err.details.length === 0) throw err;
          for (const d of err.details) issues.push({ path: `${at}${d.path === '/' ? '' : d.path}`, errors: d.errors });
        }
      }
    }
  }
  if (body.groups !== undefined) {
    if (!Array.isArray(body.groups)) issues.push({ path: `${path}/groups`, errors: ['expected an array of groups'] });
    else {
      out.groups = [];
      for (const [i, g] of body.groups.entries()) {
        if (++count.groups > MAX_GROUP_GROUPS) {
          issues.push({ path: `${path}/groups`, errors: [`at most ${MAX_GROUP_GROUPS} groups in one group request`] });
          break;
        }
        const at = `${path}/groups(${i})`;
        const sub = groupId(isObj(g) ? g.id : undefined, id, `${at}/id`, issues);
        if (isObj(g) && g.id === undefined) issues.push({ path: `${at}/id`, errors: ['is required'] });
        if (sub !== undefined && parentOf(sub) !== id) issues.push({ path: `${at}/id`, errors: [`identifier ${sub} is not child of ${id}. Hint: use relative paths.`] });
        out.groups.push(parseGroup(g, sub ?? `${id}/?`, at, groupDeps, issues, count, storedDeps));
      }
    }
  }
  return out;
}

/** The run specs the group spec wants below `spec.id` (only the parts it names). */
function wanted(spec: GroupSpec, current: AppDefinition[], into: Map<string, AppDefinition | null>): void {
  const inGroup = (a: AppDefinition, g: string) => a.id.startsWith(g + '/') || g === '/';
  if (spec.apps) {
    for (const a of current) if (parentOf(a.id) === spec.id && !podSpecOf(a.labels)) into.set(a.id, null);
    for (const a of spec.apps) into.set(a.id, a);
  }
  if (spec.pods) {
    for (const a of current) if (parentOf(a.id) === spec.id && podSpecOf(a.labels)) into.set(a.id, null);
    for (const a of spec.pods) into.set(a.id, a);
  }
  if (spec.groups) {
    const named = new Set(spec.groups.map((g) => g.id));
    for (const a of current) {
      if (!inGroup(a, spec.id) || parentOf(a.id) === spec.id) continue;
      const rest = a.id.slice(spec.id === '/' ? 1 : spec.id.length + 1);
      const sub = (spec.id === '/' ? '' : spec.id) + '/' + rest.slice(0, rest.indexOf('/'));
      if (!named.has(sub)) into.set(a.id, null);
    }
    for (const g of spec.groups) wanted(g, current.filter((a) => inGroup(a, g.id)), into);
  }
}

/** The stored groups the spec names (dependencies and enforceRole kept when not given), and the sub-groups it drops. */
function groupWritesOf(ctx: AllocatorContext, spec: GroupSpec, into: GroupWrites): void {
  const stored = groupRecord(ctx.view, spec.id);
  into.put.push({ id: spec.id, dependencies: spec.dependencies ?? stored?.dependencies ?? [], enforceRole: spec.enforceRole ?? stored?.enforceRole ?? false });
  if (!spec.groups) return;
  const named = new Set(spec.groups.map((g) => g.id));
  for (const g of groupRecords(ctx.view).keys()) {
    if (g !== spec.id && underGroup(spec.id, g) && parentOf(g) === spec.id && !named.has(g)) into.remove.push(g);
  }
  for (const g of spec.groups) groupWritesOf(ctx, g, into);
}

/**
 * The changes back to group version V: each member as its newest stored
 * version at or before V; a member created after V stops. (Versions are
 * kept per app: an app deleted since V is not brought back.)
 */
function rollbackChanges(ctx: AllocatorContext, id: string, current: AppDefinition[], version: unknown): SpecChange[] {
  if (typeof version !== 'string' || version === '') throw invalid([{ path: '/version', errors: ['must be a version timestamp of this group'] }]);
  const all = groupVersions(ctx.view, id, (appId) => listVersions(ctx.view, appId));
  if (!all.includes(version)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Group '${id}' does not exist in version ${version}`);
  const changes: SpecChange[] = [];
  for (const app of current) {
    const then = listVersions(ctx.view, app.id).find((v) => v <= version);
    const c = changeOf(app, then ? getVersion(ctx.view, app.id, then) : null);
    if (c) changes.push(c);
  }
  return changes;
}

export interface GroupRequest {
  id: string;
  changes: SpecChange[];
  /** The stored groups it writes and removes. */
  writes: GroupWrites;
}

/** The changes a GroupUpdate body makes to group `id` (the path's, or the body's for POST). */
export function groupChanges(ctx: AllocatorContext, pathId: string | undefined, body: unknown): GroupRequest {
  const issues: FieldError[] = [];
  if (!isObj(body)) throw invalid([{ path: '/', errors: ['expected a JSON object (a group)'] }]);
  const id = pathId ?? groupId(body.id, '/', '/id', issues);
  if (id === undefined) {
    if (body.id === undefined) issues.push({ path: '/id', errors: ['is required'] });
    throw invalid(issues);
  }
  const current = membersOf(ctx.view, id);
  // `version` (with or without scaleBy): the group as it was then (Marathon ignores scaleBy then)
  if (body.version !== undefined) return { id, changes: rollbackChanges(ctx, id, current, body.version), writes: NO_GROUP_WRITES };
  const onlyScale = body.scaleBy !== undefined && Object.keys(body).every((k) => k === 'scaleBy' || k === 'id');
  if (body.scaleBy !== undefined && (typeof body.scaleBy !== 'number' || !(body.scaleBy >= 0) || !Number.isFinite(body.scaleBy))) {
    throw invalid([{ path: '/scaleBy', errors: ['must be a number >= 0'] }]);
  }
  if (onlyScale) {
    const factor = body.scaleBy as number;
    const changes = current.map((a) => {
      const instances = Math.ceil(a.instances * factor - 1e-9);
      checkScale(ctx, instances, a.instances);
      return changeOf(a, { ...a, instances });
    });
    return { id, changes: changes.filter((c): c is SpecChange => c !== undefined), writes: NO_GROUP_WRITES };
  }
  const stored = (g: string) => groupRecord(ctx.view, g)?.dependencies ?? [];
  // the stored dependencies of the groups above are inherited (Marathon: by every transitive app)
  const inherited: string[] = [];
  for (let g = id; g !== '/'; ) inherited.push(...stored((g = parentOf(g))));
  const spec = parseGroup(body, id, '', inherited, issues, { apps: 0, groups: 0 }, stored);
  if (issues.length > 0) throw invalid(issues);
  const into = new Map<string, AppDefinition | null>();
  wanted(spec, current, into);
  const byId = new Map(current.map((a) => [a.id, a]));
  const changes: SpecChange[] = [];
  for (const [appId, after] of into) {
    const before = byId.get(appId) ?? ctx.view.apps.get(appId) ?? null;
    if (after) checkAppPolicy(ctx, after, before?.instances ?? 0);
    const c = changeOf(before, after);
    if (c) changes.push(c);
  }
  const writes: GroupWrites = { put: [], remove: [] };
  groupWritesOf(ctx, spec, writes);
  return { id, changes, writes };
}
