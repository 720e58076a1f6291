/**
 * Trace checks across allocator replicas. An agent keeps its trace channel
 * to one replica (the one its gRPC stream reached); a trace served by
 * another replica runs each check there instead: POST /v1/trace/checks on
 * the holder (channel-registry.ts), over TLS with the cluster CA, carrying
 * the caller's own Authorization header — the holder authenticates and
 * authorises the original caller again (role "trace"), so forwarding grants
 * nothing the caller lacks. A caller with no header (a client certificate)
 * is forwarded under this replica's own certificate with the identity this
 * replica authenticated, which the holder believes only from a replica
 * (auth/replica-peer.ts) and authorises the same way. The holder runs the
 * check only on its own channels: a forwarded check is never forwarded again.
 */
import { Agent, request } from 'undici';
import type { Identity } from '../../../lib/auth/identity';
import { encodeForwardedIdentity, FORWARDED_IDENTITY_HEADER, type ReplicaCert } from '../auth/replica-peer';
import { ERRORS, errorMessage, invalid, MarinaError, type ErrorCode } from '../../../lib/errors';
import type { CheckKind, CheckRequest, CheckResults } from '../../../lib/trace/types';
import type { TraceAgents } from './agent-channels';
import type { ChannelRegistry } from './channel-registry';
import { checkRequestErrors } from './check-request';
import type { CheckRunner } from './trace';

export const FORWARDED_HEADER = 'x-marina-trace-forwarded';

/** Who asked for the trace: their Authorization header, else the identity this replica authenticated (a client certificate). */
export interface Caller {
  authorization?: string;
  identity?: Identity;
}

export class ReplicaForwarder {
  private dispatcher?: Agent;
  /** Connections under this replica's own certificate: only for certificate callers, so a token caller's check reaches a holder that predates replica certificates as before. */
  private peerDispatcher?: Agent;
  private ca?: Buffer;
  private peer?: ReplicaCert;

  constructor(private readonly registry: ChannelRegistry, private readonly replicaId: string) {}

  /**
   * The cluster CA the replicas' serving certificates chain to (undefined: replicas serve plain HTTP),
   * and this replica's own client certificate (replica-peer.ts; undefined: certificate callers are not forwarded).
   */
  setCa(ca: Buffer | undefined, peer?: ReplicaCert): void {
    this.ca = ca;
    this.peer = peer;
    const old = this.dispatcher;
    void this.peerDispatcher?.close().catch(() => undefined);
    this.dispatcher = this.peerDispatcher = undefined;
    void old?.close().catch(() => undefined);
  }

  private agent(asReplica: boolean): Agent {
    if (asReplica && this.ca && this.peer) return (this.peerDispatcher ??= new Agent({ connections: 8, connect: { ca: this.ca, cert: this.peer.cert, key: this.peer.key } }));
    return (this.dispatcher ??= new Agent({ connections: 8, ...(this.ca ? { connect: { ca: this.ca } } : {}) }));
  }

  /** Checks for one trace: local channels first, else the replica holding the agent's channel. */
  runner(local: TraceAgents, caller: Caller): CheckRunner {
    return {
      connected: (agentId) => local.connected(agentId) || this.registry.holder(agentId) !== undefined,
      run: (agentId, req, timeoutMs) => {
        const holder = local.connected(agentId) ? undefined : this.registry.holder(agentId);
        if (!holder) return local.run(agentId, req, timeoutMs);
        return this.forward(holder, caller, agentId, req, timeoutMs);
      },
    };
  }

  /** The caller's own header, else (a certificate caller) the identity this replica vouches for with its certificate. */
  private credentials(caller: Caller, agentId: string, where: string): Record<string, string> {
    // a certificate caller's identity came from the certificate, whatever header it also sent
    if (caller.authorization && caller.identity?.via !== 'cert') return { authorization: caller.authorization };
    if (caller.identity && this.peer && this.ca) return { [FORWARDED_IDENTITY_HEADER]: encodeForwardedIdentity(caller.identity) };
    if (!caller.identity) return {}; // auth is off here: the holder decides
    throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId} has its trace channel on ${where}; this replica has no certificate of its own from the cluster CA (operator-provided TLS) to forward a client-certificate caller with: use a token, or --api that replica`);
  }

  private async forward<K extends CheckKind>(holder: { replicaId: string; http: string }, caller: Caller, agentId: string, req: Extract<CheckRequest, { check: K }>, timeoutMs: number): Promise<CheckResults[K]> {
    const where = `replica ${holder.replicaId} (${holder.http})`;
    const credentials = this.credentials(caller, agentId, where);
    const url = `${this.ca ? 'https' : 'http'}://${holder.http}/v1/trace/checks`;
    let res;
    try {
      res = await request(url, {
        method: 'POST',
        dispatcher: this.agent(FORWARDED_IDENTITY_HEADER in credentials),
        headers: { ...credentials, 'content-type': 'application/json', [FORWARDED_HEADER]: this.replicaId },
        body: JSON.stringify({ agentId, request: req, timeoutMs }),
        headersTimeout: timeoutMs + 2000,
        bodyTimeout: timeoutMs + 2000,
      });
    } catch (err) {
      throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId}: ${where}, which holds its trace channel, did not answer: ${errorMessage(err)}`);
    }
    const text = await res.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId}: ${where} answered ${res.statusCode} with no JSON`);
    }
    if (res.statusCode === 200) return body as CheckResults[K];
    const e = body as { code?: string; message?: string };
    const code: ErrorCode = e.code && e.code in ERRORS ? (e.code as ErrorCode) : 'MARINA_ERR_AGENT_UNAVAILABLE';
    throw new MarinaError(code, `${where}: ${e.message ?? `HTTP ${res.statusCode}`}`);
  }

  close(): void {
    void this.dispatcher?.close().catch(() => undefined);
    void this.peerDispatcher?.close().catch(() => undefined);
    this.dispatcher = this.peerDispatcher = undefined;
  }
}

/** The body of POST /v1/trace/checks (what `forward` sends), every field of the check too (check-request.ts); 422 naming the field otherwise. */
export function parseForwardedCheck(body: unknown): { agentId: string; request: CheckRequest; timeoutMs: number } {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors = [
    ...(typeof b.agentId === 'string' && b.agentId.length > 0 && b.agentId.length <= 253 ? [] : [{ path: '/agentId', errors: ['must be an agent id'] }]),
    ...checkRequestErrors(b.request),
    ...(Number.isInteger(b.timeoutMs) && (b.timeoutMs as number) >= 100 && (b.timeoutMs as number) <= 13_000 ? [] : [{ path: '/timeoutMs', errors: ['must be an integer from 100 to 13000'] }]),
  ];
  if (errors.length > 0) throw invalid(errors);
  return { agentId: b.agentId as string, request: b.request as CheckRequest, timeoutMs: b.timeoutMs as number };
}
