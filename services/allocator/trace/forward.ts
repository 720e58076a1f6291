/**
 * Trace checks across allocator replicas. An agent keeps its trace channel
 * to one replica (the one its gRPC stream reached); a trace served by
 * another replica runs each check there instead: POST /v1/trace/checks on
 * the holder (channel-registry.ts), over TLS with the cluster CA, carrying
 * the caller's own Authorization header — the holder authenticates and
 * authorises the original caller again (role "trace"), so forwarding grants
 * nothing the caller lacks. The holder runs the check only on its own
 * channels: a forwarded check is never forwarded again.
 */
import { Agent, request } from 'undici';
import { ERRORS, errorMessage, invalid, MarinaError, type ErrorCode } from '../../../lib/errors';
import type { CheckKind, CheckRequest, CheckResults } from '../../../lib/trace/types';
import type { TraceAgents } from './agent-channels';
import type { ChannelRegistry } from './channel-registry';
import { checkRequestErrors } from './check-request';
import type { CheckRunner } from './trace';

export const FORWARDED_HEADER = 'x-marina-trace-forwarded';

export class ReplicaForwarder {
  private dispatcher?: Agent;
  private ca?: Buffer;

  constructor(private readonly registry: ChannelRegistry, private readonly replicaId: string) {}

  /** The cluster CA the replicas' serving certificates chain to (undefined: replicas serve plain HTTP). */
  setCa(ca: Buffer | undefined): void {
    this.ca = ca;
    const old = this.dispatcher;
    this.dispatcher = undefined;
    void old?.close().catch(() => undefined);
  }

  private agent(): Agent {
    return (this.dispatcher ??= new Agent({ connections: 8, ...(this.ca ? { connect: { ca: this.ca } } : {}) }));
  }

  /** Checks for one trace: local channels first, else the replica holding the agent's channel. */
  runner(local: TraceAgents, authorization: string | undefined): CheckRunner {
    return {
      connected: (agentId) => local.connected(agentId) || this.registry.holder(agentId) !== undefined,
      run: (agentId, req, timeoutMs) => {
        const holder = local.connected(agentId) ? undefined : this.registry.holder(agentId);
        if (!holder) return local.run(agentId, req, timeoutMs);
        return this.forward(holder, authorization, agentId, req, timeoutMs);
      },
    };
  }

  private async forward<K extends CheckKind>(holder: { replicaId: string; http: string }, authorization: string | undefined, agentId: string, req: Extract<CheckRequest, { check: K }>, timeoutMs: number): Promise<CheckResults[K]> {
    const where = `replica ${holder.replicaId} (${holder.http})`;
    if (!authorization) throw new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId} has its trace channel on ${where}; a caller without an Authorization header (a client certificate) cannot be forwarded there: use a token, or --api that replica`);
    const url = `${this.ca ? 'https' : 'http'}://${holder.http}/v1/trace/checks`;
    let res;
    try {
      res = await request(url, {
        method: 'POST',
        dispatcher: this.agent(),
        headers: { authorization, 'content-type': 'application/json', [FORWARDED_HEADER]: this.replicaId },
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
    this.dispatcher = undefined;
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
