/**
 * The HTTP server (fastify): Marathon /v2, Marina /v1, /ping, /health,
 * /metrics, the cluster map's files under /ui. MarinaErrors become their HTTP status with `{message, code,
 * details?}`; malformed JSON is a 400 MARINA_ERR_BAD_REQUEST, a body that is
 * not JSON a 415 (body-parsers.ts).
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { MarinaError, errorMessage } from '../../../lib/errors';
import type { AllocatorCore } from '../core';
import { jsonBodiesOnly, unsupportedMediaType } from './body-parsers';
import { podRoutes } from './marathon-v2/pods';
import { metricsRoute } from './metrics-json';
import { marathonRoutes } from './marathon-v2/routes';
import { marinaRoutes } from './marina-v1/routes';
import type { ApiAuth } from '../auth/api-auth';
import type { ServingTls } from '../auth/tls';
import { installHttpAuth } from '../auth/http-hooks';
import { tokenRoutes } from '../auth/routes';
import { uiRoutes } from './ui/static';

/** `/health`: degraded while the store is unreachable; when agents may next be judged lost. */
function healthBody(core: AllocatorCore) {
  const store = core.storeHealth.status();
  const judgingFrom = core.liveness.judgingFrom();
  return {
    status: store.healthy ? 'ok' : 'degraded',
    revision: core.ctx.view.revision,
    leader: core.leader.isLeader,
    store: { healthy: store.healthy, since: new Date(store.since).toISOString(), ...(store.error ? { error: store.error } : {}) },
    ...(core.leader.isLeader && judgingFrom !== undefined ? { agentsJudgedFrom: new Date(judgingFrom).toISOString() } : {}),
  };
}

/** Every route registered (from fastify's onRoute), so tests can walk them all. */
export type RouteTable = Array<{ method: string; url: string }>;

export function buildHttp(core: AllocatorCore, auth: ApiAuth, routes: RouteTable = [], tls?: ServingTls): FastifyInstance {
  // With TLS a client certificate is asked for, not required: tokens and Basic work over TLS too.
  const https = tls ? { key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false } : null;
  const app = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024, https }) as unknown as FastifyInstance;
  app.addHook('onRoute', (r) => {
    for (const method of ([] as string[]).concat(r.method)) routes.push({ method, url: r.url });
  });
  const { metrics, log } = core.ctx;

  jsonBodiesOnly(app);

  app.setErrorHandler((err: FastifyError | MarinaError, req, reply) => {
    if (err instanceof MarinaError) {
      if (err.httpStatus >= 500) log.error({ err }, 'request failed');
      return reply.code(err.httpStatus).send(err.toJSON());
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status === 415) return reply.code(415).send(unsupportedMediaType(req.headers['content-type']).toJSON());
    if (status >= 400 && status < 500) {
      const e = new MarinaError('MARINA_ERR_BAD_REQUEST', `Invalid JSON or request: ${errorMessage(err)}`);
      return reply.code(400).send(e.toJSON());
    }
    log.error({ err }, 'request failed');
    return reply.code(500).send(new MarinaError('MARINA_ERR_INTERNAL', errorMessage(err)).toJSON());
  });

  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send(new MarinaError('MARINA_ERR_NOT_FOUND', `no route ${req.method} ${req.url}`).toJSON());
  });

  app.addHook('onResponse', async (req, reply) => {
    metrics.httpRequests.inc({ method: req.method, status: String(reply.statusCode) });
  });

  // Before any route: every route but GET /ping needs credentials (auth/http-policy.ts).
  installHttpAuth(app, core, auth);

  metricsRoute(app, metrics.registry);
  // While the store is away, answers come from the last view: say so (RFC 7234 Warning 110).
  app.addHook('onSend', async (_req, reply, payload) => {
    if (!core.storeHealth.isHealthy) reply.header('warning', '110 - "Response is Stale"');
    return payload;
  });
  app.get('/health', async () => healthBody(core));

  marathonRoutes(app, core);
  podRoutes(app, core);
  marinaRoutes(app, core);
  tokenRoutes(app, auth);
  uiRoutes(app);
  return app;
}
