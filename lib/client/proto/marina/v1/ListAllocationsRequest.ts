// Original file: proto/marina/v1/marina.proto


export interface ListAllocationsRequest {
  /**
   * Empty = every kind.
   */
  'kind'?: (string);
  'agentId'?: (string);
  'network'?: (string);
}

export interface ListAllocationsRequest__Output {
  /**
   * Empty = every kind.
   */
  'kind'?: (string);
  'agentId'?: (string);
  'network'?: (string);
}
