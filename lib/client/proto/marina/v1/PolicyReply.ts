// Original file: proto/marina/v1/marina.proto


export interface PolicyReply {
  'policyJson'?: (string);
  /**
   * e.g. "/x/y uses host networking: ..." (host-mode tasks cannot be isolated).
   */
  'warnings'?: (string)[];
}

export interface PolicyReply__Output {
  'policyJson'?: (string);
  /**
   * e.g. "/x/y uses host networking: ..." (host-mode tasks cannot be isolated).
   */
  'warnings'?: (string)[];
}
