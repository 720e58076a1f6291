/**
 * Network policies in the store (issue 11): `policies/<id>` holds the current
 * version (streamed to every watcher as kind `policy`), and
 * `policyversions/<id>/<version>` every version written, bounded like app
 * versions and deleted with the policy. Policy.version is the write time.
 */
import { MarinaError } from '../../../lib/errors';
import type { Policy } from '../../../lib/model/policy';
import { parsePolicy } from '../../../lib/validation/policy';
import { Claims } from '../alloc/claims';
import type { AllocatorContext } from '../context';
import { MAX_VERSIONS } from '../deploy/versions';
import { commit } from '../state/commit';
import { K } from '../state/keys';
import { hostModeWarnings } from './host-mode';

export interface PolicyWrite {
  policy: Policy;
  /** PUT: whether it did not exist before. */
  created: boolean;
  warnings: string[];
}

const versionDir = (id: string) => `policyversions/${id}/`;

/** Validate a definition against the current apps and limits. */
export function checkPolicy(ctx: AllocatorContext, input: unknown, pathId?: string): Policy {
  const { limits } = ctx.settings;
  return parsePolicy(input, { pathId, limits, appExists: (id) => ctx.view.apps.has(id) });
}

export function warningsFor(ctx: AllocatorContext, policy: Policy): string[] {
  return hostModeWarnings(ctx.view.apps.values(), policy);
}

export function listPolicies(ctx: AllocatorContext): Policy[] {
  return [...ctx.view.policies.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function getPolicy(ctx: AllocatorContext, id: string): Policy {
  const p = ctx.view.policies.get(id);
  if (!p) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Policy '${id}' does not exist`);
  return p;
}

/** A version later than the previous one, even within one millisecond. */
function nextVersion(previous?: string): string {
  const now = Date.now();
  const prev = previous ? Date.parse(previous) : 0;
  return new Date(Math.max(now, prev + 1)).toISOString();
}

/** POST: 409 when it exists. PUT (replace): create or replace. */
export async function writePolicy(ctx: AllocatorContext, def: Policy, mode: 'create' | 'put'): Promise<PolicyWrite> {
  const key = K.policy(def.id);
  const existing = ctx.view.entry(key);
  if (existing && mode === 'create') throw new MarinaError('MARINA_ERR_CONFLICT', `Policy '${def.id}' already exists; use PUT /v1/policies/${def.id} to replace it`);
  if (!existing && ctx.view.policies.size >= ctx.settings.limits.maxPolicies) {
    throw new MarinaError('MARINA_ERR_INVALID', `at most ${ctx.settings.limits.maxPolicies} policies allowed (limit --max-policies)`, { details: [{ path: '/id', errors: [`${ctx.view.policies.size} policies exist, at most ${ctx.settings.limits.maxPolicies} allowed (limit --max-policies)`] }] });
  }
  const policy: Policy = { ...def, version: nextVersion(ctx.view.policies.get(def.id)?.version) };
  const claims = new Claims(ctx.view, ctx.reserved);
  const value = JSON.stringify(policy);
  claims.updates.set(key, { value, modRevision: existing?.modRevision ?? 0 });
  claims.updates.set(`${versionDir(def.id)}${policy.version}`, { value, modRevision: 0 });
  const old = [...ctx.view.dir(versionDir(def.id))].sort();
  for (const k of old.slice(0, Math.max(0, old.length + 1 - MAX_VERSIONS))) claims.deletes.set(k, ctx.view.entry(k)!.modRevision);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  if (!res.succeeded) {
    if (!existing && mode === 'create') throw new MarinaError('MARINA_ERR_CONFLICT', `Policy '${def.id}' already exists; use PUT /v1/policies/${def.id} to replace it`);
    throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `policy ${def.id} changed during the write; retry`);
  }
  return { policy, created: !existing, warnings: warningsFor(ctx, policy) };
}

/** DELETE: the policy and its stored versions; 404 when absent. */
export async function deletePolicy(ctx: AllocatorContext, id: string): Promise<Policy> {
  const entry = ctx.view.entry(K.policy(id));
  const policy = ctx.view.policies.get(id);
  if (!entry || !policy) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Policy '${id}' does not exist`);
  const claims = new Claims(ctx.view, ctx.reserved);
  claims.deletes.set(K.policy(id), entry.modRevision);
  for (const k of ctx.view.dir(versionDir(id))) claims.deletes.set(k, ctx.view.entry(k)!.modRevision);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  if (!res.succeeded) throw new MarinaError('MARINA_ERR_TXN_CONFLICT', `policy ${id} changed during the delete; retry`);
  return policy;
}

/** Stored versions, newest first (as app versions). */
export function listPolicyVersions(ctx: AllocatorContext, id: string): string[] {
  getPolicy(ctx, id);
  const dir = versionDir(id);
  return [...ctx.view.dir(dir)].sort().reverse().map((k) => k.slice(dir.length));
}

export function getPolicyVersion(ctx: AllocatorContext, id: string, version: string): Policy {
  const p = ctx.view.value<Policy>(`${versionDir(id)}${version}`);
  if (!p) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Policy '${id}' does not exist in version ${version}`);
  return p;
}
