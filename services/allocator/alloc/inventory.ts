/** Listing, inspecting and releasing allocations (HTTP /v1/alloc and the Allocations RPCs). */
import { MarinaError } from '../../../lib/errors';
import type { AllocatorContext } from '../context';
import { Claims, type Owner } from './claims';
import { commit } from '../state/commit';
import { parseAllocKey, type AllocKind } from '../state/keys';

export interface AllocationView {
  kind: AllocKind;
  key: string;
  appId: string;
  taskId: string;
  agentId: string;
  network: string;
  value: string;
}

const KIND_ALIASES: Record<string, AllocKind> = {
  ports: 'port', port: 'port', ips: 'ip', ip: 'ip', blocks: 'block', block: 'block',
  serviceports: 'serviceport', serviceport: 'serviceport', vips: 'vip', vip: 'vip',
  vipnames: 'vipname', vipname: 'vipname', bridges: 'bridge', bridge: 'bridge',
};

export function parseKind(kind: string): AllocKind | undefined {
  if (kind === '') return undefined;
  const k = KIND_ALIASES[kind];
  if (!k) throw new MarinaError('MARINA_ERR_INVALID', `unknown allocation kind '${kind}'`, { details: [{ path: '/kind', errors: [`one of ${Object.keys(KIND_ALIASES).join(', ')}`] }] });
  return k;
}

function describe(key: string, kind: AllocKind, rest: string, owner: Owner): AllocationView {
  let value = rest;
  let agentId = owner.agentId ?? '';
  let network = owner.network ?? '';
  if (kind === 'port') {
    const slash = rest.indexOf('/');
    agentId = rest.slice(0, slash);
    value = rest.slice(slash + 1);
  } else if (kind === 'ip' || kind === 'block') {
    const slash = rest.indexOf('/');
    network = rest.slice(0, slash);
    value = rest.slice(slash + 1);
  } else if (kind === 'vipname') {
    value = `${decodeURIComponent(rest)} → ${owner.ip ?? ''}`;
  }
  return { kind, key, appId: owner.appId ?? '', taskId: owner.taskId ?? '', agentId, network, value };
}

export function listAllocations(ctx: AllocatorContext, filter: { kind?: AllocKind; agentId?: string; network?: string; taskId?: string }): AllocationView[] {
  const out: AllocationView[] = [];
  for (const key of [...ctx.view.kv.keys()].sort()) {
    const a = parseAllocKey(key);
    if (!a || (filter.kind && a.kind !== filter.kind)) continue;
    const v = describe(key, a.kind, a.rest, ctx.view.value<Owner>(key) ?? { kind: a.kind });
    if (filter.agentId && v.agentId !== filter.agentId) continue;
    if (filter.network && v.network !== filter.network) continue;
    if (filter.taskId && v.taskId !== filter.taskId) continue;
    out.push(v);
  }
  return out;
}

/** Release one allocation by key, only when its owner (task or app) is gone. */
export async function releaseAllocation(ctx: AllocatorContext, key: string): Promise<boolean> {
  const rel = key.replace(/^\/+/, '').replace(new RegExp(`^${ctx.settings.prefix.replace(/^\//, '')}/`), '');
  const entry = ctx.view.entry(rel);
  if (!entry || !parseAllocKey(rel)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `allocation ${key} does not exist`);
  const owner = ctx.view.value<Owner>(rel);
  if (owner?.taskId && ctx.view.tasks.has(owner.taskId)) {
    throw new MarinaError('MARINA_ERR_CONFLICT', `allocation ${key} belongs to live task ${owner.taskId}; kill the task instead`);
  }
  if (!owner?.taskId && owner?.appId && ctx.view.apps.has(owner.appId)) {
    throw new MarinaError('MARINA_ERR_CONFLICT', `allocation ${key} belongs to app ${owner.appId}; delete or update the app instead`);
  }
  const claims = new Claims(ctx.view, ctx.reserved);
  claims.deletes.set(rel, entry.modRevision);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  return res.succeeded;
}
