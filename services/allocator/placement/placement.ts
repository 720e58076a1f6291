/**
 * Placement of one instance: the live agents that satisfy the app's
 * constraints and have its fixed ports free, preferring the agent with the
 * fewest tasks of this app (spread), then the fewest tasks overall.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent } from '../../../lib/model/cluster';
import { fixedPortsFree, type HostPortNeed } from '../alloc/ports';
import type { Claims } from '../alloc/claims';
import { allows, type Spread } from './constraints';

export interface Loads {
  /** Tasks of this app per agent (live and planned). */
  spread: Spread;
  /** All tasks per agent. */
  total: Map<string, number>;
}

/** Candidate agents in preference order; throws NO_AGENT / PORT_EXHAUSTED when none. */
export function candidates(claims: Claims, app: AppDefinition, needs: HostPortNeed[], loads: Loads): Agent[] {
  const agents = claims.view.agents;
  if (agents.size === 0) throw new MarinaError('MARINA_ERR_NO_AGENT', `no live agent to place app ${app.id} on`);
  const fitting = [...agents.values()].filter((a) => app.constraints.every((c) => allows(c, a, agents, loads.spread)));
  if (fitting.length === 0) {
    throw new MarinaError('MARINA_ERR_NO_AGENT', `no live agent satisfies the constraints of app ${app.id}: ${JSON.stringify(app.constraints)}`);
  }
  const free = fitting.filter((a) => fixedPortsFree(claims, a, needs));
  if (free.length === 0) {
    const fixed = needs.filter((n) => n.port > 0).map((n) => n.port);
    throw new MarinaError('MARINA_ERR_PORT_EXHAUSTED', `host ports ${fixed.join(',')} for app ${app.id} are taken on every eligible agent (${fitting.map((a) => `${a.id}/${a.hostname}`).join(', ')})`);
  }
  const rnd = new Map(free.map((a) => [a.id, Math.random()]));
  return free.sort(
    (a, b) =>
      (loads.spread.get(a.id) ?? 0) - (loads.spread.get(b.id) ?? 0) ||
      (loads.total.get(a.id) ?? 0) - (loads.total.get(b.id) ?? 0) ||
      rnd.get(a.id)! - rnd.get(b.id)!,
  );
}

export function addLoad(loads: Loads, agentId: string): void {
  loads.spread.set(agentId, (loads.spread.get(agentId) ?? 0) + 1);
  loads.total.set(agentId, (loads.total.get(agentId) ?? 0) + 1);
}
