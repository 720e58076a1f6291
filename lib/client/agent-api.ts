/**
 * What an agent asks of the allocator. The gRPC client (lib/client) and an
 * in-process implementation (tests, `marina up`) both provide it.
 */
import type { Agent, HealthCheckResult, PortRange, TaskState } from '../model/cluster';
import type { PolicyHostStatus } from '../model/policy';

export interface AgentRegistration {
  /** Stable id; defaults to the hostname when empty. */
  id?: string;
  hostname: string;
  ip: string;
  ip6?: string;
  portRanges?: PortRange[];
  attributes?: Record<string, string>;
  mtu?: number;
}

export interface TaskStatusReport {
  taskId: string;
  state: TaskState;
  /** Passing health checks (or no checks and running). */
  ready: boolean;
  healthCheckResults?: HealthCheckResult[];
  message?: string;
}

export interface AgentApi {
  /** Register (or re-register) the agent; returns the stored agent (with bridgeCidr). The registration lives while keepAlive is called. */
  registerAgent(reg: AgentRegistration): Promise<Agent>;
  /** Refresh the agent's lease; rejects with MARINA_ERR_LEASE_NOT_FOUND if it expired (re-register then). */
  keepAlive(agentId: string): Promise<void>;
  reportTaskStatus(agentId: string, report: TaskStatusReport): Promise<void>;
  /**
   * What this host's policy table holds (Agents.ReportPolicyStatus; issue 11). Optional so
   * in-process fakes that do not enforce policy need not implement it.
   */
  reportPolicyStatus?(agentId: string, status: PolicyHostStatus): Promise<void>;
}
