// Original file: proto/marina/v1/marina.proto


export interface ListPoliciesReply {
  /**
   * One JSON Policy per entry, ordered by id.
   */
  'policiesJson'?: (string)[];
}

export interface ListPoliciesReply__Output {
  /**
   * One JSON Policy per entry, ordered by id.
   */
  'policiesJson'?: (string)[];
}
