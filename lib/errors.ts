/**
 * Marina's error registry. Every error a user can see has a stable code,
 * an HTTP status and a gRPC status, and says whether retrying may help.
 * Foreign errors (etcd, gRPC, exec) are converted where they enter Marina.
 * docs/errors.md lists every code; a unit test keeps the two in step.
 */
import { scrubText } from './secrets';

/** gRPC status codes used by Marina (numeric values from grpc/status.proto). */
export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

interface ErrorSpec {
  httpStatus: number;
  grpcCode: number;
  retryable: boolean;
  summary: string;
}

/** The registry: code → status mapping and a one-line summary for docs/errors.md. */
export const ERRORS = {
  MARINA_ERR_INVALID: { httpStatus: 422, grpcCode: GrpcCode.INVALID_ARGUMENT, retryable: false, summary: 'The request or definition is invalid; details name each field.' },
  MARINA_ERR_BAD_REQUEST: { httpStatus: 400, grpcCode: GrpcCode.INVALID_ARGUMENT, retryable: false, summary: 'The request could not be parsed (for example malformed JSON).' },
  MARINA_ERR_NOT_ACCEPTABLE: { httpStatus: 406, grpcCode: GrpcCode.INVALID_ARGUMENT, retryable: false, summary: 'The Accept header names no media type the endpoint produces (GET /v2/events streams text/event-stream).' },
  MARINA_ERR_UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, grpcCode: GrpcCode.INVALID_ARGUMENT, retryable: false, summary: 'The request body is not application/json (text/plain and form bodies are refused).' },
  MARINA_ERR_LIMIT_EXCEEDED: { httpStatus: 429, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: true, summary: 'A per-client limit is reached (for example open watch streams); the message names the limit option.' },
  MARINA_ERR_NOT_FOUND: { httpStatus: 404, grpcCode: GrpcCode.NOT_FOUND, retryable: false, summary: 'The named app, task, agent, network or allocation does not exist.' },
  MARINA_ERR_CONFLICT: { httpStatus: 409, grpcCode: GrpcCode.ALREADY_EXISTS, retryable: false, summary: 'The object already exists (for example a duplicate app id).' },
  MARINA_ERR_APP_LOCKED: { httpStatus: 409, grpcCode: GrpcCode.FAILED_PRECONDITION, retryable: true, summary: 'A deployment of the app or pod is in flight; wait for it, or override with ?force=true (the body lists the deployments).' },
  MARINA_ERR_PORT_EXHAUSTED: { httpStatus: 409, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: false, summary: 'No free host port on the named agent satisfies the request.' },
  MARINA_ERR_IP_EXHAUSTED: { httpStatus: 409, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: false, summary: 'The named network has no free address or block for the host.' },
  MARINA_ERR_VIP_EXHAUSTED: { httpStatus: 409, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: false, summary: 'The VIP range has no free address.' },
  MARINA_ERR_VIP_CONFLICT: { httpStatus: 409, grpcCode: GrpcCode.ALREADY_EXISTS, retryable: false, summary: 'A fixed VIP address:port is already owned by another app.' },
  MARINA_ERR_SERVICE_PORT_EXHAUSTED: { httpStatus: 409, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: false, summary: 'No free service port in the service-port range, or a fixed one is taken.' },
  MARINA_ERR_NO_AGENT: { httpStatus: 409, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryable: false, summary: 'No live agent satisfies the placement constraints and port needs.' },
  MARINA_ERR_TXN_CONFLICT: { httpStatus: 409, grpcCode: GrpcCode.ABORTED, retryable: true, summary: 'A store transaction lost a race; the operation may be retried.' },
  MARINA_ERR_STORE_UNAVAILABLE: { httpStatus: 503, grpcCode: GrpcCode.UNAVAILABLE, retryable: true, summary: 'The state store cannot be reached.' },
  MARINA_ERR_AGENT_UNAVAILABLE: { httpStatus: 503, grpcCode: GrpcCode.UNAVAILABLE, retryable: true, summary: 'The agent a trace needs has no trace channel to any allocator replica, or did not answer a check in time.' },
  MARINA_ERR_STORE_LOCKED: { httpStatus: 503, grpcCode: GrpcCode.FAILED_PRECONDITION, retryable: false, summary: 'The embedded store data dir is held by another live process.' },
  MARINA_ERR_STORE_PERMISSION: { httpStatus: 500, grpcCode: GrpcCode.PERMISSION_DENIED, retryable: false, summary: 'etcd refused the operation: its user (the CN of --etcd-cert) lacks a role covering the key; see docs/store.md.' },
  MARINA_ERR_COMPACTED: { httpStatus: 410, grpcCode: GrpcCode.OUT_OF_RANGE, retryable: false, summary: 'The requested revision has been compacted; resync from a snapshot.' },
  MARINA_ERR_LEASE_NOT_FOUND: { httpStatus: 404, grpcCode: GrpcCode.NOT_FOUND, retryable: false, summary: 'The lease has expired or was revoked.' },
  MARINA_ERR_CONFIG: { httpStatus: 400, grpcCode: GrpcCode.INVALID_ARGUMENT, retryable: false, summary: 'A flag, environment variable or config file value is invalid.' },
  MARINA_ERR_EXEC: { httpStatus: 500, grpcCode: GrpcCode.INTERNAL, retryable: true, summary: 'An external command (ip, nft, iptables, CNI plugin) failed.' },
  MARINA_ERR_INTERNAL: { httpStatus: 500, grpcCode: GrpcCode.INTERNAL, retryable: false, summary: 'An unexpected internal failure.' },
  MARINA_ERR_TASK_USER: { httpStatus: 422, grpcCode: GrpcCode.FAILED_PRECONDITION, retryable: false, summary: 'The user a task should run as (the app\'s "user", else --default-task-user) does not exist on the agent; the task fails.' },
  MARINA_ERR_AGENT_WIRING: { httpStatus: 500, grpcCode: GrpcCode.FAILED_PRECONDITION, retryable: false, summary: 'The agent cannot wire a task: unknown mode or network, no bridge subnet, or a CNI plugin failed.' },
  MARINA_ERR_UNAUTHENTICATED: { httpStatus: 401, grpcCode: GrpcCode.UNAUTHENTICATED, retryable: false, summary: 'No valid credentials: missing, unknown, expired or revoked token, wrong password, or an untrusted client certificate.' },
  MARINA_ERR_FORBIDDEN: { httpStatus: 403, grpcCode: GrpcCode.PERMISSION_DENIED, retryable: false, summary: "The caller's role (or app-id prefix, or agent name) does not allow this request." },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** One entry of Marathon's 422 `details`: a JSON path and its messages. */
