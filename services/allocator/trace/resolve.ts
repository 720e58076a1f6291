/**
 * Resolve a trace's FROM and TO against the cluster view (pure): which agent
 * runs the checks, in which task's netns, and what Marina's model expects at
 * the destination — the VIP's backends as FROM's host's lb programs them
 * (the lb's own buildVipTable, so the trace and the data plane cannot
 * disagree about the model) or the task behind a direct address.
 */
import { isIP } from 'node:net';
import { invalid } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import { isServing, type Agent, type Task } from '../../../lib/model/cluster';
import type { L4 } from '../../../lib/trace/types';
import type { Policy } from '../../../lib/model/policy';
import { backendAddress, buildVipTable, serviceKey, type VipService } from '../../lb/model/vip-table';
import type { ToSpec } from './spec';

export interface TraceView {
  apps: Map<string, AppDefinition>;
  tasks: Map<string, Task>;
  agents: Map<string, Agent>;
  /** Network policies (the policy hop); none: every app is open. */
  policies?: Map<string, Policy>;
}

export interface From {
  spec: string;
  agentId: string;
  /** Absent: the host itself. */
  taskId?: string;
}

/** A task expected to answer at the destination, and the port it listens on inside its netns (or on its host). */
export interface Target {
  taskId: string;
  agentId: string;
  /** Where FROM's host sends the packet (a backend address). */
  ip: string;
  port: number;
  /** The port the task's socket is bound to where it runs. */
  listenPort: number;
}

export interface Destination {
  ip: string;
  port: number;
  proto: L4;
  /** Set when ip:port/proto is a VIP on FROM's host. */
  vip?: VipService;
  targets: Target[];
}

function badFrom(message: string): never {
  throw invalid([{ path: '/from', errors: [message] }], `invalid from: ${message}`);
}
function badTo(message: string): never {
  throw invalid([{ path: '/to', errors: [message] }], `invalid to: ${message}`);
}

const appKey = (id: string) => '/' + id.replace(/^\/+|\/+$/g, '');

/** A task id, an app id (its first serving task, else its first running one) or an agent id / hostname. */
export function resolveFrom(view: TraceView, spec: string): From {
  const task = view.tasks.get(spec);
  if (task) return { spec, agentId: task.agentId, taskId: task.id };
  const appId = appKey(spec);
  if (view.apps.has(appId) || spec.startsWith('/')) {
    const tasks = [...view.tasks.values()].filter((t) => t.appId === appId);
    const pick = tasks.find(isServing) ?? tasks.find((t) => t.state === 'TASK_RUNNING');
    if (!pick) badFrom(view.apps.has(appId) ? `app ${appId} has no running task to trace from` : `no task, app or host ${JSON.stringify(spec)}`);
    return { spec, agentId: pick.agentId, taskId: pick.id };
  }
  const agent = view.agents.get(spec) ?? [...view.agents.values()].find((a) => a.hostname === spec);
  if (agent) return { spec, agentId: agent.id };
  return badFrom(`no task, app or host ${JSON.stringify(spec)}`);
}

/** The port a task's socket binds for port index i: its container port in its own netns, its host port in host mode. */
function listenPort(task: Task, i: number): number | undefined {
  const p = task.ports[i];
  if (!p) return undefined;
  return task.networkMode === 'host' ? p.hostPort : (p.containerPort ?? p.hostPort);
}

function portIndexOfVip(task: Task, svc: VipService): number | undefined {
  return task.vips.find((v) => v.ip === svc.ip && v.port === svc.port)?.portIndex;
}

function targetsOfVip(view: TraceView, svc: VipService): Target[] {
  const out: Target[] = [];
  for (const b of svc.backends) {
    const task = view.tasks.get(b.taskId);
    const i = task ? portIndexOfVip(task, svc) : undefined;
    const lp = task && i !== undefined ? listenPort(task, i) : undefined;
    if (task && lp) out.push({ taskId: task.id, agentId: task.agentId, ip: b.ip, port: b.port, listenPort: lp });
  }
  return out;
}

