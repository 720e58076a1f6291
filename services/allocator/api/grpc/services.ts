/** Handlers of the Apps, Allocations and Agents services (marina.v1). */
import type * as grpc from '@grpc/grpc-js';
import { MarinaError, errorMessage } from '../../../../lib/errors';
import type { HealthCheckResult, TaskState } from '../../../../lib/model/cluster';
import type { AllocationMsg, RegisterAgentRequestMsg, TaskStatusRequestMsg } from '../../../../lib/client/grpc-proto';
import type { AllocatorCore } from '../../core';
import { createApp, deleteApp, getApp, listApps, scaleApp, updateApp, type DeployReply } from '../../deploy/apps';
import { listAllocations, parseKind, releaseAllocation, type AllocationView } from '../../alloc/inventory';
import { unaryHandler } from './errors';
import { appJson } from './render';

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MarinaError('MARINA_ERR_BAD_REQUEST', `${field} is not valid JSON: ${errorMessage(err)}`);
  }
}

export function appsService(core: AllocatorCore): grpc.UntypedServiceImplementation {
  const { view } = core.ctx;
  const deployment = (r: DeployReply) => ({ deploymentId: r.deploymentId, version: r.version, appJson: r.app ? appJson(r.app, view, false) : '' });
  return {
    Create: unaryHandler(async (req: { appJson: string }) => deployment(await createApp(core, parseJson(req.appJson, 'app_json')))),
    Get: unaryHandler(async (req: { id: string }) => ({ appJson: appJson(await getApp(core, req.id), view, true) })),
    List: unaryHandler(async (req: { prefix: string; embedTasks: boolean }) => ({ appsJson: listApps(core, req.prefix).map((a) => appJson(a, view, req.embedTasks)) })),
    Update: unaryHandler(async (req: { id: string; appJson: string }) => deployment(await updateApp(core, req.id, parseJson(req.appJson, 'app_json')))),
    Scale: unaryHandler(async (req: { id: string; instances: number }) => deployment(await scaleApp(core, req.id, req.instances))),
    Delete: unaryHandler(async (req: { id: string }) => deployment(await deleteApp(core, req.id))),
  };
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
  };
}
