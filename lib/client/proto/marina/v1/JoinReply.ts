// Original file: proto/marina/v1/marina.proto


export interface JoinReply {
  'certPem'?: (string);
  /**
   * The CA bundle to trust (the current CA, plus the previous one during a rotation).
   */
  'caPem'?: (string);
}

export interface JoinReply__Output {
  'certPem'?: (string);
  /**
   * The CA bundle to trust (the current CA, plus the previous one during a rotation).
   */
  'caPem'?: (string);
}
