/**
 * The VipTable: what every host's lb serves, derived from the cluster feed.
 * One entry per VIP address:port/protocol, with the ready backends behind it
 * (only tasks for which isServing() holds, so a stopping task leaves before
 * it is killed) and the app's session-affinity setting.
 *
 * Backend address per network mode:
 * - virtual network (`container`): container IP + containerPort (routable
 *   from every host over the fabric);
 * - bridge: container IP + containerPort when the task runs on this host
 *   (a second DNAT by the portmap chain would not happen: netfilter NATs a
 *   connection once per hook), agent IP + hostPort otherwise;
 * - host: agent IP + hostPort.
 */
import { isIP } from 'node:net';
import type { AppDefinition } from '../../../lib/model/app';
import { isServing, type Agent, type Task, type TaskVip } from '../../../lib/model/cluster';

export type L4Proto = 'tcp' | 'udp';

export interface Backend {
  ip: string;
  port: number;
  taskId: string;
}

export interface VipService {
  /** `198.19.250.7:80/tcp` (IPv6: `[fd00::1]:80/tcp`). */
  key: string;
  ip: string;
  port: number;
  proto: L4Proto;
  family: 4 | 6;
  /** Named VIP (as the allocator stores it, e.g. `/web`) when the label was `/web:80`. */
  name?: string;
  /** Apps whose tasks are behind the VIP (normally one). */
  appIds: string[];
  /** Sorted by ip then port, so renders are stable. */
  backends: Backend[];
  /** Client-IP affinity timeout in seconds; undefined = none. */
  affinitySeconds?: number;
}

export type VipTable = Map<string, VipService>;

/** App labels asking for client-IP session affinity (as Kubernetes' sessionAffinity: ClientIP). */
export const AFFINITY_LABEL = 'MARINA_LB_AFFINITY';
export const AFFINITY_TIMEOUT_LABEL = 'MARINA_LB_AFFINITY_TIMEOUT';
/** kube-proxy's default ClientIP timeout (3 h). */
export const DEFAULT_AFFINITY_SECONDS = 10800;

export interface BuildOptions {
  /** This host's agent id: bridge tasks here are reached by container IP. */
  localAgentId?: string;
}

export interface ClusterView {
  apps: Map<string, AppDefinition>;
  tasks: Map<string, Task>;
  agents: Map<string, Agent>;
}

export function familyOf(ip: string): 4 | 6 {
  return ip.includes(':') ? 6 : 4;
}

export function serviceKey(ip: string, port: number, proto: L4Proto): string {
  return familyOf(ip) === 6 ? `[${ip}]:${port}/${proto}` : `${ip}:${port}/${proto}`;
}

/** Affinity seconds from the app labels, or undefined. Invalid values fall back to the default timeout. */
export function affinityOf(app: AppDefinition | undefined): number | undefined {
  const mode = app?.labels?.[AFFINITY_LABEL];
  if (!mode || mode.toLowerCase() !== 'client-ip') return undefined;
  const raw = Number(app?.labels?.[AFFINITY_TIMEOUT_LABEL]);
  return Number.isInteger(raw) && raw > 0 && raw <= 86400 ? raw : DEFAULT_AFFINITY_SECONDS;
}

/**
 * The address of a task's agent while the agent is not registered (its lease
 * lapsed: an agent restart, a store outage): a host-mode task carries it in
 * ipAddresses. Never `task.host`, a hostname: one name in an nft batch fails
 * the whole sync and wedged every VIP (found by test/drills/full.test.ts).
 */
function lapsedAgentIp(task: Task): string | undefined {
  const own = task.networkMode === 'host' ? task.ipAddresses.find((a) => a.protocol === 'IPv4')?.ipAddress : undefined;
  return own ?? (isIP(task.host) !== 0 ? task.host : undefined); // an address of either family, never a name
}

