/**
 * The allocator's end of the agents' trace channels: each agent keeps one
 * Agents.TraceChecks stream open to the allocator replica it talks to; a
 * trace sends a check request down it and awaits the reply with the same id.
 * Transport-free (the gRPC handler attaches a `send`), so the trace core and
 * its tests need no gRPC. Bounded: at most MAX_PENDING checks per agent.
 */
import { randomUUID } from 'node:crypto';
import { MarinaError, errorMessage } from '../../../lib/errors';
import type { CheckKind, CheckRequest, CheckResults } from '../../../lib/trace/types';

export interface CheckMessage {
  id: string;
  check: string;
  paramsJson: string;
}
export interface CheckReply {
  id: string;
  resultJson: string;
  error: string;
}

const MAX_PENDING = 32;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

class Session {
  readonly pending = new Map<string, Pending>();
  constructor(readonly send: (m: CheckMessage) => void, readonly close: () => void) {}

  failAll(why: string): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', why));
      this.pending.delete(id);
    }
  }
}

/** Told when a channel comes and goes (channel-registry.ts: other replicas find the holder). */
export interface ChannelHooks {
  attached(agentId: string): void;
  detached(agentId: string): void;
}

export class TraceAgents {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly hooks?: ChannelHooks) {}

  /** An agent's stream opened; a second stream of the same agent replaces the first. Returns the stream's handlers. */
  attach(agentId: string, send: (m: CheckMessage) => void, close: () => void): { receive(r: CheckReply): void; detach(): void } {
    const old = this.sessions.get(agentId);
    if (old) {
      old.failAll(`agent ${agentId} reconnected`);
      old.close();
    }
    const s = new Session(send, close);
    this.sessions.set(agentId, s);
    this.hooks?.attached(agentId);
    return {
      receive: (r) => {
        const p = s.pending.get(r.id);
        if (!p) return; // late reply after a timeout
        s.pending.delete(r.id);
        clearTimeout(p.timer);
        if (r.error) return p.reject(new MarinaError('MARINA_ERR_EXEC', r.error));
        try {
          p.resolve(JSON.parse(r.resultJson));
        } catch (err) {
          p.reject(new MarinaError('MARINA_ERR_INTERNAL', `agent ${agentId} sent a malformed check result: ${errorMessage(err)}`));
        }
      },
      detach: () => {
        if (this.sessions.get(agentId) !== s) return;
        this.sessions.delete(agentId);
        this.hooks?.detached(agentId);
        s.failAll(`agent ${agentId} closed its trace channel`);
      },
    };
  }

  connected(agentId: string): boolean {
    return this.sessions.has(agentId);
  }

  /** Run one check on an agent; rejects when it has no channel, is saturated, or does not answer in time. */
  run<K extends CheckKind>(agentId: string, req: Extract<CheckRequest, { check: K }>, timeoutMs: number): Promise<CheckResults[K]> {
    const s = this.sessions.get(agentId);
    if (!s) return Promise.reject(new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId} has no trace channel to this allocator replica, and the store names no other replica holding one (agent down or reconnecting)`));
    if (s.pending.size >= MAX_PENDING) return Promise.reject(new MarinaError('MARINA_ERR_LIMIT_EXCEEDED', `agent ${agentId} already runs ${MAX_PENDING} trace checks`));
    const id = randomUUID();
    return new Promise<CheckResults[K]>((resolve, reject) => {
      const timer = setTimeout(() => {
        s.pending.delete(id);
        reject(new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `agent ${agentId} did not answer the ${req.check} check within ${timeoutMs} ms`));
      }, timeoutMs);
      s.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      try {
        s.send({ id, check: req.check, paramsJson: JSON.stringify(req) });
      } catch (err) {
        s.pending.delete(id);
        clearTimeout(timer);
        reject(new MarinaError('MARINA_ERR_AGENT_UNAVAILABLE', `failed to send the ${req.check} check to agent ${agentId}: ${errorMessage(err)}`));
      }
    });
  }

  /** Close every stream (allocator shutdown). */
  closeAll(): void {
    for (const [id, s] of this.sessions) {
      s.failAll('allocator stopping');
      s.close();
      this.sessions.delete(id);
    }
  }
}
