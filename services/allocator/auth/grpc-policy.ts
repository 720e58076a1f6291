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

/** Undefined when allowed; else the reason (a 'forbidden' or 'name_mismatch' refusal). */
export type GrpcDecision = { reason: 'forbidden' | 'name_mismatch'; message: string } | undefined;
export type GrpcRule = (id: Identity, req: Record<string, unknown>, core: AllocatorCore) => GrpcDecision;

const READERS: Role[] = ['admin', 'deployer', 'viewer'];

function roles(allowed: Role[]): GrpcRule {
  return (id) => (allowed.includes(id.role) ? undefined : { reason: 'forbidden', message: `role ${id.role} may not call this method (allowed: ${allowed.join(', ')})` });
}

function appIdOfJson(json: unknown): string | undefined {
  try {
    const v = JSON.parse(String(json)) as { id?: unknown };
    return typeof v?.id === 'string' ? v.id : undefined;
  } catch {
    return undefined; // the handler reports the bad JSON
  }
}

/** admin, or a deployer whose prefixes hold the app of req.id / req.appJson. */
function appAsksForRoot(json: string): boolean {
  try {
    return bodyAsksForRoot(JSON.parse(json));
  } catch {
    return false; // malformed JSON is the handler's 400
  }
}

const appWrite: GrpcRule = (id, req) => {
  if (id.role === 'admin') return undefined;
  if (typeof req.appJson === 'string' && appAsksForRoot(req.appJson)) return { reason: 'forbidden', message: rootDenied(id.role)! };
  if (id.role !== 'deployer') return { reason: 'forbidden', message: `role ${id.role} may not change apps` };
  const ids = [req.id, appIdOfJson(req.appJson)].filter((x): x is string => typeof x === 'string' && x !== '');
  const outside = ids.find((a) => !underPrefix(a, id.prefixes ?? []));
  return outside === undefined ? undefined : { reason: 'forbidden', message: `app ${outside} is outside the prefixes of this deployer token` };
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

/** Join: an agent token (join-only or bound to this hostname), or an admin. */
const join: GrpcRule = (id, req) => {
  if (id.role !== 'agent' && id.role !== 'admin') return { reason: 'forbidden', message: `role ${id.role} may not join agents (use a token from marina tokens create --role agent)` };
  if (id.node && id.node !== req.hostname) return { reason: 'name_mismatch', message: `this token is bound to agent ${id.node}, not ${JSON.stringify(req.hostname)}` };
  return undefined;
};

export const GRPC_POLICY: Record<string, GrpcRule> = {
  'Apps/Get': roles(READERS),
  'Apps/List': roles(READERS),
  'Apps/Create': appWrite,
  'Apps/Update': appWrite,
  'Apps/Scale': appWrite,
  'Apps/Delete': appWrite,
  'Allocations/List': roles(READERS),
  'Allocations/Inspect': roles(READERS),
  'Allocations/Release': roles(['admin']),
  'Agents/Register': ownNode((r) => String(r.id || r.hostname), 'register'),
  'Agents/KeepAlive': ownNode((r) => String(r.agentId), 'keep alive'),
  'Agents/ReportTaskStatus': reportOwnTask,
  'Agents/Join': join,
  // an agent serves trace checks only under its own name (admin: any)
  'Agents/TraceChecks': ownNode((r) => String(r.agentId), 'serve trace checks'),
  'Watch/Watch': watch,
};