/** Where a client reaches this task's port `portIndex`, or undefined when it cannot. */
export function backendAddress(task: Task, portIndex: number, agents: Map<string, Agent>, opts: BuildOptions): { ip: string; port: number } | undefined {
  const port = task.ports[portIndex];
  if (!port) return undefined;
  const containerIp = task.ipAddresses.find((a) => a.networkName !== undefined || task.networkMode !== 'host')?.ipAddress;
  const agentIp = agents.get(task.agentId)?.ip ?? lapsedAgentIp(task);
  switch (task.networkMode) {
    case 'container':
      return containerIp && port.containerPort ? { ip: containerIp, port: port.containerPort } : undefined;
    case 'bridge':
      if (task.agentId === opts.localAgentId && containerIp && port.containerPort) return { ip: containerIp, port: port.containerPort };
      return port.hostPort && agentIp ? { ip: agentIp, port: port.hostPort } : undefined;
    case 'host':
      return port.hostPort && agentIp ? { ip: agentIp, port: port.hostPort } : undefined;
    case 'none':
      return undefined;
  }
}

function protocols(vip: TaskVip): L4Proto[] {
  return vip.protocol === 'udp,tcp' ? ['udp', 'tcp'] : [vip.protocol];
}

function compareBackends(a: Backend, b: Backend): number {
  return a.ip === b.ip ? a.port - b.port : a.ip < b.ip ? -1 : 1;
}

/** Build the whole table. Tasks that are not serving keep their VIP present with fewer (maybe no) backends. */
export function buildVipTable(view: ClusterView, opts: BuildOptions = {}, remembered?: VipMemory): VipTable {
  const table: VipTable = new Map();
  const ensure = (vip: TaskVip, proto: L4Proto, appId: string): VipService => {
    const key = serviceKey(vip.ip, vip.port, proto);
    let svc = table.get(key);
    if (!svc) {
      svc = { key, ip: vip.ip, port: vip.port, proto, family: familyOf(vip.ip), name: vip.name, appIds: [], backends: [], affinitySeconds: affinityOf(view.apps.get(appId)) };
      table.set(key, svc);
    }
    if (!svc.appIds.includes(appId)) svc.appIds.push(appId);
    return svc;
  };
  if (remembered) {
    remembered.update(view);
    for (const [appId, vips] of remembered.byApp) for (const vip of vips) for (const proto of protocols(vip)) ensure(vip, proto, appId);
  }
  for (const task of view.tasks.values()) {
    for (const vip of task.vips ?? []) {
      for (const proto of protocols(vip)) {
        const svc = ensure(vip, proto, task.appId);
        if (!isServing(task)) continue;
        const addr = backendAddress(task, vip.portIndex, view.agents, opts);
        if (!addr || familyOf(addr.ip) !== svc.family) continue;
        if (!svc.backends.some((b) => b.ip === addr.ip && b.port === addr.port)) svc.backends.push({ ...addr, taskId: task.id });
      }
    }
  }
  for (const svc of table.values()) {
    svc.backends.sort(compareBackends);
    svc.appIds.sort();
  }
  return table;
}

/** True when two services need the same kernel state. */
export function sameService(a: VipService, b: VipService): boolean {
  if (a.affinitySeconds !== b.affinitySeconds || a.backends.length !== b.backends.length) return false;
  return a.backends.every((x, i) => x.ip === b.backends[i].ip && x.port === b.backends[i].port);
}

/**
 * The VIPs each app's tasks carried, kept while the app exists: an app scaled
 * to zero keeps its VIP, which then rejects instead of vanishing (a named
 * VIP's address is only known from its tasks).
 */
export class VipMemory {
  readonly byApp = new Map<string, TaskVip[]>();

  update(view: ClusterView): void {
    for (const task of view.tasks.values()) {
      if (!task.vips || task.vips.length === 0) continue;
      const known = this.byApp.get(task.appId) ?? [];
      for (const v of task.vips) {
        if (!known.some((k) => k.ip === v.ip && k.port === v.port && k.protocol === v.protocol)) known.push(v);
      }
      this.byApp.set(task.appId, known);
    }
    for (const appId of [...this.byApp.keys()]) if (!view.apps.has(appId)) this.byApp.delete(appId);
  }
}
