/**
 * Plan one instance of an app: pick an agent, its host ports and container
 * address, and build the task as stored (TASK_STAGING, desired run). Every
 * key it needs goes into claims; nothing is written here.
 */
import { MarinaError } from '../../../lib/errors';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task, TaskIpAddress, TaskPort, TaskVip } from '../../../lib/model/cluster';
import { marathonTaskId } from '../../../lib/naming';
import { appPorts, netModeOf, type AppPort } from '../alloc/app-ports';
import type { Claims } from '../alloc/claims';
import { pickBridgeIp, pickNetworkIp } from '../alloc/ips';
import { pickNetworkIp6 } from '../alloc/ips6';
import { pickHostPorts, type HostPortNeed } from '../alloc/ports';
import { K } from '../state/keys';
import { addLoad, candidates, type Loads } from '../placement/placement';
import { taskEnv } from './task-env';
import { configVersion } from './rollout';

export interface AppPlanInput {
  app: AppDefinition;
  /** VIPs of the app's ports (resolved at app level). */
  vips: TaskVip[];
}

function hostNeeds(ports: AppPort[]): { needs: HostPortNeed[]; indexes: number[] } {
  const needs: HostPortNeed[] = [];
  const indexes: number[] = [];
  for (const p of ports) {
    if (p.hostPort === undefined) continue;
    needs.push({ port: p.hostPort, protocol: p.protocol });
    indexes.push(p.index);
  }
  return { needs, indexes };
}

function taskPorts(ports: AppPort[], hostPorts: Map<number, number>, mode: string): TaskPort[] {
  return ports.map((p) => {
    const hostPort = hostPorts.get(p.index);
    const containerPort = mode === 'host' ? hostPort : p.containerPort === 0 ? hostPort : p.containerPort;
    const out: TaskPort = { protocol: p.protocol, labels: p.labels, servicePort: p.servicePort };
    if (hostPort !== undefined) out.hostPort = hostPort;
    if (containerPort !== undefined) out.containerPort = containerPort;
    if (p.name) out.name = p.name;
    return out;
  });
}

function addresses(claims: Claims, input: AppPlanInput, agent: Agent, owner: { appId: string; taskId: string }): TaskIpAddress[] {
  const { mode, network } = netModeOf(input.app);
  if (mode === 'host') return [{ ipAddress: agent.ip, protocol: 'IPv4' }];
  if (mode === 'bridge') return [pickBridgeIp(claims, agent, owner)];
  if (mode === 'none') return [];
  const net = claims.view.networks.get(network!);
  if (!net) {
    throw new MarinaError('MARINA_ERR_INVALID', `network ${network} does not exist`, { details: [{ path: '/networks(0)/name', errors: [`network '${network}' does not exist`] }] });
  }
  // dual stack: IPv4 first (consumers that want one address take the first), then IPv6
  const out: TaskIpAddress[] = [];
  if (net.cidr) out.push(pickNetworkIp(claims, net, agent, owner));
  if (net.cidr6) out.push(pickNetworkIp6(claims, net, agent, owner));
  return out;
}

/** Plan one instance; claims its keys (task, ports, ip, block) or throws naming the resource and hosts. */
export function planInstance(claims: Claims, input: AppPlanInput, loads: Loads, now: string): Task {
  const { app } = input;
  const ports = appPorts(app);
  const { mode, network } = netModeOf(app);
  const { needs, indexes } = hostNeeds(ports);
  const taskId = marathonTaskId(app.id);
  const owner = { appId: app.id, taskId };
  let lastErr: MarinaError | undefined;
  const tried: string[] = [];
  for (const agent of candidates(claims, app, needs, loads)) {
    const before = new Set(claims.creates.keys());
    try {
      const picked = pickHostPorts(claims, agent, needs, owner);
      if (!picked) {
        claims.rollback(before);
        tried.push(`${agent.id}/${agent.hostname}`);
        continue;
      }
      const hostPorts = new Map(indexes.map((idx, i) => [idx, picked[i]]));
      const task: Task = {
        id: taskId,
        appId: app.id,
        appVersion: configVersion(app) ?? app.version ?? '',
        agentId: agent.id,
        host: agent.hostname,
        networkMode: mode,
        ...(network ? { networkName: network } : {}),
        ports: taskPorts(ports, hostPorts, mode),
        ipAddresses: addresses(claims, input, agent, owner),
        vips: input.vips,
        env: {},
        state: 'TASK_STAGING',
        ready: false,
        desired: 'run',
        healthCheckResults: [],
        stagedAt: now,
        version: app.version ?? '',
      };
      task.env = taskEnv(app, task);
      claims.create(K.task(app.id, taskId), task);
      addLoad(loads, agent.id);
      return task;
    } catch (err) {
      claims.rollback(before);
      if (!(err instanceof MarinaError) || err.code === 'MARINA_ERR_INVALID') throw err;
      lastErr = err;
    }
  }
  if (lastErr) throw lastErr;
  throw new MarinaError('MARINA_ERR_PORT_EXHAUSTED', `no free host ports for app ${app.id} (${needs.length} needed) on agents ${tried.join(', ')}`);
}
