/**
 * The agent's end of `marina trace`: one Agents.TraceChecks stream to the
 * allocator, named by the `marina-agent-id` metadata, reopened with capped
 * backoff whenever it breaks. Each request is a check run by TraceChecks;
 * the reply carries the same id. At most MAX_RUNNING checks run at once
 * (the allocator bounds what it sends too).
 */
import * as grpc from '@grpc/grpc-js';
import { grpcCredentials, makeClient, type GrpcCredentials } from '../../../lib/client/grpc-call';
import { TRACE_AGENT_METADATA, type TraceCheckReplyMsg, type TraceCheckRequestMsg } from '../../../lib/client/grpc-proto';
import { errorMessage } from '../../../lib/errors';
import { logger } from '../../../lib/log';
import type { CheckRequest } from '../../../lib/trace/types';
import type { TraceChecks } from './checks';

const MAX_RUNNING = 16;

export interface TraceChannelOptions {
  address: string;
  agentId: () => string;
  checks: TraceChecks;
  credentials?: GrpcCredentials;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class TraceChannel {
  private readonly client: grpc.Client;
  private call?: grpc.ClientDuplexStream<TraceCheckReplyMsg, TraceCheckRequestMsg>;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private running = 0;
  private backoff: number;
  private readonly log = logger('agent');

  constructor(private readonly opts: TraceChannelOptions) {
    this.client = makeClient('Agents', opts.address, {}, grpcCredentials(opts.credentials));
    this.backoff = opts.minBackoffMs ?? 500;
  }

  start(): void {
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const meta = new grpc.Metadata();
    meta.set(TRACE_AGENT_METADATA, this.opts.agentId());
    const fn = (this.client as unknown as { traceChecks(m: grpc.Metadata): grpc.ClientDuplexStream<TraceCheckReplyMsg, TraceCheckRequestMsg> }).traceChecks;
    const call = fn.call(this.client, meta);
    this.call = call;
    call.on('data', (m: TraceCheckRequestMsg) => {
      this.backoff = this.opts.minBackoffMs ?? 500;
      void this.handle(call, m);
    });
    const again = (err?: grpc.ServiceError) => {
      if (this.call !== call) return;
      this.call = undefined;
      if (this.stopped) return;
      if (err && err.code !== grpc.status.CANCELLED) this.log.debug({ err: err.details || err.message, retryInMs: this.backoff }, 'trace channel broken; reopening');
      this.timer = setTimeout(() => this.connect(), this.backoff);
      this.backoff = Math.min(this.backoff * 2, this.opts.maxBackoffMs ?? 10_000);
    };
    call.on('error', again);
    call.on('end', () => again());
  }

  private async handle(call: grpc.ClientDuplexStream<TraceCheckReplyMsg, TraceCheckRequestMsg>, m: TraceCheckRequestMsg): Promise<void> {
    const reply = (r: Omit<TraceCheckReplyMsg, 'id'>) => {
      if (this.call === call) call.write({ id: m.id, ...r });
    };
    if (this.running >= MAX_RUNNING) return reply({ resultJson: '', error: `agent busy: ${MAX_RUNNING} trace checks running` });
    this.running++;
    try {
      const req = JSON.parse(m.paramsJson) as CheckRequest;
      reply({ resultJson: JSON.stringify(await this.opts.checks.run(req)), error: '' });
    } catch (err) {
      reply({ resultJson: '', error: errorMessage(err) });
    } finally {
      this.running--;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.call?.cancel();
    this.call = undefined;
    this.client.close();
  }
}
