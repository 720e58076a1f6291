/**
 * Fastify hooks that put every route behind authn/authz: onRequest
 * authenticates and checks the role against the matched route's rule
 * (401/403 before any body is read); preHandler checks a deployer's app-id
 * prefixes against the parsed body. Errors use Marathon's `{message}` shape.
 */
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Identity } from '../../../lib/auth/identity';
import type { AllocatorCore } from '../core';
import type { ApiAuth } from './api-auth';
import { AuthFailure, type Presented } from './authenticate';
import { appIdsOf, deniedByPrefix, deniedByRole, routeRule, type RouteRule } from './http-policy';
import { bodyAsksForRoot, rootDenied } from '../../../lib/task-user';
import { maskAppEnvs } from '../../../lib/secrets';
import { underPrefix } from '../../../lib/auth/identity';
import { deploymentOf } from '../deploy/deployments/record';
import { deniedPolicyScope } from './policy-scope';
import { decodeForwardedIdentity, FORWARDED_IDENTITY_HEADER, isReplicaCert, PEER_ROUTE, replicaName } from './replica-peer';
import type { PolicySelector } from '../../../lib/model/policy';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}

/** The client certificate of a TLS request, when one was sent. */
export function presentedCert(socket: unknown): Presented['cert'] {
  const tls = socket as Partial<TLSSocket>;
  if (typeof tls.getPeerCertificate !== 'function') return undefined;
  const cert = tls.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const err = tls.authorizationError;
  return { subject: cert.subject as unknown as Record<string, string>, authorized: tls.authorized === true, validTo: cert.valid_to, ...(err ? { error: String(err) } : {}) };
}

function ruleOf(req: FastifyRequest): RouteRule {
  // Unmatched URLs (404s) still need credentials, so probing reveals nothing.
  return routeRule(req.method, req.routeOptions.url ?? (req.method === 'GET' ? '/' : '/unmatched'));
}

/**
 * The 401 challenge names the schemes this allocator accepts: Basic only
 * when --http-credentials has users, since a browser answers a Basic
 * challenge with a password prompt (the map, docs/ui.md, asks for a token).
 */
function refuse(reply: FastifyReply, err: AuthFailure, basic: boolean): FastifyReply {
  if (err.httpStatus === 401) reply.header('www-authenticate', basic ? 'Basic realm="Marina", Bearer' : 'Bearer realm="Marina"');
  return reply.code(err.httpStatus).send(err.toJSON());
}

export function installHttpAuth(app: FastifyInstance, core: AllocatorCore, auth: ApiAuth): void {
  if (!auth.enabled) return;
  app.decorateRequest('identity', undefined);
  const basic = auth.config.basicUsers.length > 0;
  app.addHook('onRequest', async (req, reply) => {
    const rule = ruleOf(req);
    if (rule === 'open') return;
    try {
      const id = await callerOf(req, auth);
      const denied = deniedByRole(id, rule);
      if (denied) auth.authn.fail('forbidden', denied);
      req.identity = id;
    } catch (err) {
      if (err instanceof AuthFailure) return refuse(reply, err, basic);
      throw err;
    }
  });
  // App env as the user wrote it only to roles that may write the app; others see secret-looking values masked.
  app.addHook('preSerialization', async (req, _reply, payload) => {
    const id = req.identity;
    if (!id || id.role === 'admin') return payload;
    const mayWrite = id.role === 'deployer' ? (appId: string) => underPrefix(appId, id.prefixes ?? []) : () => false;
    return maskAppEnvs(payload, mayWrite);
  });
  app.addHook('preHandler', async (req, reply) => {
    const id = req.identity;
    if (id && ruleOf(req) === 'policy-write' && id.role === 'deployer') {
      // the selector written and, for a replace or delete, the one it replaces
      const stored = core.ctx.view.policies.get((req.params as { id?: string } | undefined)?.id ?? '');
      const denied = deniedPolicyScope(id, [(req.body as { selector?: PolicySelector } | undefined)?.selector, stored?.selector]);
      if (!denied) return;
      try {
        auth.authn.fail('forbidden', denied);
      } catch (err) {
        return refuse(reply, err as AuthFailure, basic);
      }
    }
    const rule = ruleOf(req);
    // logs, read here or forwarded as a trace check, only for deployers of the task's app
    const logsOf = rule === 'task-logs' ? (req.params as { id?: string } | undefined)?.id : rule === 'trace' ? forwardedLogsTask(req.body) : undefined;
    if (id && id.role === 'deployer' && logsOf !== undefined) {
      const appId = core.ctx.view.tasks.get(logsOf)?.appId;
      const denied = appId === undefined ? undefined : deniedByPrefix(id, [appId]);
      if (!denied) return;
      try {
        auth.authn.fail('forbidden', denied);
      } catch (err) {
        return refuse(reply, err as AuthFailure, basic);
      }
    }
    if (!id || rule !== 'app-write') return;
    // tasks run as root only when the app asks and the caller may (lib/task-user.ts)
    let denied = bodyAsksForRoot(req.body) ? rootDenied(id.role) : undefined;
    if (!denied && id.role === 'deployer') {
      const wildcard = (req.params as { '*'?: string } | undefined)?.['*'];
      const ids = appIdsOf(req.routeOptions.url ?? '', wildcard, req.body, (t) => core.ctx.view.tasks.get(t)?.appId);
      // a deployment's revert changes the run specs it deployed
      const deploymentId = (req.params as { id?: string } | undefined)?.id;
      if (req.routeOptions.url === '/v2/deployments/:id' && deploymentId) {
        const d = deploymentOf(core.ctx.view, deploymentId);
        if (d) ids.push(...d.affectedApps, ...d.affectedPods);
      }
      denied = deniedByPrefix(id, ids);
    }
    if (!denied) return;
    try {
      auth.authn.fail('forbidden', denied);
    } catch (err) {
      return refuse(reply, err as AuthFailure, basic);
    }
  });
}

/**
 * Who is calling. A peer replica's certificate (replica-peer.ts) vouches only
 * for the identity it forwards on PEER_ROUTE, else the request's own
 * Authorization counts (the certificate itself is no role); everyone else's
 * FORWARDED_IDENTITY_HEADER is ignored.
 */
async function callerOf(req: FastifyRequest, auth: ApiAuth): Promise<Identity> {
  const cert = presentedCert(req.raw.socket);
  if (!isReplicaCert(cert)) return auth.authn.authenticate({ authorization: req.headers.authorization, cert });
  const forwarded = req.headers[FORWARDED_IDENTITY_HEADER];
  if (typeof forwarded === 'string' && req.method === 'POST' && req.routeOptions.url === PEER_ROUTE) {
    try {
      return decodeForwardedIdentity(forwarded, replicaName(cert));
    } catch (err) {
      auth.authn.fail('malformed', (err as Error).message);
    }
  }
  return auth.authn.authenticate({ authorization: req.headers.authorization });
}

/** The task id of a forwarded `logs` check (POST /v1/trace/checks), else undefined. */
function forwardedLogsTask(body: unknown): string | undefined {
  const r = (body as { request?: { check?: unknown; taskId?: unknown } } | undefined)?.request;
  return r && r.check === 'logs' && typeof r.taskId === 'string' ? r.taskId : undefined;
}
