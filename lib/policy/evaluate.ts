/**
 * `marina policies why FROM TO PORT[/proto]` evaluated on the model (issue
 * 11), the same semantics the hosts enforce (lib/model/policy.ts): traffic
 * passes when the source's egress allows it (or no policy restricts that
 * egress) AND the destination's ingress admits it (or no policy selects the
 * destination). Pure: the caller hands in the policies, apps and tasks.
 */
import { selects, type Policy, type PolicyApp, type PolicyPeer, type PolicyPort, type PolicyProtocol, type PolicyRule } from '../model/policy';
import { contains, isIpv4, parseCidr } from '../net/ipv4';
import { ip6ToBig, overlaps6, parseCidr6 } from '../net/ipv6';

export interface WhyTask {
  id: string;
  appId: string;
  ipAddresses: Array<{ ipAddress: string }>;
}

/** Maps (not iterators): the evaluator walks them more than once. */
export interface PolicyWorld {
  policies: ReadonlyMap<string, Policy>;
  apps: ReadonlyMap<string, PolicyApp>;
  tasks: ReadonlyMap<string, WhyTask>;
}

/** FROM or TO resolved: an app (by id, or through one of its tasks or their addresses) or an outside address. */
export interface Endpoint {
  /** As given on the command line. */
  given: string;
  kind: 'app' | 'task' | 'ip';
  app?: PolicyApp;
  taskId?: string;
  /** Addresses the endpoint sends from / is reached at (cidr peers match these). */
  ips: string[];
}

export type Direction = 'ingress' | 'egress';

/** One side's decision: the source's egress or the destination's ingress. */
export interface Check {
  direction: Direction;
  verdict: 'allow' | 'deny';
  /** The policy whose rule decided (allow), or the first selecting policy (deny); absent when open. */
  policy?: string;
  /** Index of the deciding rule in that policy's list (allow only). */
  rule?: number;
  reason: string;
}

export interface WhyAnswer {
  verdict: 'allow' | 'deny';
  from: string;
  to: string;
  port: number;
  protocol: PolicyProtocol;
  /** The deciding check: the first denial, else the destination's ingress. */
  policy?: string;
  direction: Direction;
  rule?: number;
  reason: string;
  checks: Check[];
}

/** Resolve an app id (`/x/y`), a task id or an IP address; undefined when it names nothing (an IP always resolves). */
export function resolveEndpoint(world: PolicyWorld, given: string): Endpoint | undefined {
  if (given.startsWith('/')) {
    const app = world.apps.get(given);
    if (!app) return undefined;
    const ips = [...world.tasks.values()].filter((t) => t.appId === given).flatMap((t) => t.ipAddresses.map((a) => a.ipAddress));
    return { given, kind: 'app', app, ips };
  }
  const isIp = isIpv4(given) || isIp6(given);
  const byId = world.tasks.get(given);
  const found = byId ? [byId] : isIp ? world.tasks.values() : [];
  for (const t of found) {
    if (t.id === given || t.ipAddresses.some((a) => a.ipAddress === given)) {
      const app = world.apps.get(t.appId) ?? { id: t.appId };
      return { given, kind: isIp ? 'ip' : 'task', app, taskId: t.id, ips: isIp ? [given] : t.ipAddresses.map((a) => a.ipAddress) };
    }
  }
  return isIp ? { given, kind: 'ip', ips: [given] } : undefined;
}

function isIp6(ip: string): boolean {
  try {
    ip6ToBig(ip);
    return ip.includes(':');
  } catch {
    return false;
  }
}

function inCidr(ip: string, cidr: string): boolean {
  try {
    if (cidr.includes(':')) return isIp6(ip) && overlaps6(parseCidr6(`${ip}/128`), parseCidr6(cidr));
    return isIpv4(ip) && contains(parseCidr(cidr), ip);
  } catch {
    return false;
  }
}

/** A peer matches an endpoint by app (apps/labels, as a selector) or by address (every address in its cidrs). */
export function peerMatches(peer: PolicyPeer | undefined, ep: Endpoint): boolean {
  if (!peer) return true;
  if ((peer.apps?.length || peer.labels) && ep.app && selects(peer, ep.app)) return true;
  const cidrs = peer.cidrs ?? [];
  return cidrs.length > 0 && ep.ips.length > 0 && ep.ips.every((ip) => cidrs.some((c) => inCidr(ip, c)));
}

export function portMatches(ports: PolicyPort[] | undefined, port: number, protocol: PolicyProtocol): boolean {
  if (!ports) return true;
  return ports.some((p) => p.protocol === protocol && port >= p.port && port <= (p.endPort ?? p.port));
}

const name = (ep: Endpoint) => (ep.app && ep.app.id !== ep.given ? `${ep.given} (${ep.app.id})` : ep.given);

/** One side: which policies restrict it, and whether one of their rules lets the traffic through. */
function check(world: Policy[], direction: Direction, self: Endpoint, peer: Endpoint, port: number, protocol: PolicyProtocol): Check {
  const what = `${port}/${protocol}`;
  const restricting = self.app ? world.filter((p) => selects(p.selector, self.app!) && (direction === 'ingress' || p.egress !== undefined)) : [];
  if (restricting.length === 0) {
    const reason = direction === 'ingress' ? `no policy selects ${name(self)}: open` : `no policy restricts egress of ${name(self)}: open`;
    return { direction, verdict: 'allow', reason };
  }
  for (const p of restricting) {
    const rules: PolicyRule[] = (direction === 'ingress' ? p.ingress : p.egress) ?? [];
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (peerMatches(direction === 'ingress' ? r.from : r.to, peer) && portMatches(r.ports, port, protocol)) {
        const verb = direction === 'ingress' ? `admits ${name(peer)} to ${name(self)}` : `lets ${name(self)} reach ${name(peer)}`;
        return { direction, verdict: 'allow', policy: p.id, rule: i, reason: `policy ${p.id} ${direction} rule ${i} ${verb} on ${what}` };
      }
    }
  }
  const ids = restricting.map((p) => p.id);
  const by = ids.length === 1 ? ids[0] : `${ids[0]} and ${ids.length - 1} more (${ids.slice(1).join(', ')})`;
  const reason =
    direction === 'ingress'
      ? `${name(self)} is selected by ${by}; no ingress rule admits ${name(peer)} on ${what}`
      : `egress of ${name(self)} is restricted by ${by}; no egress rule lets it reach ${name(peer)} on ${what}`;
  return { direction, verdict: 'deny', policy: restricting[0].id, reason };
}

/** The verdict for FROM → TO:PORT/PROTOCOL, with the rule (or the absence of one) that decided. */
export function why(world: PolicyWorld, from: Endpoint, to: Endpoint, port: number, protocol: PolicyProtocol = 'tcp'): WhyAnswer {
  const policies = [...world.policies.values()].sort((a, b) => a.id.localeCompare(b.id));
  const egress = check(policies, 'egress', from, to, port, protocol);
  const ingress = check(policies, 'ingress', to, from, port, protocol);
  const decided = egress.verdict === 'deny' ? egress : ingress;
  return {
    verdict: egress.verdict === 'allow' && ingress.verdict === 'allow' ? 'allow' : 'deny',
    from: from.given,
    to: to.given,
    port,
    protocol,
    ...(decided.policy !== undefined ? { policy: decided.policy } : {}),
    direction: decided.direction,
    ...(decided.rule !== undefined ? { rule: decided.rule } : {}),
    reason: decided.reason,
    checks: [egress, ingress],
  };
}
