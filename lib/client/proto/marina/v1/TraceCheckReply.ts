// Original file: proto/marina/v1/marina.proto


export interface TraceCheckReply {
  'id'?: (string);
  'resultJson'?: (string);
  /**
   * Set when the check could not run (result_json is then empty).
   */
  'error'?: (string);
}

export interface TraceCheckReply__Output {
  'id'?: (string);
  'resultJson'?: (string);
  /**
   * Set when the check could not run (result_json is then empty).
   */
  'error'?: (string);
}
