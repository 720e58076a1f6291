/**
 * A small in-process allocator stand-in for agent tests: an AgentApi that
 * records every report and applies it to a MemoryFeed (state, ready), as
 * the real allocator does through the store. Tests place tasks by
 * publishing them. The thing under test is the agent's wiring and runner.
 * Addresses come as from the real allocator (the one IP authority): each
 * agent gets a /24 bridge subnet, and a bridge-mode task gets an address in
 * its agent's subnet (not the network, gateway or broadcast address).
 */
import type { AgentApi, AgentRegistration, TaskStatusReport } from '../../../lib/client/agent-api';
import { MarinaError } from '../../../lib/errors';
import { MemoryFeed } from '../../../lib/feed/testing/memory-feed';
import { firstHost, hostsOf } from '../../../lib/net/ipv4';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task, TaskIpAddress, VirtualNetwork } from '../../../lib/model/cluster';

export class FakeAllocator implements AgentApi {
  readonly feed = new MemoryFeed();
  readonly reports: Array<TaskStatusReport & { agentId: string }> = [];
  private bridgeIndex = 0;
  /** Bridge addresses in use, per agent (freed when the task ends or is deleted). */
  private readonly bridgeIps = new Map<string, Map<string, string>>();

  async registerAgent(reg: AgentRegistration): Promise<Agent> {
    const id = reg.id || reg.hostname;
    const existing = this.feed['state'].agents.get(id) as Agent | undefined;
    const agent: Agent = {
      id,
      hostname: reg.hostname,
      ip: reg.ip,
      portRanges: reg.portRanges ?? [{ begin: 31000, end: 32000 }],
      attributes: reg.attributes ?? {},
      mtu: reg.mtu,
      bridgeCidr: existing?.bridgeCidr ?? `198.18.${16 + this.bridgeIndex++}.0/24`,
      registeredAt: new Date().toISOString(),
    };
    this.feed.publish([{ kind: 'agent', op: 'put', id, value: agent }]);
    return agent;
  }

  async keepAlive(): Promise<void> {}

  async reportTaskStatus(agentId: string, report: TaskStatusReport): Promise<void> {
    this.reports.push({ ...report, agentId });
    const task = this.task(report.taskId);
    if (!task) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${report.taskId} not found`);
    this.feed.publish([{ kind: 'task', op: 'put', id: task.id, value: { ...task, state: report.state, ready: report.ready } }]);
    if (['TASK_FINISHED', 'TASK_FAILED', 'TASK_KILLED', 'TASK_LOST'].includes(report.state)) this.releaseIp(task);
  }

  task(id: string): Task | undefined {
    return this.feed['state'].tasks.get(id) as Task | undefined;
  }

  putApp(app: AppDefinition): void {
    this.feed.publish([{ kind: 'app', op: 'put', id: app.id, value: app }]);
  }

  putNetwork(net: VirtualNetwork): void {
    this.feed.publish([{ kind: 'network', op: 'put', id: net.name, value: net }]);
  }

  /** Place a task; a bridge-mode task without a bridge address gets one in its agent's subnet. */
  putTask(task: Task): void {
    const value = task.networkMode === 'bridge' && !task.ipAddresses.some((a) => a.networkName === 'bridge') ? { ...task, ipAddresses: [...task.ipAddresses, this.bridgeIp(task)] } : task;
    this.feed.publish([{ kind: 'task', op: 'put', id: task.id, value }]);
  }

  deleteTask(id: string): void {
    const task = this.task(id);
    if (task) this.releaseIp(task);
    this.feed.publish([{ kind: 'task', op: 'delete', id }]);
  }

  /** The task's address in its agent's bridge subnet: the one it has, else the first free one (as pickBridgeIp). */
  private bridgeIp(task: Task): TaskIpAddress {
    const agent = this.feed['state'].agents.get(task.agentId) as Agent | undefined;
    if (!agent?.bridgeCidr) throw new Error(`fake allocator: agent ${task.agentId} of task ${task.id} is not registered (no bridge subnet)`);
    const used = this.bridgeIps.get(agent.id) ?? new Map<string, string>();
    this.bridgeIps.set(agent.id, used);
    const kept = this.task(task.id)?.ipAddresses.find((a) => a.networkName === 'bridge');
    let ip = kept?.ipAddress;
    if (!ip) for (const candidate of hostsOf(agent.bridgeCidr)) if (!used.has(candidate)) { ip = candidate; break; }
    if (!ip) throw new Error(`fake allocator: bridge subnet ${agent.bridgeCidr} of agent ${agent.id} is full`);
    used.set(ip, task.id);
    return { ipAddress: ip, protocol: 'IPv4', networkName: 'bridge', prefixLength: Number(agent.bridgeCidr.split('/')[1]), gateway: firstHost(agent.bridgeCidr) };
  }

  private releaseIp(task: Task): void {
    const used = this.bridgeIps.get(task.agentId);
    for (const a of task.ipAddresses) if (a.networkName === 'bridge' && used?.get(a.ipAddress) === task.id) used.delete(a.ipAddress);
  }

  deleteAgent(id: string): void {
    this.feed.publish([{ kind: 'agent', op: 'delete', id }]);
  }

  lastState(taskId: string): string | undefined {
    return [...this.reports].reverse().find((r) => r.taskId === taskId)?.state;
  }
}

/** A normalised app with defaults. */
export function app(id: string, cmd: string, extra: Partial<AppDefinition> = {}): AppDefinition {
  return {
    id, cmd, instances: 1, cpus: 0.1, mem: 32, disk: 0, gpus: 0, env: {}, labels: {}, networks: [{ mode: 'host' }],
    requirePorts: false, healthChecks: [], upgradeStrategy: { minimumHealthCapacity: 1, maximumOverCapacity: 1 },
    constraints: [], backoffSeconds: 1, backoffFactor: 1.15, maxLaunchDelaySeconds: 300, killSelection: 'YOUNGEST_FIRST',
    ...extra,
  };
}

/** A staged task for an agent. */
export function task(id: string, appId: string, agentId: string, extra: Partial<Task> = {}): Task {
  return {
    id, appId, appVersion: '1', agentId, host: agentId, networkMode: 'host', ports: [], ipAddresses: [], vips: [], env: {},
    state: 'TASK_STAGING', ready: false, desired: 'run', healthCheckResults: [], stagedAt: new Date().toISOString(), version: '1',
    ...extra,
  };
}
