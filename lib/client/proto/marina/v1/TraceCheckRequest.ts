// Original file: proto/marina/v1/marina.proto


/**
 * `marina trace` (docs/trace.md): the allocator sends check requests down
 * an agent's TraceChecks stream; the agent runs each in its host's or a
 * task's netns and answers with the same id. Params and results are JSON
 * (lib/trace/types.ts). The agent names itself in the `marina-agent-id`
 * metadata; NodeRestriction holds it to its own name.
 */
export interface TraceCheckRequest {
  'id'?: (string);
  /**
   * dns | vip | path | target | probe
   */
  'check'?: (string);
  'paramsJson'?: (string);
}

/**
 * `marina trace` (docs/trace.md): the allocator sends check requests down
 * an agent's TraceChecks stream; the agent runs each in its host's or a
 * task's netns and answers with the same id. Params and results are JSON
 * (lib/trace/types.ts). The agent names itself in the `marina-agent-id`
 * metadata; NodeRestriction holds it to its own name.
 */
export interface TraceCheckRequest__Output {
  'id'?: (string);
  /**
   * dns | vip | path | target | probe
   */
  'check'?: (string);
  'paramsJson'?: (string);
}
