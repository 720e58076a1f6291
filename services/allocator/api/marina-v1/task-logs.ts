/**
 * GET /v1/tasks/:id/logs?lines=N[&stream=stdout|stderr][&container=NAME]: the
 * tail of a task's stdout or stderr (a pod's: the container named, else each
 * container's, labelled), read by its agent from the sandbox over the trace
 * channel (a `logs` check), through the replica holding that agent's
 * channel as trace checks are. Admin, or a deployer whose prefixes hold the
 * task's app (http-policy.ts): logs are not masked, so viewers get 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid, MarinaError, type FieldError } from '../../../../lib/errors';
import { podContainerNames } from '../../../../lib/model/pod';
import type { AllocatorCore } from '../../core';
import { MAX_LOG_LINES } from '../../trace/check-request';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: { lines?: string; stream?: string; container?: string } }>;

const DEFAULT_LINES = 100;
const LOGS_TIMEOUT_MS = 5000;

export function taskLogRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v1/tasks/:id/logs', async (req: Req) => {
    const { lines: rawLines, stream = 'stdout', container } = req.query;
    const lines = rawLines === undefined ? DEFAULT_LINES : /^\d{1,4}$/.test(rawLines) ? Number(rawLines) : NaN;
    const errors = [
      ...(Number.isInteger(lines) && lines >= 1 && lines <= MAX_LOG_LINES ? [] : [{ path: '/lines', errors: [`lines must be an integer from 1 to ${MAX_LOG_LINES}`] }]),
      ...(stream === 'stdout' || stream === 'stderr' ? [] : [{ path: '/stream', errors: ['stream must be stdout or stderr'] }]),
    ];
    const task = core.ctx.view.tasks.get(req.params.id);
    if (container !== undefined && task) errors.push(...containerErrors(container, podContainerNames(core.ctx.view.apps.get(task.appId)?.labels)));
    if (errors.length > 0) throw invalid(errors, errors.map((e) => e.errors[0]).join('; '));
    if (!task) throw new MarinaError('MARINA_ERR_NOT_FOUND', `Task '${req.params.id}' does not exist`);
    const agents = core.traceForward.runner(core.traceAgents, { authorization: req.headers.authorization, identity: req.identity });
    if (!agents.connected(task.agentId)) throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${task.agentId} has no trace channel on any replica`);
    const tail = await agents.run(task.agentId, { check: 'logs', taskId: task.id, stream: stream as 'stdout' | 'stderr', lines, ...(container !== undefined ? { container } : {}) }, LOGS_TIMEOUT_MS);
    return { taskId: task.id, appId: task.appId, agentId: task.agentId, ...tail };
  });
}

/** `container` must name one of the pod's containers (`names`: undefined when the task is not a pod, or unknown). */
function containerErrors(container: string, names: string[] | undefined): FieldError[] {
  if (names === undefined) return [{ path: '/container', errors: ['container applies to pod tasks only: this task is not a pod'] }];
  if (!names.includes(container)) return [{ path: '/container', errors: [`container ${JSON.stringify(container)} is not in this pod (${names.join(', ')})`] }];
  return [];
}
