/** Agents.TraceChecks: an agent's trace channel (bidi stream) attached to the allocator's TraceAgents. */
import type * as grpc from '@grpc/grpc-js';
import { TRACE_AGENT_METADATA, type TraceCheckReplyMsg, type TraceCheckRequestMsg } from '../../../../lib/client/grpc-proto';
import { logger } from '../../../../lib/log';
import type { TraceAgents } from '../../trace/agent-channels';

/** The agent id a TraceChecks call names (metadata), '' when none. */
export function traceAgentId(call: { metadata: grpc.Metadata }): string {
  const v = call.metadata.get(TRACE_AGENT_METADATA)[0];
  return typeof v === 'string' ? v : '';
}

export function traceChecksHandler(agents: TraceAgents): grpc.handleBidiStreamingCall<TraceCheckReplyMsg, TraceCheckRequestMsg> {
  const log = logger('allocator');
  return (call) => {
    const agentId = traceAgentId(call);
    if (!agentId) {
      call.emit('error', { code: 3, details: `${TRACE_AGENT_METADATA} metadata is required` });
      return;
    }
    let closed = false;
    const end = () => {
      if (closed) return;
      closed = true;
      call.end();
    };
    const session = agents.attach(agentId, (m) => call.write(m), end);
    call.on('data', (r: TraceCheckReplyMsg) => session.receive(r));
    const gone = () => {
      session.detach();
      end();
    };
    call.on('end', gone);
    call.on('error', gone);
    call.on('cancelled', gone);
    log.debug({ agentId }, 'trace channel open');
  };
}
