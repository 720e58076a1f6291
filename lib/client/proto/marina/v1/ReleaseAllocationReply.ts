// Original file: proto/marina/v1/marina.proto


export interface ReleaseAllocationReply {
  'released'?: (boolean);
}

export interface ReleaseAllocationReply__Output {
  'released'?: (boolean);
}
