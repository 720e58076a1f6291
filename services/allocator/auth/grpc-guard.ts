/**
 * Put a marina.v1 service implementation behind authn/authz: each handler
 * first authenticates the call (the `authorization` metadata, or the client
 * certificate of an mTLS connection) and applies GRPC_POLICY. Starting a
 * service with a method the policy does not name throws.
 */
import * as grpc from '@grpc/grpc-js';
import type { Identity } from '../../../lib/auth/identity';
import type { AllocatorCore } from '../core';
import { toGrpcError } from '../api/grpc/errors';
import type { ApiAuth } from './api-auth';
import { GRPC_POLICY } from './grpc-policy';
import { traceAgentId } from '../api/grpc/trace-checks';

type AnyCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>;

const IDENTITY = Symbol('marina.identity');

/** The identity a guarded call was authenticated as (undefined when auth is off). */
export function callIdentity(call: object): Identity | undefined {
  return (call as Record<symbol, Identity | undefined>)[IDENTITY];
}

/** Authenticate and authorise one call; resolves the identity or rejects with an AuthFailure. */
/** request: what the policy judges (a bidi call has no single request: the guard passes what its metadata names). */
export async function checkCall(auth: ApiAuth, core: AllocatorCore, key: string, call: AnyCall, opts: { allowJoin?: boolean; request?: Record<string, unknown> } = {}): Promise<Identity> {
  const ctx = call.getAuthContext();
  const peer = ctx.sslPeerCertificate;
  const cert = peer ? { subject: peer.subject as unknown as Record<string, string>, authorized: true, validTo: peer.valid_to } : undefined;
  const header = call.metadata.get('authorization')[0];
  const id = await auth.authn.authenticate({ authorization: typeof header === 'string' ? header : undefined, cert }, opts);
  const rule = GRPC_POLICY[key];
  const request = opts.request ?? ((call as { request?: unknown }).request as Record<string, unknown>);
  const denied = rule ? rule(id, request, core) : { reason: 'forbidden' as const, message: `no policy for ${key}` };
  if (denied) auth.authn.fail(denied.reason, denied.message);
  (call as unknown as Record<symbol, Identity>)[IDENTITY] = id;
  return id;
}

export function guardService(
  name: string,
  definition: grpc.ServiceDefinition,
  impl: grpc.UntypedServiceImplementation,
  auth: ApiAuth,
  core: AllocatorCore,
): grpc.UntypedServiceImplementation {
  if (!auth.enabled) return impl;
  const out: grpc.UntypedServiceImplementation = {};
  for (const [method, def] of Object.entries(definition)) {
    const key = `${name}/${method}`;
    if (!(key in GRPC_POLICY)) throw new Error(`gRPC method ${key} has no authorisation policy (services/allocator/auth/grpc-policy.ts)`);
    const handler = impl[method] as (...args: unknown[]) => void;
    if (def.requestStream && def.responseStream) {
      // Bidi (Agents/TraceChecks): judged on the agent id its metadata names.
      out[method] = ((call: grpc.ServerDuplexStream<unknown, unknown>) => {
        checkCall(auth, core, key, call, { request: { agentId: traceAgentId(call) } }).then(
          () => handler(call),
          (err: unknown) => call.emit('error', toGrpcError(err)),
        );
      }) as grpc.handleBidiStreamingCall<unknown, unknown>;
    } else if (def.responseStream) {
      out[method] = ((call: grpc.ServerWritableStream<unknown, unknown>) => {
        checkCall(auth, core, key, call).then(
          () => handler(call),
          (err: unknown) => call.emit('error', toGrpcError(err)),
        );
      }) as grpc.handleServerStreamingCall<unknown, unknown>;
    } else {
      out[method] = ((call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        checkCall(auth, core, key, call, { allowJoin: key === 'Agents/Join' }).then(
          () => handler(call, cb),
          (err: unknown) => cb(toGrpcError(err) as grpc.ServiceError, null),
        );
      }) as grpc.handleUnaryCall<unknown, unknown>;
    }
  }
  return out;
}
