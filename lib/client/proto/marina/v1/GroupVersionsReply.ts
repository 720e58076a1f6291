// Original file: proto/marina/v1/marina.proto


export interface GroupVersionsReply {
  'versions'?: (string)[];
}

export interface GroupVersionsReply__Output {
  'versions'?: (string)[];
}
