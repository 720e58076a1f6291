/** Builders for tasks and agents in DNS tests (real model objects, 198.18.0.0/15 addresses). */
import type { Agent, Task, TaskPort } from '../../../lib/model/cluster';

export function agent(id: string, ip: string): Agent {
  return { id, hostname: `host-${id}`, ip, portRanges: [{ begin: 31000, end: 32000 }], attributes: {}, registeredAt: new Date().toISOString() };
}

export function task(p: Partial<Task> & { id: string; appId: string; agentId: string }): Task {
  return {
    appVersion: 'v1',
    host: `host-${p.agentId}`,
    networkMode: 'host',
    ports: [],
    ipAddresses: [],
    vips: [],
    env: {},
    state: 'TASK_RUNNING',
    ready: true,
    desired: 'run',
    healthCheckResults: [],
    stagedAt: new Date().toISOString(),
    startedAt: new Date().toISOString(),
    version: 'v1',
    ...p,
  };
}

export function hostPort(port: number, name?: string, protocol: TaskPort['protocol'] = 'tcp'): TaskPort {
  return { hostPort: port, containerPort: port, protocol, name, labels: {} };
}
