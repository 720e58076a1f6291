/** POST /v1/trace: `marina trace FROM TO` (docs/trace.md); roles admin and deployer (http-policy.ts). */
import type { FastifyInstance } from 'fastify';
import type { AllocatorCore } from '../../core';
import { parseTraceRequest, runTrace } from '../../trace/trace';

export function traceRoutes(app: FastifyInstance, core: AllocatorCore): void {
  // 200 with ok:false when a hop fails (the trace itself ran); 422 names a bad field; 503 when FROM's agent has no channel.
  app.post('/v1/trace', async (req) => runTrace(core.ctx.view, core.traceAgents, parseTraceRequest(req.body)));
}
