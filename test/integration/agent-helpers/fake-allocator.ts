/**
 * A small in-process allocator stand-in for agent tests: an AgentApi that
 * records every report and applies it to a MemoryFeed (state, ready), as
 * the real allocator does through the store. Tests place tasks by
 * publishing them. The thing under test is the agent's wiring and runner.
 */
import type { AgentApi, AgentRegistration, TaskStatusReport } from '../../../lib/client/agent-api';
import { MarinaError } from '../../../lib/errors';
import { MemoryFeed } from '../../../lib/feed/memory-feed';
import type { AppDefinition } from '../../../lib/model/app';
import type { Agent, Task, VirtualNetwork } from '../../../lib/model/cluster';

export class FakeAllocator implements AgentApi {
  readonly feed = new MemoryFeed();
  readonly reports: Array<TaskStatusReport & { agentId: string }> = [];
  private bridgeIndex = 0;

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

  putTask(task: Task): void {
    this.feed.publish([{ kind: 'task', op: 'put', id: task.id, value: task }]);
  }

  deleteTask(id: string): void {
    this.feed.publish([{ kind: 'task', op: 'delete', id }]);
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
