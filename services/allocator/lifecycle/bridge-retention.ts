/**
 * Bridge subnets of agents gone for good. A bridge /24 stays its agent's
 * across re-registrations (an agent that comes back keeps its addresses), so
 * without an end every agent id ever seen held one and a few bogus
 * registrations exhausted the range. The leader, once it may judge agents
 * (lifecycle/agent-liveness.ts), stamps `goneSince` on the bridge of an
 * unregistered agent that has no tasks left, and frees the bridge once the
 * stamp is older than the retention. Every write compares the bridge key's
 * modRevision and the agent key's absence, so a re-registration (which
 * clears the stamp, alloc/bridges.ts) always wins over the sweep.
 */
import type { AllocatorContext } from '../context';
import { Claims } from '../alloc/claims';
import { BRIDGES_DIR, type BridgeOwner } from '../alloc/bridges';
import { commit } from '../state/commit';
import { K } from '../state/keys';

export interface GoneBridge {
  key: string;
  agentId: string;
  modRevision: number;
  goneSince?: number;
}

/** Bridges whose agent is not registered and owns no task (listed only when there are any such bridges). */
export function bridgesOfGoneAgents(ctx: AllocatorContext): GoneBridge[] {
  const { view } = ctx;
  const gone: GoneBridge[] = [];
  for (const key of view.dir(BRIDGES_DIR)) {
    const owner = view.value<BridgeOwner>(key);
    const entry = view.entry(key);
    if (!owner?.agentId || !entry || view.agents.has(owner.agentId)) continue;
    gone.push({ key, agentId: owner.agentId, modRevision: entry.modRevision, goneSince: owner.goneSince });
  }
  if (gone.length === 0) return gone;
  const withTasks = new Set<string>();
  for (const t of view.tasks.values()) withTasks.add(t.agentId);
  return gone.filter((b) => !withTasks.has(b.agentId));
}

/** Gone bridges whose stamp is older than the retention (what `marina alloc gc` frees). */
export function expiredBridges(ctx: AllocatorContext, now = Date.now()): GoneBridge[] {
  return bridgesOfGoneAgents(ctx).filter((b) => b.goneSince !== undefined && now - b.goneSince >= ctx.settings.bridgeRetentionMs);
}

/** One guarded write: stamp (value) or free (undefined) one bridge. False when the agent came back or the key moved. */
async function guarded(ctx: AllocatorContext, b: GoneBridge, value: BridgeOwner | undefined): Promise<boolean> {
  const claims = new Claims(ctx.view, ctx.reserved);
  if (value) claims.updates.set(b.key, { value: JSON.stringify(value), modRevision: b.modRevision });
  else claims.deletes.set(b.key, b.modRevision);
  claims.checks.set(K.agent(b.agentId), 0);
  const res = await commit(ctx, claims);
  await ctx.view.waitFor(res.revision);
  return res.succeeded;
}

/** Free the given bridges (each guarded); returns how many were freed. */
export async function freeBridges(ctx: AllocatorContext, bridges: GoneBridge[]): Promise<number> {
  let freed = 0;
  for (const b of bridges) {
    if (!(await guarded(ctx, b, undefined))) continue;
    freed++;
    ctx.log.info({ agentId: b.agentId, bridgeCidr: b.key.slice(BRIDGES_DIR.length) }, 'agent gone past the bridge retention: bridge subnet freed');
  }
  return freed;
}

/** Leader pass (only while agents may be judged): stamp newly gone agents' bridges, free expired ones. */
export async function sweepBridges(ctx: AllocatorContext, now = Date.now()): Promise<void> {
  const gone = bridgesOfGoneAgents(ctx);
  for (const b of gone) {
    if (b.goneSince === undefined) await guarded(ctx, b, { kind: 'bridge', agentId: b.agentId, goneSince: now });
  }
  await freeBridges(ctx, gone.filter((b) => b.goneSince !== undefined && now - b.goneSince >= ctx.settings.bridgeRetentionMs));
}
