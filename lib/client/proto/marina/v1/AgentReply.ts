// Original file: proto/marina/v1/marina.proto


export interface AgentReply {
  /**
   * The stored agent (lib/model/cluster.ts Agent, JSON), with bridgeCidr.
   */
  'agentJson'?: (string);
}

export interface AgentReply__Output {
  /**
   * The stored agent (lib/model/cluster.ts Agent, JSON), with bridgeCidr.
   */
  'agentJson'?: (string);
}
