// Original file: proto/marina/v1/marina.proto


export interface ReleaseAllocationRequest {
  /**
   * Store key (below the prefix) of an allocation whose task is gone.
   */
  'key'?: (string);
}

export interface ReleaseAllocationRequest__Output {
  /**
   * Store key (below the prefix) of an allocation whose task is gone.
   */
  'key'?: (string);
}
