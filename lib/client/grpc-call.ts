/**
 * Promise wrappers for grpc-js unary calls, and the client half of the error
 * mapping: a server MarinaError travels as a gRPC status plus metadata
 * (marina-error-code, marina-error-details) and is rebuilt here.
 */
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { resolveClientCredentials } from '../auth/client-config';
import { ERRORS, MarinaError, type ErrorCode, type FieldError } from '../errors';
import { DEFAULT_MAX_GRPC_MESSAGE_BYTES, ERROR_CODE_METADATA, ERROR_DETAILS_METADATA, serviceClient, type ServiceName } from './grpc-proto';

/** Turn a grpc-js error into a MarinaError (the server's code when it sent one). */
export function fromGrpcError(err: grpc.ServiceError): MarinaError {
  const code = err.metadata?.get(ERROR_CODE_METADATA)[0];
  const rawDetails = err.metadata?.get(ERROR_DETAILS_METADATA)[0];
  let details: FieldError[] = [];
  if (typeof rawDetails === 'string') {
    try {
      details = JSON.parse(rawDetails) as FieldError[];
    } catch {
      details = [];
    }
  }
  if (typeof code === 'string' && code in ERRORS) {
    return new MarinaError(code as ErrorCode, err.details || err.message, { details, cause: err });
  }
  if (err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED) {
    return new MarinaError('MARINA_ERR_STORE_UNAVAILABLE', `allocator unavailable: ${err.details || err.message}`, { cause: err });
  }
  return new MarinaError('MARINA_ERR_INTERNAL', `gRPC call failed: ${err.details || err.message}`, { cause: err });
}

/** How a gRPC client proves who it is: a token (metadata) and/or TLS (CA, client cert). */
export interface GrpcCredentials {
  token?: string;
  /** CA PEM path: set → TLS. */
  ca?: string;
  cert?: string;
  key?: string;
  /** Tells clients when cert/key were renewed (an agent's CertRenewal): they reconnect with the new files. */
  renewal?: { subscribe(cb: () => void): () => void };
}

/** Explicit credentials, else MARINA_TOKEN / MARINA_CA / the client config. */
export function grpcCredentials(explicit?: GrpcCredentials): GrpcCredentials {
  if (explicit) return explicit;
  const c = resolveClientCredentials();
  return { token: c.token, ca: c.ca };
}

/** Adds `authorization: Bearer <token>` to every call (works on plain loopback channels too). */
function tokenInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

/**
 * A client for one marina.v1 service on address (host:port). One channel per
 * client, kept open with keepalives: TLS is negotiated once per connection,
 * never per call.
 */
export function makeClient(name: ServiceName, address: string, options: grpc.ChannelOptions = {}, creds: GrpcCredentials = {}): grpc.Client {
  const Ctor = serviceClient(name);
  const channel = creds.ca
    ? grpc.credentials.createSsl(readFileSync(creds.ca), creds.key ? readFileSync(creds.key) : null, creds.cert ? readFileSync(creds.cert) : null)
    : grpc.credentials.createInsecure();
  return new Ctor(address, channel, {
    'grpc.keepalive_time_ms': 10_000,
    'grpc.keepalive_timeout_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
    // the allocator's default --max-grpc-message-bytes, both ways (grpc-js receives 4 MiB by default)
    'grpc.max_receive_message_length': DEFAULT_MAX_GRPC_MESSAGE_BYTES,
    'grpc.max_send_message_length': DEFAULT_MAX_GRPC_MESSAGE_BYTES,
    ...options,
    ...(creds.token ? { interceptors: [tokenInterceptor(creds.token)] } : {}),
  });
}

type UnaryMethod = (
  req: unknown,
  meta: grpc.Metadata,
  opts: grpc.CallOptions,
  cb: (err: grpc.ServiceError | null, res: unknown) => void,
) => grpc.ClientUnaryCall;

/** Call a unary method; rejects with a MarinaError. */
export function unary<Res>(client: grpc.Client, method: string, req: unknown, timeoutMs = 10_000): Promise<Res> {
  const fn = (client as unknown as Record<string, UnaryMethod>)[method];
  if (typeof fn !== 'function') throw new Error(`no gRPC method ${method}`);
  return new Promise<Res>((resolve, reject) => {
    fn.call(client, req, new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(fromGrpcError(err));
      else resolve(res as Res);
    });
  });
}
