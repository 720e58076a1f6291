/**
 * GET /v2/queue (Marathon's Queue, queue.raml: app or pod, count, delay,
 * since, processedOffersSummary) and DELETE /v2/queue/{appId}/delay (204). Marina
 * has agents, not offers: the summary counts agents considered and
 * rejected, and rejectSummaryLastOffers carries why the app waits.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MarinaError } from '../../../../lib/errors';
import type { AllocatorCore } from '../../core';
import { launchQueue, resetLaunchDelay, type QueuedApp } from '../../deploy/launch-queue';
import { podSpecOf } from '../../../../lib/validation/pod';
import { renderAppDefinition } from './render';
import { renderPod } from './pod-ops';
import { appIdParam } from './body';

/** One GET /v2/queue entry. */
export function renderQueued(q: QueuedApp, now: number): Record<string, unknown> {
  const timeLeftSeconds = Math.max(0, Math.ceil((q.delayUntil - now) / 1000));
  return {
    // a pod is queued as Marathon's QueuePod
    ...(podSpecOf(q.app.labels) ? { pod: renderPod(q.app) } : { app: renderAppDefinition(q.app) }),
    count: q.count,
    delay: { timeLeftSeconds, overdue: timeLeftSeconds === 0 },
    since: q.since,
    processedOffersSummary: {
      processedOffersCount: q.agents,
      unusedOffersCount: q.rejected,
      rejectSummaryLastOffers: [{ reason: q.reason, declined: q.rejected, processed: q.agents }],
    },
  };
}

type Req = FastifyRequest<{ Params: { '*'?: string } }>;

export function queueRoutes(app: FastifyInstance, core: AllocatorCore): void {
  app.get('/v2/queue', async () => {
    const now = Date.now();
    return { queue: launchQueue(core.ctx, now).map((q) => renderQueued(q, now)) };
  });

  app.delete('/v2/queue/*', async (req: Req, reply: FastifyReply) => {
    const m = /^(.+)\/delay\/?$/.exec(req.params['*'] ?? '');
    if (!m) throw new MarinaError('MARINA_ERR_NOT_FOUND', `no route DELETE ${req.url}`);
    await resetLaunchDelay(core.ctx, core.deployer, appIdParam(m[1]));
    return reply.code(204).send();
  });
}
