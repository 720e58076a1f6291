/**
 * Marathon placement constraints: [field, operator, value?] where field is
 * `hostname` or an agent attribute. Operators: UNIQUE, CLUSTER, LIKE,
 * UNLIKE, MAX_PER, GROUP_BY, IS. Each is a filter over candidate agents
 * given where the app's tasks (running and planned) already are.
 */
import type { Constraint } from '../../../lib/model/app';
import type { Agent } from '../../../lib/model/cluster';

/** Where the app's live tasks are: agent id → count. */
export type Spread = Map<string, number>;

export function fieldOf(agent: Agent, field: string): string | undefined {
  return field === 'hostname' ? agent.hostname : agent.attributes?.[field];
}

function fullMatch(pattern: string | undefined, value: string | undefined): boolean {
  if (value === undefined) return false;
  return new RegExp(`^(?:${pattern ?? ''})$`).test(value);
}

/** Count of the app's tasks per value of field. */
function countsBy(field: string, agents: Map<string, Agent>, spread: Spread): Map<string, number> {
  const out = new Map<string, number>();
  for (const [agentId, n] of spread) {
    const a = agents.get(agentId);
    const v = a && fieldOf(a, field);
    if (v !== undefined) out.set(v, (out.get(v) ?? 0) + n);
  }
  return out;
}

/** Whether agent may take one more task of the app under constraint c. */
export function allows(c: Constraint, agent: Agent, agents: Map<string, Agent>, spread: Spread): boolean {
  const [field, op, value] = c;
  const mine = fieldOf(agent, field);
  switch (op) {
    case 'UNIQUE':
      return mine !== undefined && (countsBy(field, agents, spread).get(mine) ?? 0) === 0;
    case 'CLUSTER': {
      if (value !== undefined && value !== '') return mine === value;
      const used = [...countsBy(field, agents, spread).keys()];
      return mine !== undefined && (used.length === 0 || used.includes(mine));
    }
    case 'LIKE':
      return fullMatch(value, mine);
    case 'UNLIKE':
      return mine === undefined || !fullMatch(value, mine);
    case 'IS':
      return mine === value;
    case 'MAX_PER':
      return mine !== undefined && (countsBy(field, agents, spread).get(mine) ?? 0) < Number(value);
    case 'GROUP_BY': {
      if (mine === undefined) return false;
      const counts = countsBy(field, agents, spread);
      const values = new Set<string>();
      for (const a of agents.values()) {
        const v = fieldOf(a, field);
        if (v !== undefined) values.add(v);
      }
      let min = Infinity;
      for (const v of values) min = Math.min(min, counts.get(v) ?? 0);
      return (counts.get(mine) ?? 0) <= min;
    }
    default:
      return false;
  }
}
