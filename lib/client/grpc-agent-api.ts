/**
 * AgentApi over gRPC (marina.v1.Agents): how a remote agent registers, keeps
 * its registration alive and reports task states to the allocator.
 */
import type * as grpc from '@grpc/grpc-js';
import type { Agent } from '../model/cluster';
import type { PolicyHostStatus } from '../model/policy';
import type { AgentApi, AgentRegistration, TaskStatusReport } from './agent-api';
import { grpcCredentials, makeClient, unary, type GrpcCredentials } from './grpc-call';
import type { RegisterAgentRequestMsg, TaskStatusRequestMsg } from './grpc-proto';

export interface GrpcAgentApiOptions {
  /** Allocator gRPC address, host:port (default 127.0.0.1:8081). */
  address?: string;
  timeoutMs?: number;
  /** Default: MARINA_TOKEN / MARINA_CA / the client config. */
  credentials?: GrpcCredentials;
}

export class GrpcAgentApi implements AgentApi {
  private client: grpc.Client;
  private readonly timeoutMs: number;
  private readonly unsubscribe?: () => void;

  constructor(opts: GrpcAgentApiOptions = {}) {
    const address = opts.address ?? '127.0.0.1:8081';
    const creds = grpcCredentials(opts.credentials);
    this.client = makeClient('Agents', address, {}, creds);
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    // A renewed certificate: new calls go on a channel made with it; calls on the old one finish there.
    this.unsubscribe = creds.renewal?.subscribe(() => {
      const old = this.client;
      this.client = makeClient('Agents', address, {}, creds);
      old.close();
    });
  }

  async registerAgent(reg: AgentRegistration): Promise<Agent> {
    const req: RegisterAgentRequestMsg = {
      id: reg.id ?? '',
      hostname: reg.hostname,
      ip: reg.ip,
      ip6: reg.ip6 ?? '',
      portRanges: reg.portRanges ?? [],
      attributes: reg.attributes ?? {},
      mtu: reg.mtu ?? 0,
    };
    const res = await unary<{ agentJson: string }>(this.client, 'register', req, this.timeoutMs);
    return JSON.parse(res.agentJson) as Agent;
  }

  async keepAlive(agentId: string): Promise<void> {
    await unary(this.client, 'keepAlive', { agentId }, this.timeoutMs);
  }

  async reportTaskStatus(agentId: string, report: TaskStatusReport): Promise<void> {
    const req: TaskStatusRequestMsg = {
      agentId,
      taskId: report.taskId,
      state: report.state,
      ready: report.ready,
      healthCheckResultsJson: JSON.stringify(report.healthCheckResults ?? []),
      message: report.message ?? '',
    };
    await unary(this.client, 'reportTaskStatus', req, this.timeoutMs);
  }

  async reportPolicyStatus(agentId: string, status: PolicyHostStatus): Promise<void> {
    await unary(this.client, 'reportPolicyStatus', { agentId, statusJson: JSON.stringify(status) }, this.timeoutMs);
  }

  /** Close the channel. */
  close(): void {
    this.unsubscribe?.();
    this.client.close();
  }
}
