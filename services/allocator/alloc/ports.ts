/**
 * Host ports on one agent: fixed ports (requirePorts, bridge hostPort N) must
 * be free; dynamic ones (PORTn, hostPort 0) come from the agent's ranges,
 * scanning from a random offset so replicas racing on one agent rarely pick
 * the same port. A `udp,tcp` port holds the number for both protocols.
 */
import type { PortProtocol } from '../../../lib/model/app';
import type { Agent, PortRange } from '../../../lib/model/cluster';
import { K, protocolsOf } from '../state/keys';
import type { Claims } from './claims';

export interface HostPortNeed {
  /** 0 = dynamic. */
  port: number;
  protocol: PortProtocol;
}

export const DEFAULT_AGENT_PORT_RANGES: PortRange[] = [{ begin: 31000, end: 32000 }];

/** The agent's host port ranges (Marathon's default when it registered none). */
export function rangesOf(agent: Agent): PortRange[] {
  return agent.portRanges && agent.portRanges.length > 0 ? agent.portRanges : DEFAULT_AGENT_PORT_RANGES;
}

function free(claims: Claims, agentId: string, port: number, protocol: PortProtocol, picked: Set<number>): boolean {
  if (picked.has(port)) return false;
  return protocolsOf(protocol).every((p) => !claims.taken(K.port(agentId, port, p)));
}

/**
 * Pick host ports for one instance on agent; returns undefined when they do not
 * fit (the caller tries another agent or reports exhaustion). Claims the keys.
 */
export function pickHostPorts(claims: Claims, agent: Agent, needs: HostPortNeed[], owner: { appId: string; taskId: string }): number[] | undefined {
  const picked = new Set<number>();
  const out: number[] = [];
  const ranges = rangesOf(agent);
  const total = ranges.reduce((n, r) => n + (r.end - r.begin + 1), 0);
  for (const need of needs) {
    let port = 0;
    if (need.port > 0) {
      if (!free(claims, agent.id, need.port, need.protocol, picked)) return undefined;
      port = need.port;
    } else {
      const start = Math.floor(Math.random() * total);
      for (let i = 0; i < total && port === 0; i++) {
        const candidate = nth(ranges, (start + i) % total);
        if (free(claims, agent.id, candidate, need.protocol, picked)) port = candidate;
      }
      if (port === 0) return undefined;
    }
    picked.add(port);
    out.push(port);
  }
  needs.forEach((need, i) => {
    for (const p of protocolsOf(need.protocol)) {
      claims.create(K.port(agent.id, out[i], p), { kind: 'port', appId: owner.appId, taskId: owner.taskId, agentId: agent.id });
    }
  });
  return out;
}

function nth(ranges: PortRange[], i: number): number {
  for (const r of ranges) {
    const n = r.end - r.begin + 1;
    if (i < n) return r.begin + i;
    i -= n;
  }
  throw new Error('port index out of range');
}

/** Whether fixed ports are free on agent (placement filter, no claims). */
export function fixedPortsFree(claims: Claims, agent: Agent, needs: HostPortNeed[]): boolean {
  const picked = new Set<number>();
  for (const n of needs) {
    if (n.port === 0) continue;
    if (!free(claims, agent.id, n.port, n.protocol, picked)) return false;
    picked.add(n.port);
  }
  return true;
}
