// Original file: proto/marina/v1/marina.proto


export interface PolicyWriteRequest {
  /**
   * Update: the policy to create or replace (the JSON's id, if any, must match).
   */
  'id'?: (string);
  'policyJson'?: (string);
}

export interface PolicyWriteRequest__Output {
  /**
   * Update: the policy to create or replace (the JSON's id, if any, must match).
   */
  'id'?: (string);
  'policyJson'?: (string);
}