/** The task reached at ip:port (container address + port, or host address + host port), if any. */
function taskAt(view: TraceView, ip: string, port: number): Target | undefined {
  for (const task of view.tasks.values()) {
    for (let i = 0; i < task.ports.length; i++) {
      const p = task.ports[i]!;
      const own = task.networkMode !== 'host' && task.ipAddresses.some((a) => a.ipAddress === ip) && p.containerPort === port;
      const onHost = view.agents.get(task.agentId)?.ip === ip && p.hostPort === port;
      const lp = listenPort(task, i);
      if ((own || onHost) && lp) return { taskId: task.id, agentId: task.agentId, ip, port, listenPort: lp };
    }
  }
  return undefined;
}

/** ip:port seen from FROM's host: a VIP there (with its programmed backends) or a task's address. */
export function destinationAt(view: TraceView, from: From, ip: string, port: number, proto: L4): Destination {
  const svc = buildVipTable(view, { localAgentId: from.agentId }).get(serviceKey(ip, port, proto));
  if (svc) return { ip, port, proto, vip: svc, targets: targetsOfVip(view, svc) };
  const t = taskAt(view, ip, port);
  return { ip, port, proto, targets: t ? [t] : [] };
}

/** The index of an app port named by name, port number (container, host, service or VIP port) or index. */
function appPortIndex(app: AppDefinition | undefined, tasks: Task[], port: string): number | undefined {
  const ports = tasks[0]?.ports ?? [];
  const byName = ports.findIndex((p) => p.name === port);
  if (byName >= 0) return byName;
  if (!/^\d+$/.test(port)) return undefined;
  const n = Number(port);
  const byNumber = ports.findIndex((p) => p.containerPort === n || p.hostPort === n || p.servicePort === n);
  if (byNumber >= 0) return byNumber;
  const byVip = tasks.flatMap((t) => t.vips).find((v) => v.port === n);
  if (byVip) return byVip.portIndex;
  return n < Math.max(ports.length, app ? 1 : 0) ? n : undefined;
}

/** `/app:port`: the app port's VIP when it has one, else one serving task's address as FROM's host reaches it. */
export function destinationOfApp(view: TraceView, from: From, to: Extract<ToSpec, { kind: 'app' }>): Destination {
  const appId = appKey(to.appId);
  const app = view.apps.get(appId);
  const tasks = [...view.tasks.values()].filter((t) => t.appId === appId);
  if (!app && tasks.length === 0) badTo(`app ${appId} does not exist`);
  const i = appPortIndex(app, tasks, to.port);
  if (i === undefined) badTo(`app ${appId} has no port ${JSON.stringify(to.port)} (a port name, number or index)`);
  const vip = tasks.flatMap((t) => t.vips).find((v) => v.portIndex === i && (v.protocol === to.proto || v.protocol === 'udp,tcp'));
  if (vip) return destinationAt(view, from, vip.ip, vip.port, to.proto);
  const serving = tasks.filter(isServing);
  for (const task of serving) {
    const addr = backendAddress(task, i, view.agents, { localAgentId: from.agentId });
    const lp = listenPort(task, i);
    if (addr && lp) return { ip: addr.ip, port: addr.port, proto: to.proto, targets: [{ taskId: task.id, agentId: task.agentId, ...addr, listenPort: lp }] };
  }
  return badTo(`app ${appId} has no serving task with port ${JSON.stringify(to.port)}`);
}

/** Plain ip:port, validated as an address. */
export function destinationOfIp(view: TraceView, from: From, to: Extract<ToSpec, { kind: 'ip' }>): Destination {
  if (isIP(to.ip) === 0) badTo(`${to.ip} is not an address`);
  return destinationAt(view, from, to.ip, to.port, to.proto);
}
