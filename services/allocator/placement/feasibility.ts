/**
 * Whether an app can ever be placed on the agents that exist. Marathon
 * accepts apps before capacity exists (the launch queue waits for agents,
 * ports, addresses), so only definitions no live agent could ever take are
 * refused: a fixed host port outside every agent's range (422 naming the
 * port), constraints no agent meets even with none of the app's tasks
 * placed (409), a virtual network that does not exist (422). With no agent
 * at all nothing can be judged: the app waits.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent } from '../../../lib/model/cluster';
import { appPorts, netModeOf } from '../alloc/app-ports';
import { rangesOf } from '../alloc/ports';
import type { StateView } from '../state/view';
import { allows } from './constraints';

function inRange(agent: Agent, port: number): boolean {
  return rangesOf(agent).some((r) => port >= r.begin && port <= r.end);
}

/** Throws when no live agent could ever take an instance of app. */
export function assertPlaceable(view: StateView, app: AppDefinition): void {
  const { mode, network } = netModeOf(app);
  if (mode === 'container' && !view.networks.has(network!)) {
    throw new MarinaError('MARINA_ERR_INVALID', `network ${network} does not exist`, { details: [{ path: '/networks(0)/name', errors: [`network '${network}' does not exist`] }] });
  }
  if (view.agents.size === 0) return;
  const agents = [...view.agents.values()];
  const fitting = agents.filter((a) => app.constraints.every((c) => allows(c, a, view.agents, new Map())));
  if (fitting.length === 0) {
    throw new MarinaError('MARINA_ERR_NO_AGENT', `no live agent satisfies the constraints of app ${app.id}: ${JSON.stringify(app.constraints)}`);
  }
  const details = appPorts(app)
    .filter((p) => p.hostPort !== undefined && p.hostPort > 0 && !fitting.some((a) => inRange(a, p.hostPort!)))
    .map((p) => ({
      path: `${p.path}/${mode === 'host' ? 'port' : 'hostPort'}`,
      errors: [`host port ${p.hostPort} is outside the port range of every agent (${[...new Set(fitting.flatMap((a) => rangesOf(a).map((r) => `${r.begin}-${r.end}`)))].join(', ')})`],
    }));
  if (details.length > 0) throw new MarinaError('MARINA_ERR_INVALID', 'Object is not valid', { details });
}
