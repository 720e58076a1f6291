/**
 * Authorisation of every marina.v1 gRPC method, keyed `Service/Method`.
 * grpc-guard.ts refuses to start a service with a method missing here, so
 * a new RPC cannot go unguarded. Agents get kube's NodeRestriction: they
 * may register and keep alive only their own name, report only tasks placed
 * on them, and their watch is narrowed to their own tasks.
 */
import { underPrefix, type Identity, type Role } from '../../../lib/auth/identity';
import { bodyAsksForRoot, rootDenied } from '../../../lib/task-user';
import type { AllocatorCore } from '../core';
import { NODE_RESTRICTED } from './agent-view';
import { deploymentOf } from '../deploy/deployments/record';
import { deniedPolicyScope } from './policy-scope';
import type { PolicySelector } from '../../../lib/model/policy';

/** Undefined when allowed; else the reason (a 'forbidden' or 'name_mismatch' refusal). */
export type GrpcDecision = { reason: 'forbidden' | 'name_mismatch'; message: string } | undefined;
export type GrpcRule = (id: Identity, req: Record<string, unknown>, core: AllocatorCore) => GrpcDecision;

const READERS: Role[] = ['admin', 'deployer', 'viewer'];

function roles(allowed: Role[]): GrpcRule {
  return (id) => (allowed.includes(id.role) ? undefined : { reason: 'forbidden', message: `role ${id.role} may not call this method (allowed: ${allowed.join(', ')})` });
}

/**
 * The group's id and every absolute id below it (apps, pods, sub-groups);
 * relative ids resolve under the group, whose id is checked.
 */
function idsInTree(g: unknown, top = true): string[] {
  if (typeof g !== 'object' || g === null) return [];
  const o = g as { id?: unknown; apps?: unknown; pods?: unknown; groups?: unknown };
  const own = typeof o.id === 'string' && (top || o.id.startsWith('/')) ? [o.id] : [];
  const below = (x: unknown) => (Array.isArray(x) ? x.flatMap((c) => idsInTree(c, false)) : []);
  return [...own, ...below(o.apps), ...below(o.pods), ...below(o.groups)];
}

/**
 * A change to run specs: admin, or a deployer whose prefixes hold every id
 * `ids(req)` names (as /v2's app-write rule); tasks as root only for admins.
 * `body(req)` is the definition the request carries, if any (/v2 JSON shape).
 */
function specWrite(ids: (req: Record<string, unknown>, core: AllocatorCore) => unknown[], body: (req: Record<string, unknown>) => unknown = () => undefined): GrpcRule {
  return (id, req, core) => {
    if (id.role === 'admin') return undefined;
    if (bodyAsksForRoot(body(req))) return { reason: 'forbidden', message: rootDenied(id.role)! };
    if (id.role !== 'deployer') return { reason: 'forbidden', message: `role ${id.role} may not change apps` };
    const named = ids(req, core).filter((x): x is string => typeof x === 'string' && x !== '');
    const outside = named.find((a) => !underPrefix(a.startsWith('/') ? a : `/${a}`, id.prefixes ?? []));
    return outside === undefined ? undefined : { reason: 'forbidden', message: `app ${outside} is outside the prefixes of this deployer token` };
  };
}

const field = (r: Record<string, unknown>, k: string) => r[k] as Record<string, unknown> | undefined;
const appWrite = specWrite((r) => [r.id, field(r, 'app')?.id], (r) => r.app);
const podWrite = specWrite((r) => [r.id, field(r, 'pod')?.id], (r) => r.pod);
const groupWrite = specWrite((r) => [r.id, ...idsInTree(r.group)], (r) => r.group);
const taskKill = specWrite((r, core) => ((r.ids as string[] | undefined) ?? []).map((t) => core.ctx.view.tasks.get(t)?.appId));
const deploymentRevert = specWrite((r, core) => {
  const d = deploymentOf(core.ctx.view, String(r.id ?? ''));
  return d ? [...d.affectedApps, ...d.affectedPods] : [];
});

/** Policies writes: admin, or a deployer whose prefixes hold what the policy (and the one it replaces) protects. */
const policyWrite: GrpcRule = (id, req, core) => {
  let body: { id?: unknown; selector?: PolicySelector } | undefined;
  try {
    body = typeof req.policyJson === 'string' && req.policyJson ? (JSON.parse(req.policyJson) as typeof body) : undefined;
  } catch {
    body = undefined; // the handler answers the bad JSON
  }
  const stored = core.ctx.view.policies.get(String(req.id || body?.id || ''));
  const denied = deniedPolicyScope(id, [body?.selector, stored?.selector]);
  return denied ? { reason: 'forbidden', message: denied } : undefined;
};

/** admin, or the agent whose name is `name(req)`. */
function ownNode(name: (req: Record<string, unknown>) => string, what: string): GrpcRule {
  return (id, req) => {
    if (id.role === 'admin') return undefined;
    if (id.role !== 'agent' || !id.node) return { reason: 'forbidden', message: `role ${id.role} may not ${what}` };
    const claimed = name(req);
    if (claimed !== id.node) return { reason: 'name_mismatch', message: `agent ${id.node} may not ${what} as ${JSON.stringify(claimed)}` };
    return undefined;
  };
}

