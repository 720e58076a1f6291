/**
 * POST /v1/trace: `marina trace FROM TO` (docs/trace.md); POST /v1/trace/checks:
 * one check on an agent whose trace channel is on this replica, what another
 * replica's trace forwards here (trace/forward.ts). Both: roles admin and
 * deployer (http-policy.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { AllocatorCore } from '../../core';
import { parseTraceRequest, runTrace } from '../../trace/trace';
import { parseForwardedCheck } from '../../trace/forward';

export function traceRoutes(app: FastifyInstance, core: AllocatorCore): void {
  // 200 with ok:false when a hop fails (the trace itself ran); 422 names a bad field; 503 when FROM's agent has no channel on any replica.
  app.post('/v1/trace', async (req) => runTrace(core.ctx.view, core.traceForward.runner(core.traceAgents, { authorization: req.headers.authorization, identity: req.identity }), parseTraceRequest(req.body)));
  // local channels only: a forwarded check is never forwarded again
  app.post('/v1/trace/checks', async (req) => {
    const c = parseForwardedCheck(req.body);
    return core.traceAgents.run(c.agentId, c.request, c.timeoutMs);
  });
}
