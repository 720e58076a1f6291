/** Handlers of Marina's own services, Allocations and Agents (marina.v1); the Marathon ones are in marathon.ts. */
import type * as grpc from '@grpc/grpc-js';
import { MarinaError, errorMessage } from '../../../../lib/errors';
import type { HealthCheckResult, TaskState } from '../../../../lib/model/cluster';
import type { AllocationMsg, RegisterAgentRequestMsg, TaskStatusRequestMsg } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../core';
import { listAllocations, parseKind, releaseAllocation, type AllocationView } from '../../alloc/inventory';
import { unaryHandler } from './errors';
import { parsePolicyStatus, recordPolicyStatus } from '../../policies/status';

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `${field} is not valid JSON: ${errorMessage(err)}`);
  }
}

function allocMsg(a: AllocationView): AllocationMsg {
  return { ...a };
}

export function allocationsService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  return {
    List: unaryHandler(async (req: { kind: string; agentId: string; network: string }) => ({
      allocations: listAllocations(core.ctx, { kind: parseKind(req.kind), agentId: req.agentId || undefined, network: req.network || undefined }).map(allocMsg),
      revision: core.ctx.view.revision,
    })),
    Inspect: unaryHandler(async (req: { taskId: string }) => {
      if (!core.ctx.view.tasks.has(req.taskId)) throw new MarinaError('MARINA_ERR_NOT_FOUND', `task ${req.taskId} does not exist`);
      return { allocations: listAllocations(core.ctx, { taskId: req.taskId }).map(allocMsg), revision: core.ctx.view.revision };
    }),
    Release: unaryHandler(async (req: { key: string }) => ({ released: await releaseAllocation(core.ctx, req.key) })),
  };
}

export function agentsService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  return {
    Register: unaryHandler(async (req: RegisterAgentRequestMsg) => {
      const agent = await core.agents.register({
        id: req.id || undefined,
        hostname: req.hostname,
        ip: req.ip,
        ip6: req.ip6 || undefined,
        portRanges: req.portRanges,
        attributes: req.attributes,
        mtu: req.mtu || undefined,
      });
      return { agentJson: JSON.stringify(agent) };
    }),
    KeepAlive: unaryHandler(async (req: { agentId: string }) => {
      await core.agents.keepAlive(req.agentId);
      return {};
    }),
    ReportTaskStatus: unaryHandler(async (req: TaskStatusRequestMsg) => {
      const results = req.healthCheckResultsJson ? (parseJson(req.healthCheckResultsJson, 'health_check_results_json') as HealthCheckResult[]) : undefined;
      await core.lifecycle.report(req.agentId, {
        taskId: req.taskId,
        state: req.state as TaskState,
        ready: req.ready,
        ...(results && results.length > 0 ? { healthCheckResults: results } : {}),
        message: req.message,
      });
      return {};
    }),
    ReportPolicyStatus: unaryHandler(async (req: { agentId: string; statusJson: string }) => {
      await recordPolicyStatus(core.ctx, parsePolicyStatus(req.agentId, req.statusJson));
      return {};
    }),
  };
}
