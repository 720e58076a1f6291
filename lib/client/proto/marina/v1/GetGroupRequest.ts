// Original file: proto/marina/v1/marina.proto


export interface GetGroupRequest {
  /**
   * Empty or "/": the root group.
   */
  'id'?: (string);
  'embed'?: (string)[];
}

export interface GetGroupRequest__Output {
  /**
   * Empty or "/": the root group.
   */
  'id'?: (string);
  'embed'?: (string)[];
}