export interface FieldError {
  path: string;
  errors: string[];
}

export class MarinaError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly grpcCode: number;
  readonly retryable: boolean;
  readonly details: FieldError[];

  constructor(code: ErrorCode, message: string, opts: { details?: FieldError[]; cause?: unknown } = {}) {
    // Messages are shown to API clients and logged: whatever looks like a credential is masked (lib/secrets).
    super(scrubText(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'MarinaError';
    const spec: ErrorSpec = ERRORS[code];
    this.code = code;
    this.httpStatus = spec.httpStatus;
    this.grpcCode = spec.grpcCode;
    this.retryable = spec.retryable;
    this.details = (opts.details ?? []).map((d) => ({ path: d.path, errors: d.errors.map(scrubText) }));
  }

  /** Marathon's error body: `{message, details}` (details only when there are any). */
  toJSON(): { message: string; code: ErrorCode; details?: FieldError[] } {
    return this.details.length > 0
      ? { message: this.message, code: this.code, details: this.details }
      : { message: this.message, code: this.code };
  }
}

/** A 422 naming every invalid field, in Marathon's shape. */
export function invalid(details: FieldError[], message = 'Object is not valid'): MarinaError {
  return new MarinaError('MARINA_ERR_INVALID', message, { details });
}

export function isMarinaError(err: unknown, code?: ErrorCode): err is MarinaError {
  return err instanceof MarinaError && (code === undefined || err.code === code);
}

/** The message of any thrown value, for logs and wrapping; anything that looks like a credential masked (lib/secrets). */
export function errorMessage(err: unknown): string {
  return scrubText(err instanceof Error ? err.message : String(err));
}