const reportOwnTask: GrpcRule = (id, req, core) => {
  const base = ownNode((r) => String(r.agentId), 'report task status')(id, req, core);
  if (base || id.role === 'admin') return base;
  const task = core.ctx.view.tasks.get(String(req.taskId));
  if (task && task.agentId !== id.node) return { reason: 'name_mismatch', message: `task ${String(req.taskId)} is not placed on agent ${id.node}` };
  return undefined;
};

/**
 * A watcher's programming-latency report: dns and lb run with viewer
 * tokens; an agent reports its policy programming under its own name only.
 */
const programmingReport: GrpcRule = (id, req) => {
  if (id.role === 'admin') return undefined;
  if (id.role === 'agent' && id.node) {
    if (req.component !== 'agent-policy') return { reason: 'forbidden', message: `an agent reports only its agent-policy latency, not ${JSON.stringify(req.component)}` };
    return req.host === id.node ? undefined : { reason: 'name_mismatch', message: `agent ${id.node} may not report programming latency as ${JSON.stringify(req.host)}` };
  }
  if (id.role === 'viewer') return req.component === 'dns' || req.component === 'lb' ? undefined : { reason: 'forbidden', message: `role viewer reports only dns or lb latency, not ${JSON.stringify(req.component)}` };
  return { reason: 'forbidden', message: `role ${id.role} may not report programming latency (dns and lb: viewer; agents: their own)` };
};

/** Watch: readers see everything (minus other policies such as secret masking); an agent only its own tasks. */
const watch: GrpcRule = (id, req) => {
  if (READERS.includes(id.role)) return undefined;
  if (id.role === 'agent' && id.node) {
    req.agentId = id.node; // narrowed, whatever the agent asked for (agent-view.ts)
    (req as Record<symbol, unknown>)[NODE_RESTRICTED] = true;
    return undefined;
  }
  return { reason: 'forbidden', message: `role ${id.role} may not watch` };
};

/** Marks a Renew request with the node of the presented certificate (join.ts issues for that name only). */
export const RENEW_AS = Symbol('marina.renewAs');

/**
 * Renew (kubelet client-certificate rotation): only an agent proving itself with its current
 * client certificate; the name is the certificate's, whatever the request carries.
 */
const renew: GrpcRule = (id, req) => {
  if (id.role !== 'agent' || id.via !== 'cert' || !id.node) return { reason: 'forbidden', message: `only an agent's own client certificate may renew it (this is a ${id.via} identity of role ${id.role}); a new agent joins with --join-token` };
  (req as Record<symbol, unknown>)[RENEW_AS] = id.node;
  return undefined;
};

/** Join: an agent token (join-only or bound to this hostname), or an admin. */
const join: GrpcRule = (id, req) => {
  if (id.role !== 'agent' && id.role !== 'admin') return { reason: 'forbidden', message: `role ${id.role} may not join agents (use a token from marina tokens create --role agent)` };
  if (id.node && id.node !== req.hostname) return { reason: 'name_mismatch', message: `this token is bound to agent ${id.node}, not ${JSON.stringify(req.hostname)}` };
  return undefined;
};

const read = roles(READERS);

export const GRPC_POLICY: Record<string, GrpcRule> = {
  'Apps/Get': read,
  'Apps/List': read,
  'Apps/ListVersions': read,
  'Apps/GetVersion': read,
  'Apps/ListTasks': read,
  'Apps/Create': appWrite,
  'Apps/Update': appWrite,
  'Apps/Scale': appWrite,
  'Apps/Restart': appWrite,
  'Apps/Delete': appWrite,
  'Apps/KillTasks': appWrite,
  'Tasks/List': read,
  'Tasks/Kill': taskKill,
  'Pods/Get': read,
  'Pods/List': read,
  'Pods/Status': read,
  'Pods/Create': podWrite,
  'Pods/Update': podWrite,
  'Pods/Delete': podWrite,
  'Queue/List': read,
  // /v2/queue/{id}/delay is outside /v2's app-write routes: admin only, as there
  'Queue/ResetDelay': roles(['admin']),
  'Deployments/List': read,
  'Deployments/Delete': deploymentRevert,
  'Groups/Get': read,
  'Groups/ListVersions': read,
  'Groups/GetVersion': read,
  'Groups/Create': groupWrite,
  'Groups/Update': groupWrite,
  'Groups/Delete': groupWrite,
  'Events/Stream': read,
  'Info/Get': read,
  'Leader/Get': read,
  // DELETE /v2/leader: admin only, as on /v2
  'Leader/Abdicate': roles(['admin']),
  'Allocations/List': read,
  'Allocations/Inspect': read,
  'Allocations/Release': roles(['admin']),
  'Agents/Register': ownNode((r) => String(r.id || r.hostname), 'register'),
  'Agents/KeepAlive': ownNode((r) => String(r.agentId), 'keep alive'),
  'Agents/ReportTaskStatus': reportOwnTask,
  'Agents/Join': join,
  'Agents/Renew': renew,
  // an agent serves trace checks only under its own name (admin: any)
  'Agents/TraceChecks': ownNode((r) => String(r.agentId), 'serve trace checks'),
  // an agent reports only its own policy table (NodeRestriction)
  'Agents/ReportPolicyStatus': ownNode((r) => String(r.agentId), 'report policy status'),
  'Watch/Watch': watch,
  'Watch/ReportProgrammingLatency': programmingReport,
  'Policies/List': read,
  'Policies/Get': read,
  'Policies/Create': policyWrite,
  'Policies/Update': policyWrite,
  'Policies/Delete': policyWrite,
};
